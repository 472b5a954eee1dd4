/**
 * `runDoctor`: the preflight an operator runs before the first real unlock. It validates the proxy's
 * configuration exactly as the proxy does (loadConfig), then makes a handful of READ-ONLY calls — GETs,
 * the Organizations user search and a Keycloak token — each bounded by a timeout and never retried, and
 * reports one check per concern with the fix in words, plus what the answers taught about the points
 * Atlassian leaves undocumented. No secret reaches the report: every text passes the redactor that knows
 * the configured keys.
 */
import { createAtlassianClients, createRedactor } from '../atlassian';
import {
  ConfigError,
  configSecrets,
  loadConfig,
  type Env,
  type ProxyConfig,
  type ReadTextFile,
} from '../proxy/config';
import { DEFAULT_PROXY_HOST } from '../proxy/main';
import { learnedFacts } from './domain/learned-facts';
import { bindAddressVerdict, configProblemFix, forgeTrustVerdict } from './domain/local-verdicts';
import { buildReport, type DoctorCheck, type DoctorReport } from './domain/report';
import { observingFetch } from './observe';
import { probeAtlassian } from './probes/atlassian';
import { inspectFile, probeFiles, type InspectFile } from './probes/files';
import { probeJwks } from './probes/jwks';
import { probeKeycloak } from './probes/keycloak';

/** Per upstream call; the doctor reports a slow service rather than waiting on it. */
export const DEFAULT_DOCTOR_TIMEOUT_MS = 10_000;

export interface DoctorDeps {
  /** For the Atlassian APIs and the JWKS (Keycloak goes through its official client). */
  fetch?: typeof globalThis.fetch;
  /** Reads X_FILE variables, as the proxy does. */
  readFile?: ReadTextFile;
  timeoutMs?: number;
  inspectFile?: InspectFile;
}

export async function runDoctor(env: Env, deps: DoctorDeps = {}): Promise<DoctorReport> {
  let config: ProxyConfig;
  try {
    config = deps.readFile ? loadConfig(env, deps.readFile) : loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return buildReport(configFailureChecks(err), []);
  }
  const timeoutMs = deps.timeoutMs ?? DEFAULT_DOCTOR_TIMEOUT_MS;
  const fetchImpl = deps.fetch ?? globalThis.fetch;
  const observed = observingFetch(fetchImpl);
  const clients = createAtlassianClients({
    baseUrl: config.apiBaseUrl,
    orgId: config.orgId,
    orgApiKey: config.orgApiKey,
    scimKeys: Object.fromEntries(config.scimDirectoryKeys),
    listing: config.listing,
    // One attempt: the doctor reports a 429 or a 5xx instead of waiting it out.
    http: { fetch: observed.fetch, onCall: observed.onCall, timeoutMs, retry: { maxAttempts: 1 } },
  });

  const checks: DoctorCheck[] = [configCheck(config)];
  const atlassian = await probeAtlassian(config, clients);
  checks.push(...atlassian.checks);
  checks.push(await probeKeycloak(config.idpSync, timeoutMs));
  checks.push(await probeJwks(config, fetchImpl, timeoutMs));
  checks.push({
    id: 'forge-trust',
    title: 'Forge app trust',
    required: config.forgeAppId !== null,
    variables: [
      'FORGE_APP_ID',
      'FORGE_INSTALLATION_IDS',
      'FORGE_ALLOWED_SITES',
      'FORGE_ALLOWED_ENVIRONMENTS',
    ],
    ...forgeTrustVerdict({
      appId: config.forgeAppId,
      installationIds: config.forgeInstallationIds?.size ?? 0,
      allowedSites: config.forgeAllowedSites?.size ?? 0,
      environments: [...config.forgeAllowedEnvironments].sort(),
      apiTokens: config.apiTokens.size,
    }),
  });
  const host = env.PROXY_HOST?.trim() || DEFAULT_PROXY_HOST;
  checks.push({
    id: 'bind-address',
    title: 'Bind address',
    required: false,
    variables: ['PROXY_HOST', 'PORT'],
    ...bindAddressVerdict(host, config.port),
  });
  checks.push(...probeFiles(config, deps.inspectFile ?? inspectFile));

  const facts = learnedFacts({
    observations: observed.observations,
    scimDirectoriesRead: atlassian.scimDirectoriesRead,
    orgDirectoryIds: atlassian.orgDirectoryIds,
  });
  // Belt and braces: no check text is built from a secret, but upstream codes and paths pass through here.
  const redactor = createRedactor(configSecrets(config));
  const clean = (s: string): string => redactor.string(s);
  return buildReport(
    checks.map((c) => ({ ...c, detail: clean(c.detail), fix: c.fix === null ? null : clean(c.fix) })),
    facts.map((f) => ({ ...f, evidence: clean(f.evidence) })),
  );
}

function configCheck(config: ProxyConfig): DoctorCheck {
  const callers = [
    config.forgeAppId ? 'Forge Invocation Tokens' : null,
    config.apiTokens.size > 0 ? `${config.apiTokens.size} static token(s)` : null,
  ].filter((s) => s !== null);
  return {
    id: 'config',
    title: 'Configuration',
    required: true,
    variables: [],
    status: 'pass',
    detail:
      `Valid: organisation ${config.orgId}, ${config.scimDirectoryKeys.size} SCIM key(s), callers: ${callers.join(' and ')}, ` +
      `IdP sync ${config.idpSync ? 'on' : 'off'}, unlink method ${config.unlinkMethod}.`,
    fix: null,
  };
}

function configFailureChecks(err: ConfigError): DoctorCheck[] {
  const problems: DoctorCheck[] = err.problems.map((p) => ({
    id: `config:${p.variable}`,
    title: `Configuration: ${p.variable}`,
    required: true,
    variables: [p.variable],
    status: 'fail',
    detail: `${p.variable} ${p.message}.`,
    fix: configProblemFix(p.variable, p.message),
  }));
  problems.push({
    id: 'upstream',
    title: 'Upstream checks',
    required: false,
    variables: [],
    status: 'skip',
    detail: 'Not run: the configuration must be valid first.',
    fix: null,
  });
  return problems;
}
