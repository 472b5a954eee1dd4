import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { ACCOUNT_ID_PATTERN } from '../../contract/proxy';
import type { Actor } from './actor';
import {
  checkSites,
  DEFAULT_ALLOWED_ENVIRONMENTS,
  environmentTypeOf,
  installationAri,
  sitesNamed,
  type ForgeEnvironmentType,
} from './forge-identity';

export const FIT_ISSUER = 'forge/invocation-token';
/** Forge and the proxy run on different clocks; a small skew must not reject fresh tokens. */
export const FIT_CLOCK_TOLERANCE_SECONDS = 30;

const CloudIdClaim = z.string().min(1).max(256);
const UrlClaim = z.string().min(1).max(2048);

/**
 * The FIT claims the proxy relies on, as Atlassian's "Forge Remote essentials" lists them: `app.id`,
 * `app.installationId`, `app.appVersion` (the older `app.version` is deprecated and gone, so nothing
 * reads it), `app.environment.{type,id}`, `app.apiBaseUrl`, `app.installation.contexts[]`, optional
 * `context.cloudId` (frontend invocations) and `principal` (the user's account id for user-initiated
 * calls — a string, or an object in some payload versions). Other claims pass through unread.
 * Installation contexts are documented as `{name, apiBaseUrl}` and typed by @forge/api as
 * `{cloudId, workspaceId}`; both shapes are accepted (see forge-identity.ts `sitesNamed`).
 */
const FitClaims = z.object({
  app: z.object({
    id: z.string().min(1),
    installationId: z.string().min(1).max(256),
    appVersion: z.string().min(1).max(64).optional(),
    apiBaseUrl: UrlClaim.optional(),
    environment: z.object({ type: z.string().min(1).max(64), id: z.string().min(1).max(512) }),
    installation: z
      .object({
        contexts: z
          .array(z.object({ cloudId: CloudIdClaim.optional(), apiBaseUrl: UrlClaim.optional() }))
          .max(50)
          .optional(),
      })
      .optional(),
  }),
  context: z.object({ cloudId: CloudIdClaim.optional() }).optional(),
  principal: z
    .union([
      z.string().regex(ACCOUNT_ID_PATTERN),
      z.object({ accountId: z.string().regex(ACCOUNT_ID_PATTERN) }),
    ])
    .optional(),
  icLabel: z.unknown().optional(),
});

export type FitRejection =
  'invalid' | 'expired' | 'installation-not-allowed' | 'environment-not-allowed' | 'site-not-allowed';

/** Why a FIT was refused; `reason` is safe to show, the token itself is never kept. */
export class FitRejectedError extends Error {
  readonly reason: FitRejection;
  constructor(reason: FitRejection, why: string) {
    super(`Forge Invocation Token rejected: ${why}`);
    this.name = 'FitRejectedError';
    this.reason = reason;
  }
}

/**
 * The signing keys could not be fetched (JWKS endpoint down, slow or answering garbage). That is an
 * outage, not a bad token: callers get a 503 so they retry instead of treating the user as unauthorised.
 */
export class FitKeysUnavailableError extends Error {
  constructor() {
    super('Forge signing keys are unavailable');
    this.name = 'FitKeysUnavailableError';
  }
}

// jose raises the generic error for a non-200 JWKS answer; the others are explicit.
const KEY_SOURCE_FAILURES = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JWKS_INVALID', 'ERR_JOSE_GENERIC']);

export interface FitVerifierOptions {
  /** The app ARI; the FIT audience. */
  appId: string;
  /** Key source: `remoteJwks(url)` in production, a local JWKS in tests. */
  keys: JWTVerifyGetKey;
  /** Installation ARIs (see forge-identity.ts `installationAri`); null: not checked. */
  installationIds: ReadonlySet<string> | null;
  /** Cloud ids; null: not checked. At least one of the two allowlists is required. */
  allowedSites: ReadonlySet<string> | null;
  /** Environment types accepted; default production only. */
  allowedEnvironments?: ReadonlySet<ForgeEnvironmentType>;
  clockToleranceSeconds?: number;
}

export type FitVerifier = (token: string) => Promise<Actor>;

/** JWKS fetched on demand and cached; an unknown `kid` triggers a refetch, rate-limited by jose. */
export function remoteJwks(url: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(url), {
    timeoutDuration: 5000,
    cooldownDuration: 30_000,
    cacheMaxAge: 600_000,
  });
}

export function createFitVerifier(opts: FitVerifierOptions): FitVerifier {
  // Every installation of an app shares its audience, so the app id alone would admit any site and any
  // developer's environment: refusing to build such a verifier keeps that from ever being configured.
  if (opts.installationIds === null && opts.allowedSites === null) {
    throw new Error('A Forge Invocation Token verifier needs an installation or a site allowlist');
  }
  const installations =
    opts.installationIds === null ? null : new Set([...opts.installationIds].map(installationAri));
  const environments = opts.allowedEnvironments ?? DEFAULT_ALLOWED_ENVIRONMENTS;

  return async (token) => {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, opts.keys, {
        algorithms: ['RS256'],
        issuer: FIT_ISSUER,
        audience: opts.appId,
        clockTolerance: opts.clockToleranceSeconds ?? FIT_CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp'],
      }));
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw new FitRejectedError('expired', 'expired');
      if (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === 'nbf') {
        throw new FitRejectedError('expired', 'not valid yet');
      }
      if (!(err instanceof joseErrors.JOSEError) || KEY_SOURCE_FAILURES.has(err.code)) {
        throw new FitKeysUnavailableError();
      }
      throw new FitRejectedError('invalid', err.code);
    }

    const claims = FitClaims.safeParse(payload);
    if (!claims.success) throw new FitRejectedError('invalid', 'claims missing or malformed');
    const { app, context, principal, icLabel } = claims.data;
    // Isolated Cloud signs with its own key set and labels its tokens; this proxy trusts only the
    // commercial cloud's, so a labelled token is refused whatever key it verified with.
    if (icLabel !== undefined)
      throw new FitRejectedError('invalid', 'Isolated Cloud tokens are not supported');
    if (app.id !== opts.appId) throw new FitRejectedError('invalid', 'app.id does not match the audience');

    const environment = environmentTypeOf(app.environment.type);
    if (environment === null || !environments.has(environment)) {
      throw new FitRejectedError('environment-not-allowed', 'environment not allowed');
    }
    const installationId = installationAri(app.installationId);
    if (installations !== null && !installations.has(installationId)) {
      throw new FitRejectedError('installation-not-allowed', 'installation not allowed');
    }
    const contexts = app.installation?.contexts ?? [];
    const sites = sitesNamed({
      contextCloudId: context?.cloudId,
      installationCloudIds: contexts.flatMap((c) => (c.cloudId === undefined ? [] : [c.cloudId])),
      apiBaseUrls: [app.apiBaseUrl, ...contexts.map((c) => c.apiBaseUrl)].filter(
        (u): u is string => u !== undefined,
      ),
    });
    if (opts.allowedSites !== null && checkSites(sites, opts.allowedSites) !== 'allowed') {
      throw new FitRejectedError('site-not-allowed', 'site not allowed');
    }

    const accountId = typeof principal === 'string' ? principal : principal?.accountId;
    return {
      kind: 'forge',
      id: accountId ?? `installation:${installationId}`,
      installationId,
      ...(context?.cloudId === undefined ? {} : { cloudId: context.cloudId }),
      forge: { environment, appVersion: app.appVersion ?? null, sites },
    };
  };
}
