import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ACCOUNT_ID_PATTERN, DIRECTORY_ID_PATTERN, Email, UnlinkMethod } from '../contract/proxy';
import { DEFAULT_WALK_BOUNDS, type WalkBounds } from '../lib/walk-budget';
import {
  CLOUD_ID_PATTERN,
  DEFAULT_ALLOWED_ENVIRONMENTS,
  environmentTypeOf,
  FORGE_ENVIRONMENT_TYPES,
  installationAri,
  type ForgeEnvironmentType,
} from './auth/forge-identity';

/**
 * Proxy configuration from the environment, validated once at start.
 *
 * Formats (documented here because operators write them by hand):
 * - Maps (SCIM_DIRECTORY_KEYS, PROXY_API_TOKENS) are JSON objects: `{"<directory id>":"<scim key>"}`,
 *   `{"<token name>":"<token>"}`. JSON rather than `a=b,c=d` because keys and tokens may contain `=` or `,`.
 * - Lists (FORGE_INSTALLATION_IDS, FORGE_ALLOWED_SITES, FORGE_ALLOWED_ENVIRONMENTS, PROTECTED_ACCOUNTS,
 *   ALLOWED_DIRECTORIES) are comma-separated; surrounding whitespace and empty entries are ignored.
 * - Every variable X may instead be given as X_FILE, a path whose contents (trailing newline trimmed)
 *   are the value. Setting both is an error, so it is never ambiguous which one is in force.
 * - ALLOWED_DIRECTORIES unset means every directory may be touched.
 * - At least one way to authenticate callers is required: FORGE_APP_ID (Forge Invocation Tokens) and/or
 *   PROXY_API_TOKENS (static bearer tokens for the CLI and automation).
 * - With FORGE_APP_ID, FORGE_INSTALLATION_IDS and/or FORGE_ALLOWED_SITES is required: every installation
 *   of an app (any site, any developer's environment) holds tokens for the same audience, so the app id
 *   alone would let all of them act as org admins here. Installation ids are compared as ARIs (the bare
 *   id `forge install list` prints is accepted too). FORGE_ALLOWED_ENVIRONMENTS defaults to production.
 * - IdP offboarding (POST /v1/idp/sync) is on when KEYCLOAK_URL, KEYCLOAK_REALM, KEYCLOAK_CLIENT_ID and
 *   KEYCLOAK_CLIENT_SECRET are all set; setting only some of them, or an IDP_SYNC_* variable without
 *   them, is an error. IDP_SYNC_STATE_FILE defaults to idp-sync-state.json next to AUDIT_LOG_FILE;
 *   IDP_SYNC_REACTIVATE=true needs one of the two, since reactivation relies on that record.
 *   IDP_SYNC_MAX_REACTIVATIONS defaults to the deactivation cap in force. IDP_RUN_MAX_SECONDS
 *   (default 1800) bounds a background run (POST /v1/idp/runs).
 * - BATCH_STATE_DIR (batch unlock jobs, one JSON file each) defaults to `batches/` next to
 *   AUDIT_LOG_FILE; with neither, the batch routes answer 501. BATCH_KEEP_FINISHED (default 100,
 *   1–10000) caps the finished batches kept there: the oldest finished ones are deleted first, a running
 *   one never.
 * - LISTING_MAX_PAGES and LISTING_MAX_SECONDS bound every walk over upstream pages (Org v2, SCIM,
 *   Keycloak); APIs that report a total get a tighter page bound derived from it.
 */

export const DEFAULT_API_BASE_URL = 'https://api.atlassian.com';
export const DEFAULT_FORGE_JWKS_URL = 'https://forge.cdn.prod.atlassian-dev.net/.well-known/jwks.json';
/** Where the proxy listens when PORT is not set (the local sandbox uses the same default). */
export const DEFAULT_PORT = 4020;
/** Static tokens are compared as secrets; short ones are guessable, so a floor is enforced. */
export const MIN_API_TOKEN_LENGTH = 32;

export interface ProtectedAccounts {
  accountIds: ReadonlySet<string>;
  /** Lower-cased, compared case-insensitively. */
  emails: ReadonlySet<string>;
}

export const DEFAULT_IDP_SYNC_MAX_DEACTIVATIONS = 10;
/** A background IdP run stops at an account boundary after this long (IDP_RUN_MAX_SECONDS). */
export const DEFAULT_IDP_RUN_MAX_SECONDS = 1800;
export const IDP_SYNC_STATE_FILE_NAME = 'idp-sync-state.json';
export const BATCH_STATE_DIR_NAME = 'batches';
/** Finished batches kept for status and reports: each is at most 1,000 account results. */
export const DEFAULT_BATCH_KEEP_FINISHED = 100;

export interface IdpSyncConfig {
  keycloak: { url: string; realm: string; clientId: string; clientSecret: string };
  maxDeactivations: number;
  /** Reactivations a run may make; defaults to the deactivation cap. */
  maxReactivations: number;
  reactivate: boolean;
  /** Null: records are kept in memory only (reactivation is then off). */
  stateFile: string | null;
  /** A background run (POST /v1/idp/runs) stops at an account boundary after this many seconds. */
  maxRunSeconds: number;
}

export interface ProxyConfig {
  orgId: string;
  orgApiKey: string;
  /** No trailing slash. */
  apiBaseUrl: string;
  scimDirectoryKeys: ReadonlyMap<string, string>;
  /** Null when Forge Invocation Tokens are not accepted (static tokens only). */
  forgeAppId: string | null;
  forgeJwksUrl: string;
  /** Installation ARIs; null: not checked (FORGE_ALLOWED_SITES is then set, whenever FORGE_APP_ID is). */
  forgeInstallationIds: ReadonlySet<string> | null;
  /** Cloud ids; null: not checked (FORGE_INSTALLATION_IDS is then set, whenever FORGE_APP_ID is). */
  forgeAllowedSites: ReadonlySet<string> | null;
  /** Default `production` only. */
  forgeAllowedEnvironments: ReadonlySet<ForgeEnvironmentType>;
  apiTokens: ReadonlyMap<string, string>;
  protectedAccounts: ProtectedAccounts;
  /** Null means every directory is allowed. */
  allowedDirectories: ReadonlySet<string> | null;
  unlinkMethod: UnlinkMethod;
  port: number;
  auditLogFile: string | null;
  /** Null when Keycloak is not configured: POST /v1/idp/sync answers 501. */
  idpSync: IdpSyncConfig | null;
  /** Ceiling of pages and time of every walk over upstream pages. */
  listing: WalkBounds;
  /** Where batch jobs are kept; null when neither BATCH_STATE_DIR nor AUDIT_LOG_FILE is set (501). */
  batchStateDir: string | null;
  /** Finished batches kept (BATCH_KEEP_FINISHED); older finished ones are deleted. */
  batchKeepFinished: number;
}

export interface ConfigProblem {
  variable: string;
  message: string;
}

/** Names the variables at fault and why; never contains a value, since any of them may be a secret. */
export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[];
  constructor(problems: readonly ConfigProblem[]) {
    super(`Invalid configuration: ${problems.map((p) => `${p.variable} ${p.message}`).join('; ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
  get variables(): string[] {
    return this.problems.map((p) => p.variable);
  }
}

export type Env = Readonly<Record<string, string | undefined>>;
export type ReadTextFile = (path: string) => string;

const readUtf8: ReadTextFile = (path) => readFileSync(path, 'utf8');

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https everywhere; plain http only on loopback, where the simulator and tests run. */
const serviceUrl = z.string().transform((raw, ctx) => {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be a URL' });
    return z.NEVER;
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && LOOPBACK_HOSTS.has(u.hostname))) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be an https URL (http is allowed only for loopback hosts)',
    });
    return z.NEVER;
  }
  if (u.username !== '' || u.password !== '' || u.search !== '' || u.hash !== '') {
    ctx.addIssue({ code: 'custom', message: 'must not contain credentials, a query or a fragment' });
    return z.NEVER;
  }
  return raw.replace(/\/+$/, '');
});

const nonBlank = z.string().trim().min(1, 'must not be empty');
const orgId = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be 1-128 letters, digits, "_" or "-"');
const forgeAppId = z
  .string()
  .regex(
    /^ari:cloud:ecosystem::app\/[A-Za-z0-9-]{1,128}$/,
    'must be an app ARI (ari:cloud:ecosystem::app/<id>)',
  );
const tokenName = /^[A-Za-z0-9._-]{1,64}$/;

function commaList(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function jsonStringMap(keyPattern: RegExp, keyRule: string, valueRule: z.ZodType<string>) {
  return z.string().transform((raw, ctx) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      // The JSON parser's message can quote the input, which may be a secret: report the rule only.
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object of strings' });
      return z.NEVER;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object of strings' });
      return z.NEVER;
    }
    const out = new Map<string, string>();
    for (const [k, v] of Object.entries(parsed)) {
      if (!keyPattern.test(k)) {
        ctx.addIssue({ code: 'custom', message: `has a key that ${keyRule}` });
        return z.NEVER;
      }
      const value = valueRule.safeParse(v);
      if (!value.success) {
        ctx.addIssue({
          code: 'custom',
          message: `has a bad value for "${k}": ${value.error.issues[0]?.message}`,
        });
        return z.NEVER;
      }
      out.set(k, value.data);
    }
    return out;
  });
}

const secretValue = z
  .string({ error: 'must be a string' })
  .min(1, 'must not be empty')
  .max(4096, 'is too long')
  .refine((s) => !/\s/.test(s), 'must not contain whitespace');

const scimKeys = jsonStringMap(DIRECTORY_ID_PATTERN, 'is not a directory id', secretValue);
const apiTokens = jsonStringMap(
  tokenName,
  'is not a token name (1-64 letters, digits, ".", "_" or "-")',
  secretValue.refine(
    (s) => s.length >= MIN_API_TOKEN_LENGTH,
    `must be at least ${MIN_API_TOKEN_LENGTH} characters`,
  ),
).refine((m) => new Set(m.values()).size === m.size, 'must not give two names the same token');

const installationIds = z
  .string()
  .transform(commaList)
  .pipe(
    z
      .array(
        z
          .string()
          .regex(/^[A-Za-z0-9:/_.-]{1,256}$/, 'has an invalid installation id')
          .transform(installationAri),
      )
      .min(1, 'is empty'),
  );

const cloudIds = z
  .string()
  .transform(commaList)
  .pipe(
    z
      .array(z.string().regex(CLOUD_ID_PATTERN, 'has an entry that is not a cloud id (letters, digits, "-")'))
      .min(1, 'is empty'),
  );

const environmentTypes = z
  .string()
  .transform(commaList)
  .pipe(
    z
      .array(
        z.string().transform((raw, ctx) => {
          const type = environmentTypeOf(raw);
          if (type === null) {
            ctx.addIssue({
              code: 'custom',
              message: `has an entry that is not a Forge environment type (${FORGE_ENVIRONMENT_TYPES.join(', ')})`,
            });
            return z.NEVER;
          }
          return type;
        }),
      )
      .min(1, 'is empty'),
  );

const protectedAccounts = z.string().transform((raw, ctx): ProtectedAccounts => {
  const accountIds = new Set<string>();
  const emails = new Set<string>();
  for (const entry of commaList(raw)) {
    if (entry.includes('@')) {
      if (!Email.safeParse(entry).success) {
        ctx.addIssue({ code: 'custom', message: 'has an entry that is neither an account id nor an email' });
        return z.NEVER;
      }
      emails.add(entry.toLowerCase());
    } else if (ACCOUNT_ID_PATTERN.test(entry)) {
      accountIds.add(entry);
    } else {
      ctx.addIssue({ code: 'custom', message: 'has an entry that is neither an account id nor an email' });
      return z.NEVER;
    }
  }
  return { accountIds, emails };
});

const directoryList = z
  .string()
  .transform(commaList)
  .pipe(z.array(z.string().regex(DIRECTORY_ID_PATTERN, 'has an invalid directory id')).min(1, 'is empty'));

const port = z
  .string()
  .regex(/^\d{1,5}$/, 'must be a port number')
  .transform(Number)
  .pipe(z.number().int().min(0, 'must be 0-65535').max(65535, 'must be 0-65535'));

const keycloakName = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,255}$/, 'must be 1-255 letters, digits, ".", "_" or "-"');
const boolFlag = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true');
const perRunCap = z
  .string()
  .regex(/^\d{1,5}$/, 'must be a whole number')
  .transform(Number)
  .pipe(z.number().int().min(0).max(10_000, 'must be at most 10000'));

const runSeconds = z
  .string()
  .regex(/^\d{1,5}$/, 'must be a whole number of seconds')
  .transform(Number)
  .pipe(z.number().int().min(60, 'must be at least 60').max(86_400, 'must be at most 86400'));

const listingPages = z
  .string()
  .regex(/^\d{1,6}$/, 'must be a whole number')
  .transform(Number)
  .pipe(z.number().int().min(1, 'must be at least 1').max(100_000, 'must be at most 100000'));
const batchKeep = z
  .string()
  .regex(/^\d{1,5}$/, 'must be a whole number')
  .transform(Number)
  .pipe(z.number().int().min(1, 'must be at least 1').max(10_000, 'must be at most 10000'));
const listingSeconds = z
  .string()
  .regex(/^\d{1,5}$/, 'must be a whole number of seconds')
  .transform(Number)
  .pipe(z.number().int().min(1, 'must be at least 1').max(3600, 'must be at most 3600'));

interface VarSpec<T> {
  schema: z.ZodType<T, string>;
  secret: boolean;
}

const VARS = {
  ATLASSIAN_ORG_ID: { schema: orgId, secret: false },
  ATLASSIAN_ORG_API_KEY: { schema: secretValue, secret: true },
  ATLASSIAN_API_BASE_URL: { schema: serviceUrl, secret: false },
  SCIM_DIRECTORY_KEYS: { schema: scimKeys, secret: true },
  FORGE_APP_ID: { schema: forgeAppId, secret: false },
  FORGE_JWKS_URL: { schema: serviceUrl, secret: false },
  FORGE_INSTALLATION_IDS: { schema: installationIds, secret: false },
  FORGE_ALLOWED_SITES: { schema: cloudIds, secret: false },
  FORGE_ALLOWED_ENVIRONMENTS: { schema: environmentTypes, secret: false },
  PROXY_API_TOKENS: { schema: apiTokens, secret: true },
  PROTECTED_ACCOUNTS: { schema: protectedAccounts, secret: false },
  ALLOWED_DIRECTORIES: { schema: directoryList, secret: false },
  UNLINK_METHOD: { schema: UnlinkMethod, secret: false },
  PORT: { schema: port, secret: false },
  AUDIT_LOG_FILE: { schema: nonBlank, secret: false },
  KEYCLOAK_URL: { schema: serviceUrl, secret: false },
  KEYCLOAK_REALM: { schema: keycloakName, secret: false },
  KEYCLOAK_CLIENT_ID: { schema: keycloakName, secret: false },
  KEYCLOAK_CLIENT_SECRET: { schema: secretValue, secret: true },
  IDP_SYNC_MAX_DEACTIVATIONS: { schema: perRunCap, secret: false },
  IDP_SYNC_MAX_REACTIVATIONS: { schema: perRunCap, secret: false },
  IDP_SYNC_REACTIVATE: { schema: boolFlag, secret: false },
  IDP_SYNC_STATE_FILE: { schema: nonBlank, secret: false },
  IDP_RUN_MAX_SECONDS: { schema: runSeconds, secret: false },
  BATCH_STATE_DIR: { schema: nonBlank, secret: false },
  BATCH_KEEP_FINISHED: { schema: batchKeep, secret: false },
  LISTING_MAX_PAGES: { schema: listingPages, secret: false },
  LISTING_MAX_SECONDS: { schema: listingSeconds, secret: false },
} satisfies Record<string, VarSpec<unknown>>;

type VarName = keyof typeof VARS;
type VarValue<N extends VarName> = z.output<(typeof VARS)[N]['schema']>;

/** Names of the variables whose values are secrets, for redaction and error messages. */
export const SECRET_VARIABLES: readonly VarName[] = (Object.keys(VARS) as VarName[]).filter(
  (n) => VARS[n].secret,
);

function describeIssue(issue: z.core.$ZodIssue, secret: boolean): string {
  // Zod messages for enums and literals can echo the received value; for secrets keep only the rule.
  if (secret && issue.code !== 'custom' && issue.code !== 'too_small' && issue.code !== 'too_big') {
    return 'is invalid';
  }
  return issue.message;
}

/**
 * Reads and validates the whole configuration, collecting every problem before failing so an operator
 * fixes them in one go.
 */
export function loadConfig(env: Env, readFile: ReadTextFile = readUtf8): ProxyConfig {
  const problems: ConfigProblem[] = [];

  function raw(name: VarName): string | undefined {
    const plain = env[name];
    const fileVar = `${name}_FILE`;
    const file = env[fileVar];
    if (plain !== undefined && file !== undefined) {
      problems.push({ variable: name, message: `and ${fileVar} are both set; set only one` });
      return undefined;
    }
    if (file !== undefined) {
      try {
        return readFile(file).replace(/\r?\n$/, '');
      } catch {
        problems.push({ variable: fileVar, message: 'names a file that cannot be read' });
        return undefined;
      }
    }
    return plain === '' ? undefined : plain;
  }

  function read<N extends VarName>(name: N, required: boolean): VarValue<N> | undefined {
    const value = raw(name);
    if (value === undefined) {
      if (required && !problems.some((p) => p.variable.startsWith(name))) {
        problems.push({ variable: name, message: 'is required' });
      }
      return undefined;
    }
    const spec: VarSpec<VarValue<N>> = VARS[name] as unknown as VarSpec<VarValue<N>>;
    const result = spec.schema.safeParse(value);
    if (!result.success) {
      const first = result.error.issues[0];
      problems.push({ variable: name, message: first ? describeIssue(first, spec.secret) : 'is invalid' });
      return undefined;
    }
    return result.data;
  }

  const cfgOrgId = read('ATLASSIAN_ORG_ID', true);
  const cfgOrgKey = read('ATLASSIAN_ORG_API_KEY', true);
  const cfgBaseUrl = read('ATLASSIAN_API_BASE_URL', false) ?? DEFAULT_API_BASE_URL;
  const cfgScimKeys = read('SCIM_DIRECTORY_KEYS', false) ?? new Map<string, string>();
  const cfgAppId = read('FORGE_APP_ID', false) ?? null;
  const cfgJwks = read('FORGE_JWKS_URL', false) ?? DEFAULT_FORGE_JWKS_URL;
  const cfgInstallations = read('FORGE_INSTALLATION_IDS', false);
  const cfgSites = read('FORGE_ALLOWED_SITES', false);
  const cfgEnvironments = read('FORGE_ALLOWED_ENVIRONMENTS', false);
  const cfgTokens = read('PROXY_API_TOKENS', false) ?? new Map<string, string>();
  const cfgProtected = read('PROTECTED_ACCOUNTS', false) ?? { accountIds: new Set(), emails: new Set() };
  const cfgAllowed = read('ALLOWED_DIRECTORIES', false);
  const cfgMethod = read('UNLINK_METHOD', false) ?? 'unlink';
  const cfgPort = read('PORT', false) ?? DEFAULT_PORT;
  const cfgAudit = read('AUDIT_LOG_FILE', false) ?? null;
  const cfgListingPages = read('LISTING_MAX_PAGES', false) ?? DEFAULT_WALK_BOUNDS.maxPages;
  const cfgListingSeconds = read('LISTING_MAX_SECONDS', false);
  const cfgBatchDir = read('BATCH_STATE_DIR', false) ?? null;
  const cfgBatchKeep = read('BATCH_KEEP_FINISHED', false) ?? DEFAULT_BATCH_KEEP_FINISHED;

  const authProblem = ['FORGE_APP_ID', 'PROXY_API_TOKENS'].some((n) =>
    problems.some((p) => p.variable.startsWith(n)),
  );
  if (!authProblem && cfgAppId === null && cfgTokens.size === 0) {
    problems.push({
      variable: 'FORGE_APP_ID',
      message: 'or PROXY_API_TOKENS must be set, otherwise no caller could authenticate',
    });
  }
  readForgeTrust(problems, {
    appId: cfgAppId,
    given: {
      FORGE_INSTALLATION_IDS: cfgInstallations,
      FORGE_ALLOWED_SITES: cfgSites,
      FORGE_ALLOWED_ENVIRONMENTS: cfgEnvironments,
    },
  });

  const idpSync = readIdpSync(read, problems, cfgAudit);

  if (problems.length > 0 || cfgOrgId === undefined || cfgOrgKey === undefined) {
    throw new ConfigError(problems);
  }
  return {
    orgId: cfgOrgId,
    orgApiKey: cfgOrgKey,
    apiBaseUrl: cfgBaseUrl,
    scimDirectoryKeys: cfgScimKeys,
    forgeAppId: cfgAppId,
    forgeJwksUrl: cfgJwks,
    forgeInstallationIds: cfgInstallations ? new Set(cfgInstallations) : null,
    forgeAllowedSites: cfgSites ? new Set(cfgSites) : null,
    forgeAllowedEnvironments: cfgEnvironments ? new Set(cfgEnvironments) : DEFAULT_ALLOWED_ENVIRONMENTS,
    apiTokens: cfgTokens,
    protectedAccounts: cfgProtected,
    allowedDirectories: cfgAllowed ? new Set(cfgAllowed) : null,
    unlinkMethod: cfgMethod,
    port: cfgPort,
    auditLogFile: cfgAudit,
    idpSync,
    batchStateDir:
      cfgBatchDir ?? (cfgAudit === null ? null : path.join(path.dirname(cfgAudit), BATCH_STATE_DIR_NAME)),
    batchKeepFinished: cfgBatchKeep,
    listing: {
      maxPages: cfgListingPages,
      maxDurationMs:
        cfgListingSeconds === undefined ? DEFAULT_WALK_BOUNDS.maxDurationMs : cfgListingSeconds * 1000,
    },
  };
}

/** How an operator finds each value; part of the start-up error, since that is where it is needed. */
export const INSTALLATION_IDS_HINT =
  'the installation id is the "Installation ID" column of `forge install list` (the bare id or its ari:cloud:ecosystem::installation/… form)';
export const ALLOWED_SITES_HINT =
  'a site\'s cloud id is the "cloudId" that https://<site>.atlassian.net/_edge/tenant_info answers';

const FORGE_TRUST_VARS = [
  'FORGE_INSTALLATION_IDS',
  'FORGE_ALLOWED_SITES',
  'FORGE_ALLOWED_ENVIRONMENTS',
] as const;

/**
 * FIT trust: with FORGE_APP_ID an installation or site allowlist is required (the app id alone admits
 * every installation of the app); without it the allowlists would have nothing to restrict.
 */
function readForgeTrust(
  problems: ConfigProblem[],
  input: {
    appId: string | null;
    given: Record<(typeof FORGE_TRUST_VARS)[number], unknown>;
  },
): void {
  const faulty = (n: string) => problems.some((p) => p.variable.startsWith(n));
  if (faulty('FORGE_APP_ID')) return;
  if (input.appId === null) {
    for (const n of FORGE_TRUST_VARS) {
      if (input.given[n] !== undefined)
        problems.push({ variable: n, message: 'is set but FORGE_APP_ID is not' });
    }
    return;
  }
  const pinning = ['FORGE_INSTALLATION_IDS', 'FORGE_ALLOWED_SITES'] as const;
  const pinned = pinning.some((n) => input.given[n] !== undefined || faulty(n));
  if (!pinned) {
    problems.push({
      variable: 'FORGE_INSTALLATION_IDS',
      message:
        'or FORGE_ALLOWED_SITES is required when FORGE_APP_ID is set, otherwise every installation of the app ' +
        `(any site, any developer's environment) could act as an org admin here: ${INSTALLATION_IDS_HINT}; ${ALLOWED_SITES_HINT}`,
    });
  }
}

const KEYCLOAK_VARS = [
  'KEYCLOAK_URL',
  'KEYCLOAK_REALM',
  'KEYCLOAK_CLIENT_ID',
  'KEYCLOAK_CLIENT_SECRET',
] as const;
const IDP_SYNC_VARS = [
  'IDP_SYNC_MAX_DEACTIVATIONS',
  'IDP_SYNC_MAX_REACTIVATIONS',
  'IDP_SYNC_REACTIVATE',
  'IDP_SYNC_STATE_FILE',
  'IDP_RUN_MAX_SECONDS',
] as const;

/** The Keycloak group is all-or-nothing, so a half-configured sync can never run against the wrong realm. */
function readIdpSync(
  read: <N extends VarName>(name: N, required: boolean) => VarValue<N> | undefined,
  problems: ConfigProblem[],
  auditLogFile: string | null,
): IdpSyncConfig | null {
  const url = read('KEYCLOAK_URL', false);
  const realm = read('KEYCLOAK_REALM', false);
  const clientId = read('KEYCLOAK_CLIENT_ID', false);
  const clientSecret = read('KEYCLOAK_CLIENT_SECRET', false);
  const max = read('IDP_SYNC_MAX_DEACTIVATIONS', false);
  const maxBack = read('IDP_SYNC_MAX_REACTIVATIONS', false);
  const reactivate = read('IDP_SYNC_REACTIVATE', false);
  const stateFile = read('IDP_SYNC_STATE_FILE', false);
  const maxRunSeconds = read('IDP_RUN_MAX_SECONDS', false);
  const faulty = (n: string) => problems.some((p) => p.variable.startsWith(n));
  const given = {
    KEYCLOAK_URL: url,
    KEYCLOAK_REALM: realm,
    KEYCLOAK_CLIENT_ID: clientId,
    KEYCLOAK_CLIENT_SECRET: clientSecret,
  };
  const present = KEYCLOAK_VARS.filter((n) => given[n] !== undefined || faulty(n));
  if (present.length === 0) {
    const stray = {
      IDP_SYNC_MAX_DEACTIVATIONS: max,
      IDP_SYNC_MAX_REACTIVATIONS: maxBack,
      IDP_SYNC_REACTIVATE: reactivate,
      IDP_SYNC_STATE_FILE: stateFile,
      IDP_RUN_MAX_SECONDS: maxRunSeconds,
    };
    for (const n of IDP_SYNC_VARS) {
      if (stray[n] !== undefined)
        problems.push({
          variable: n,
          message:
            'is set but Keycloak is not configured (KEYCLOAK_URL, KEYCLOAK_REALM, KEYCLOAK_CLIENT_ID, KEYCLOAK_CLIENT_SECRET)',
        });
    }
    return null;
  }
  for (const n of KEYCLOAK_VARS) {
    if (!present.includes(n))
      problems.push({ variable: n, message: 'is required when any KEYCLOAK_* variable is set' });
  }
  const file =
    stateFile ??
    (auditLogFile === null ? null : path.join(path.dirname(auditLogFile), IDP_SYNC_STATE_FILE_NAME));
  if (reactivate === true && file === null && !faulty('IDP_SYNC_STATE_FILE')) {
    problems.push({
      variable: 'IDP_SYNC_STATE_FILE',
      message:
        'or AUDIT_LOG_FILE is required when IDP_SYNC_REACTIVATE is true (reactivation relies on the record of what the sync deactivated)',
    });
  }
  if (url === undefined || realm === undefined || clientId === undefined || clientSecret === undefined)
    return null;
  return {
    keycloak: { url, realm, clientId, clientSecret },
    maxDeactivations: max ?? DEFAULT_IDP_SYNC_MAX_DEACTIVATIONS,
    // As low as the deactivation cap unless said otherwise: a bad listing must not undo more than it may do.
    maxReactivations: maxBack ?? max ?? DEFAULT_IDP_SYNC_MAX_DEACTIVATIONS,
    reactivate: reactivate ?? false,
    stateFile: file,
    maxRunSeconds: maxRunSeconds ?? DEFAULT_IDP_RUN_MAX_SECONDS,
  };
}

/** Every secret value in the configuration, for value-based redaction in logs and audit lines. */
export function configSecrets(config: ProxyConfig): string[] {
  return [
    config.orgApiKey,
    ...config.scimDirectoryKeys.values(),
    ...config.apiTokens.values(),
    ...(config.idpSync ? [config.idpSync.keycloak.clientSecret] : []),
  ];
}
