/**
 * What a Forge Invocation Token says about where a call comes from — installation, environment, site —
 * in the forms the proxy's configuration and its checks share. Pure: no I/O, no token handling.
 */

/**
 * Forge's environment types. The FIT carries them upper case in `app.environment.type` (`DEVELOPMENT`,
 * `STAGING`, `PRODUCTION`); configuration and audit use the lower-case names the Forge CLI prints.
 * Every development environment — including one any app contributor creates — has the type
 * `development`, so allowing that type allows all of them.
 */
export const FORGE_ENVIRONMENT_TYPES = ['production', 'staging', 'development'] as const;
export type ForgeEnvironmentType = (typeof FORGE_ENVIRONMENT_TYPES)[number];

/** The one environment accepted when FORGE_ALLOWED_ENVIRONMENTS is not set. */
export const DEFAULT_ALLOWED_ENVIRONMENTS: ReadonlySet<ForgeEnvironmentType> = new Set(['production']);

export function environmentTypeOf(raw: string): ForgeEnvironmentType | null {
  const lower = raw.toLowerCase();
  return (FORGE_ENVIRONMENT_TYPES as readonly string[]).includes(lower)
    ? (lower as ForgeEnvironmentType)
    : null;
}

export const INSTALLATION_ARI_PREFIX = 'ari:cloud:ecosystem::installation/';

/**
 * FITs name the installation by its ARI; `forge install list` prints the bare id. Both forms are
 * accepted in configuration and compared as ARIs, so either copy-paste works.
 */
export function installationAri(id: string): string {
  return id.startsWith('ari:') ? id : `${INSTALLATION_ARI_PREFIX}${id}`;
}

/** A cloud id (site id): a UUID in practice, as https://<site>.atlassian.net/_edge/tenant_info shows it. */
export const CLOUD_ID_PATTERN = /^[A-Za-z0-9-]{1,128}$/;

/** `https://api.atlassian.com/ex/<product>/<cloudId>`, the documented form of every `apiBaseUrl`. */
const API_BASE_URL_SITE = /^https?:\/\/[^/?#]+\/ex\/[a-z-]+\/([A-Za-z0-9-]{1,128})\/?$/;

/** The site-related claims of a FIT, already shape-checked. */
export interface SiteClaims {
  /** `context.cloudId`: documented for frontend invocations. */
  contextCloudId?: string | undefined;
  /** `app.installation.contexts[].cloudId`, where the token carries it. */
  installationCloudIds: readonly string[];
  /** `app.apiBaseUrl` and `app.installation.contexts[].apiBaseUrl`. */
  apiBaseUrls: readonly string[];
}

/**
 * The sites a token names. Atlassian documents `context.cloudId` (frontend invocations only: "when
 * invoked from a backend function, no context is currently provided") and `app.installation.contexts`
 * (entries documented as `{name, apiBaseUrl}`, while @forge/api types the same contexts as
 * `{cloudId, workspaceId}`). Both shapes are accepted: explicit cloud ids first; only when the token
 * carries none is the site read from the documented `apiBaseUrl` claims, whose path ends in the cloud
 * id. Every claim here is signed by Atlassian, so a derived id is as trustworthy as an explicit one;
 * an `apiBaseUrl` of any other form names no site (and a site allowlist then refuses the token).
 */
export function sitesNamed(claims: SiteClaims): string[] {
  const explicit = new Set<string>();
  if (claims.contextCloudId !== undefined) explicit.add(claims.contextCloudId);
  for (const id of claims.installationCloudIds) explicit.add(id);
  if (explicit.size > 0) return [...explicit];
  const derived = new Set<string>();
  for (const url of claims.apiBaseUrls) {
    const m = API_BASE_URL_SITE.exec(url);
    if (m?.[1] !== undefined) derived.add(m[1]);
  }
  return [...derived];
}

export type SiteVerdict = 'allowed' | 'no-site' | 'other-site';

/** Every named site must be allowed, and at least one must be named. */
export function checkSites(named: readonly string[], allowed: ReadonlySet<string>): SiteVerdict {
  if (named.length === 0) return 'no-site';
  return named.every((s) => allowed.has(s)) ? 'allowed' : 'other-site';
}
