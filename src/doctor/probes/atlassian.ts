/**
 * The Atlassian checks, each one read: the org key lists directories; each SCIM key reads one user of its
 * directory; one managed account (found by a user search) is read through the SCIM link API and the
 * user-management API. The calls run one after another: few, and ordered for the observations.
 */
import type { AtlassianClients, OrgDirectory } from '../../atlassian';
import { DEFAULT_API_BASE_URL, type ProxyConfig } from '../../proxy/config';
import type { DoctorCheck } from '../domain/report';
import { upstreamVerdict, type ProbeSubject, type Verdict } from '../domain/upstream-verdict';
import { atlassianOutcome } from './outcome';

const ORG_KEY = 'ATLASSIAN_ORG_API_KEY';
const NEW_ORG_KEY =
  'create an org API key without scopes in admin.atlassian.com → Settings → API keys (keys expire after at most a year)';

// Atlassian documents the org key for these endpoints while one client library sends the directory's
// SCIM key; a refusal here is exactly what the learned facts record.
const LINKS_REFUSED =
  `The SCIM link API refused ${ORG_KEY}, which it is documented to accept: check the key belongs to organisation ` +
  `ATLASSIAN_ORG_ID and has no scopes (${NEW_ORG_KEY}); if it still fails, report it as an issue.`;

function baseUrlVariable(config: ProxyConfig): string {
  return config.apiBaseUrl === DEFAULT_API_BASE_URL
    ? `ATLASSIAN_API_BASE_URL (unset: ${DEFAULT_API_BASE_URL})`
    : 'ATLASSIAN_API_BASE_URL';
}

function orgSubject(config: ProxyConfig, service: string): ProbeSubject {
  return {
    service,
    locationVariable: baseUrlVariable(config),
    onRefused: `${ORG_KEY} was refused: ${NEW_ORG_KEY}, and set it (or ${ORG_KEY}_FILE).`,
    onForbidden: `Check ATLASSIAN_ORG_ID: ${ORG_KEY} may not read that organisation; the id is the one in admin.atlassian.com/o/<id>/… of the organisation the key was created in.`,
    onNotFound: `Check ATLASSIAN_ORG_ID: it is the id in admin.atlassian.com/o/<id>/…, of the organisation the key was created in.`,
  };
}

function check(
  id: string,
  title: string,
  variables: string[],
  verdict: Verdict,
  required = true,
): DoctorCheck {
  return { id, title, required, variables, ...verdict };
}

async function attempt<T>(run: () => Promise<T>) {
  try {
    return { ok: true as const, value: await run() };
  } catch (err) {
    return { ok: false as const, outcome: atlassianOutcome(err) };
  }
}

export interface AtlassianProbeResult {
  checks: DoctorCheck[];
  /** Null when the listing failed. */
  orgDirectoryIds: string[] | null;
  scimDirectoriesRead: string[];
}

export async function probeAtlassian(
  config: ProxyConfig,
  clients: AtlassianClients,
): Promise<AtlassianProbeResult> {
  const checks: DoctorCheck[] = [];

  // 1. The org key: one page of directories (an org has a handful; the first page shows the key works).
  const listing = await attempt(() => clients.org.listDirectories({ limit: 100 }));
  const directories: OrgDirectory[] = listing.ok ? listing.value.data : [];
  const complete = listing.ok && listing.value.nextCursor === undefined;
  let orgVerdict = upstreamVerdict(
    listing.ok ? { kind: 'ok' } : listing.outcome,
    orgSubject(config, 'The Organizations API'),
    `Organisation ${config.orgId}: ${directories.length} director${directories.length === 1 ? 'y' : 'ies'} listed${complete ? '' : ' (first page)'}.`,
  );
  const listedIds = new Set(directories.map((d) => d.directoryId));
  const unknownAllowed = [...(config.allowedDirectories ?? [])].filter((d) => !listedIds.has(d));
  if (orgVerdict.status === 'pass' && complete && unknownAllowed.length > 0) {
    orgVerdict = {
      status: 'warn',
      detail: `${orgVerdict.detail} ALLOWED_DIRECTORIES names ${unknownAllowed.join(', ')}, which the organisation does not list.`,
      fix: 'Correct ALLOWED_DIRECTORIES: use the directory ids the Organizations API lists (admin.atlassian.com → Directory).',
    };
  }
  checks.push(
    check('org-key', 'Org API key', ['ATLASSIAN_ORG_ID', ORG_KEY, 'ATLASSIAN_API_BASE_URL'], orgVerdict),
  );

  // 2. Each SCIM key: one user of its directory.
  const nameOf = (id: string) => directories.find((d) => d.directoryId === id)?.name;
  const scimRead: string[] = [];
  for (const directoryId of clients.scimDirectoryIds) {
    const name = nameOf(directoryId);
    const label = name ? `${name} (${directoryId})` : directoryId;
    const read = await attempt(() => clients.scim(directoryId).listUsers({ count: 1 }));
    if (read.ok) scimRead.push(directoryId);
    const verdict = upstreamVerdict(
      read.ok ? { kind: 'ok' } : read.outcome,
      {
        service: `The SCIM API for directory ${label}`,
        locationVariable: baseUrlVariable(config),
        onRefused:
          `The SCIM key of directory ${directoryId} in SCIM_DIRECTORY_KEYS was refused: regenerate it in admin.atlassian.com → ` +
          'Security → Identity providers → your directory → SCIM (the key is shown once) and update SCIM_DIRECTORY_KEYS.',
        onNotFound: `Check the directory id ${directoryId} in SCIM_DIRECTORY_KEYS: it is the id in the directory's SCIM base URL (…/scim/directory/<id>).`,
      },
      read.ok ? `Directory ${label}: SCIM key accepted, ${read.value.totalResults} SCIM user(s).` : '',
    );
    checks.push(
      check(
        `scim-key:${directoryId}`,
        `SCIM key for ${name ?? directoryId}`,
        ['SCIM_DIRECTORY_KEYS'],
        verdict,
      ),
    );
  }

  // 3. One managed account to read through the link and user-management APIs.
  const sampleDir =
    clients.scimDirectoryIds.find((d) => listedIds.has(d)) ?? directories[0]?.directoryId ?? undefined;
  const linkVars = ['ATLASSIAN_ORG_ID', ORG_KEY];
  if (!listing.ok || sampleDir === undefined) {
    const why = !listing.ok ? 'the org key check failed' : 'the organisation lists no directory';
    const skipped = { status: 'skip' as const, detail: `Not run: ${why}.`, fix: null };
    checks.push(check('scim-links', 'SCIM link API', linkVars, skipped));
    checks.push(check('user-management', 'User-management API', linkVars, skipped));
    return { checks, orgDirectoryIds: listing.ok ? [...listedIds] : null, scimDirectoriesRead: scimRead };
  }
  const search = await attempt(() =>
    clients.org.searchUsers(sampleDir, { limit: 1, claimStatus: 'managed' }),
  );
  const account = search.ok ? search.value.data[0]?.accountId : undefined;
  if (!search.ok || account === undefined) {
    const verdict: Verdict = search.ok
      ? {
          status: 'warn',
          detail: `No managed account in directory ${sampleDir} to read, so this API was not exercised.`,
          fix: 'Run the doctor again once the directory has a managed account (a user of a verified domain).',
        }
      : upstreamVerdict(search.outcome, orgSubject(config, 'The Organizations user search'), '');
    checks.push(check('scim-links', 'SCIM link API', linkVars, verdict));
    checks.push(check('user-management', 'User-management API', linkVars, verdict));
    return { checks, orgDirectoryIds: [...listedIds], scimDirectoriesRead: scimRead };
  }

  const links = await attempt(() => clients.scimLinks.getScimLinks(account));
  checks.push(
    check(
      'scim-links',
      'SCIM link API',
      linkVars,
      upstreamVerdict(
        links.ok ? { kind: 'ok' } : links.outcome,
        {
          ...orgSubject(config, 'The SCIM link API'),
          onRefused: LINKS_REFUSED,
          onForbidden: LINKS_REFUSED,
        },
        links.ok ? `Accepted the org key; a managed account has ${links.value.length} SCIM link(s).` : '',
      ),
    ),
  );

  const manage = await attempt(() => clients.userManagement.getManage(account));
  checks.push(
    check(
      'user-management',
      'User-management API',
      linkVars,
      upstreamVerdict(
        manage.ok ? { kind: 'ok' } : manage.outcome,
        {
          ...orgSubject(config, 'The user-management API'),
          onForbidden:
            `${ORG_KEY} may not manage users: keys created with scopes are refused here (they lack manage:org); ` +
            `${NEW_ORG_KEY}, and set it.`,
        },
        manage.ok ? 'Accepted the org key; read the privileges of a managed account.' : '',
      ),
    ),
  );
  return { checks, orgDirectoryIds: [...listedIds], scimDirectoriesRead: scimRead };
}
