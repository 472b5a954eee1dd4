import { z } from 'zod';
import type { Clock } from './clock';
import { ForgeRuntimeError } from './errors';
import type { FitSigner } from './fit-signer';
import type { EntityDefinition, LocalKvs } from './kvs/local-kvs';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A base URL without a trailing slash; plain http only on loopback (the simulator, a local proxy). */
const BaseUrl = z
  .string()
  .refine((raw) => {
    try {
      const u = new URL(raw);
      return (
        (u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.has(u.hostname))) && u.search === ''
      );
    } catch {
      return false;
    }
  }, 'must be an https URL (http only on loopback) without a query')
  .transform((raw) => raw.replace(/\/+$/, ''));

const DataOptions = z.object({
  jira: z.object({
    baseUrl: BaseUrl,
    cloudId: z.string().regex(/^[A-Za-z0-9-]{1,128}$/),
    appToken: z.string().min(1),
    siteUrl: z.string().url().optional(),
  }),
  // Remote keys are manifest keys: letters, digits, "_" and "-", at most 23 characters.
  remotes: z.record(z.string().regex(/^[a-zA-Z0-9_-]{1,23}$/), z.object({ baseUrl: BaseUrl })).default({}),
  appId: z.string().regex(/^ari:cloud:ecosystem::app\/[^\s/]+$/, 'must be an app ARI'),
  installationId: z.string().regex(/^(ari:cloud:ecosystem::installation\/)?[A-Za-z0-9_-]{1,128}$/),
  environment: z
    .object({ id: z.string().min(1), type: z.enum(['DEVELOPMENT', 'STAGING', 'PRODUCTION']) })
    .default({ id: 'local', type: 'DEVELOPMENT' }),
  appVersion: z.string().min(1).default('1.0.0'),
  permissions: z
    .object({
      scopes: z.array(z.string()).default([]),
      external: z.record(z.string(), z.unknown()).default({}),
    })
    .optional(),
});

export interface ForgeRuntimeOptions {
  jira: {
    /** The simulator's URL: Jira is reached at `${baseUrl}/ex/jira/${cloudId}${path}`. */
    baseUrl: string;
    cloudId: string;
    /** Bearer token for `asApp()` requests. */
    appToken: string;
    /** Bearer token of a user for `asUser()` requests; undefined → the request is refused. */
    tokenFor(accountId: string): string | undefined;
    /** Reported to resolvers as `context.siteUrl`. */
    siteUrl?: string;
  };
  /** Forge Remote targets of `invokeRemote(remoteKey, ...)`, keyed by the manifest's remote key. */
  remotes?: Record<string, { baseUrl: string }>;
  fit: FitSigner;
  /** The app ARI (`ari:cloud:ecosystem::app/<uuid>`); the FIT audience. */
  appId: string;
  /** Bare id or installation ARI; FITs carry the ARI form. */
  installationId: string;
  environment?: { id: string; type: 'DEVELOPMENT' | 'STAGING' | 'PRODUCTION' };
  appVersion?: string;
  /** Reported by `getAppContext().permissions`. */
  permissions?: { scopes?: string[]; external?: Record<string, unknown> };
  /** Defaults to a fresh store on the runtime's clock, holding `entities`. */
  kvs?: LocalKvs;
  /** The manifest's custom entities (`readAppManifest().entities`) for the default store. */
  entities?: readonly EntityDefinition[];
  clock?: Clock;
}

export type ResolvedOptions = z.infer<typeof DataOptions> & {
  tokenFor: (accountId: string) => string | undefined;
  installationAri: string;
  installationBareId: string;
  appBareId: string;
};

export function resolveOptions(opts: ForgeRuntimeOptions): ResolvedOptions {
  const parsed = DataOptions.safeParse({
    jira: {
      baseUrl: opts.jira?.baseUrl,
      cloudId: opts.jira?.cloudId,
      appToken: opts.jira?.appToken,
      siteUrl: opts.jira?.siteUrl,
    },
    remotes: opts.remotes,
    appId: opts.appId,
    installationId: opts.installationId,
    environment: opts.environment,
    appVersion: opts.appVersion,
    permissions: opts.permissions,
  });
  if (!parsed.success) {
    // Paths only: values may be tokens.
    const where = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ForgeRuntimeError('INVALID_OPTIONS', `Invalid Forge runtime options: ${where}`);
  }
  if (typeof opts.jira.tokenFor !== 'function' || typeof opts.fit?.sign !== 'function') {
    throw new ForgeRuntimeError(
      'INVALID_OPTIONS',
      'Invalid Forge runtime options: jira.tokenFor and fit are required',
    );
  }
  const d = parsed.data;
  const installationBareId = d.installationId.replace(/^ari:cloud:ecosystem::installation\//, '');
  return {
    ...d,
    tokenFor: opts.jira.tokenFor,
    installationAri: `ari:cloud:ecosystem::installation/${installationBareId}`,
    installationBareId,
    appBareId: d.appId.replace(/^ari:cloud:ecosystem::app\//, ''),
  };
}
