import type { AtlassianClients } from '../../atlassian/clients/create-clients';
import type { OrgUser as UpstreamOrgUser } from '../../atlassian/clients/org-schemas';
import type { ScanItem, ScanRequest } from '../../contract/proxy';
import { scanClassify } from './domain/confidence';
import { toAccountView, toScimLinkView, type Membership } from '../accounts/domain/snapshot';
import type { DirectoryCatalogue, DirectoryInfo } from '../upstream/directory-catalogue';
import { mapConcurrent } from '../../lib/map-concurrent';
import { decodeScanCursor, encodeScanCursor } from './scan-cursor';
import type { SnapshotReader } from '../upstream/snapshot-reader';
import { toDomainUser, toMembershipStatus } from '../upstream/upstream-mapping';

export interface ScannerDeps {
  clients: AtlassianClients;
  reader: SnapshotReader;
  catalogue: DirectoryCatalogue;
  /** Parallel per-candidate reads; bounded so one scan page cannot flood the upstream. */
  concurrency: number;
}

export interface ScanPage {
  items: ScanItem[];
  nextCursor: string | null;
}

/** The Org search accepts at most 10 account ids per request. */
const ACCOUNT_IDS_PER_SEARCH = 10;

/**
 * One page of the scan for accounts SCIM probably deactivated, on the cheapest path the APIs allow:
 *
 * 1. one Org v2 search over all directories for inactive *managed* accounts (SCIM deactivates only
 *    accounts the org manages, so unmanaged ones cannot be candidates) — one page of `limit`;
 * 2. `get-scim-links` for each candidate on that page — there is no batch link API, so it is one call
 *    per candidate, and only for candidates, never for the whole org;
 * 3. SCIM `GET /Users/{id}` for each link whose directory key the proxy holds (never a walk of the
 *    SCIM directory);
 * 4. for the flagged items only, and only when the org has more than one directory, their membership
 *    per directory (one search per directory per 10 accounts): the all-directories search reports a
 *    single combined status, which cannot say which directory an account is suspended in.
 *
 * Items with confidence high or medium are returned; `low` means the evidence points elsewhere (an IdP
 * that still reports the user active, or no link left), which is not worth flagging.
 */
export function createScanner(deps: ScannerDeps) {
  const { clients, reader, catalogue } = deps;

  async function membershipsOf(
    users: readonly UpstreamOrgUser[],
    dirs: readonly DirectoryInfo[],
  ): Promise<Map<string, Membership[]>> {
    const out = new Map<string, Membership[]>(users.map((u) => [u.accountId, []]));
    const only = dirs.length === 1 ? dirs[0] : undefined;
    if (only !== undefined) {
      // With one directory the combined status is that directory's status.
      for (const u of users) {
        const status = toMembershipStatus(u.membershipStatus);
        if (status !== 'no_membership') {
          out
            .get(u.accountId)
            ?.push({ directoryId: only.directoryId, directoryName: only.name, membershipStatus: status });
        }
      }
      return out;
    }
    const ids = users.map((u) => u.accountId);
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += ACCOUNT_IDS_PER_SEARCH)
      chunks.push(ids.slice(i, i + ACCOUNT_IDS_PER_SEARCH));
    const searches = dirs.flatMap((d) => chunks.map((chunk) => ({ dir: d, chunk })));
    const pages = await mapConcurrent(searches, deps.concurrency, async ({ dir, chunk }) => ({
      dir,
      page: await clients.org.searchUsers(dir.directoryId, {
        accountIds: chunk,
        limit: ACCOUNT_IDS_PER_SEARCH,
      }),
    }));
    // Directory order, not completion order, so the answer is deterministic.
    for (const dir of dirs) {
      for (const { page } of pages.filter((p) => p.dir === dir)) {
        for (const u of page.data) {
          const status = toMembershipStatus(u.membershipStatus);
          if (status !== 'no_membership') {
            out
              .get(u.accountId)
              ?.push({ directoryId: dir.directoryId, directoryName: dir.name, membershipStatus: status });
          }
        }
      }
    }
    return out;
  }

  return async function scan(request: ScanRequest): Promise<ScanPage> {
    const orgCursor = request.cursor === undefined ? undefined : decodeScanCursor(request.cursor);
    const dirs = await catalogue.list();
    const page = await clients.org.searchUsers('-', {
      accountStatus: ['inactive'],
      claimStatus: 'managed',
      limit: request.limit,
      ...(orgCursor === undefined ? {} : { cursor: orgCursor }),
    });
    const candidates = page.data.filter((u) => u.accountStatus === 'inactive');
    const judged = await mapConcurrent(candidates, deps.concurrency, async (upstream) => {
      const user = toDomainUser(upstream);
      const links = await clients.scimLinks.getScimLinks(user.accountId);
      const scimLinks = links.length === 0 ? [] : await reader.readLinks(links);
      return { upstream, user, scimLinks, verdict: scanClassify({ user, scimLinks }) };
    });
    const flagged = judged.filter(
      (j) => j.verdict.confidence === 'high' || j.verdict.confidence === 'medium',
    );
    const memberships = await membershipsOf(
      flagged.map((f) => f.upstream),
      dirs,
    );
    const items: ScanItem[] = flagged.map((f) => {
      const account = toAccountView({
        accountId: f.user.accountId,
        user: f.user,
        memberships: memberships.get(f.user.accountId) ?? [],
        scimLinks: f.scimLinks,
        enablement: null,
      });
      if (account === null || f.verdict.confidence === null)
        throw new Error('a flagged scan item lost its account');
      return {
        account,
        scimLinks: f.scimLinks.map(toScimLinkView),
        reason: f.verdict.reason,
        confidence: f.verdict.confidence,
      };
    });
    return { items, nextCursor: page.nextCursor === undefined ? null : encodeScanCursor(page.nextCursor) };
  };
}
