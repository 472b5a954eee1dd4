import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { ACCOUNT_ID_PATTERN } from '../../contract';
import type { Actor } from './actor';

export const FIT_ISSUER = 'forge/invocation-token';
/** Forge and the proxy run on different clocks; a small skew must not reject fresh tokens. */
export const FIT_CLOCK_TOLERANCE_SECONDS = 30;

/**
 * The FIT claims the proxy relies on (forge-platform.md §1.5; Atlassian "Forge Remote essentials"):
 * `app.id`, `app.installationId`, optional `context.cloudId` (frontend invocations) and `principal`
 * (the user's account id for user-initiated calls — a string, or an object in some payload versions).
 */
const FitClaims = z.object({
  app: z.object({
    id: z.string().min(1),
    installationId: z.string().min(1).max(256),
  }),
  context: z.object({ cloudId: z.string().min(1).max(256).optional() }).optional(),
  principal: z
    .union([
      z.string().regex(ACCOUNT_ID_PATTERN),
      z.object({ accountId: z.string().regex(ACCOUNT_ID_PATTERN) }),
    ])
    .optional(),
  icLabel: z.unknown().optional(),
});

export type FitRejection = 'invalid' | 'expired' | 'installation-not-allowed';

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
  /** Null accepts every installation of the app. */
  installationIds: ReadonlySet<string> | null;
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
    // Isolated Cloud signs with a different JWKS; such tokens are out of scope for this proxy.
    if (icLabel !== undefined)
      throw new FitRejectedError('invalid', 'Isolated Cloud tokens are not supported');
    if (app.id !== opts.appId) throw new FitRejectedError('invalid', 'app.id does not match the audience');
    if (opts.installationIds !== null && !opts.installationIds.has(app.installationId)) {
      throw new FitRejectedError('installation-not-allowed', 'installation not allowed');
    }

    const accountId = typeof principal === 'string' ? principal : principal?.accountId;
    return {
      kind: 'forge',
      id: accountId ?? `installation:${app.installationId}`,
      installationId: app.installationId,
      ...(context?.cloudId === undefined ? {} : { cloudId: context.cloudId }),
    };
  };
}
