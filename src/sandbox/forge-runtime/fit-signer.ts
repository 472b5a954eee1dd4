import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/** The issuer every Forge Invocation Token carries (forge-platform.md §1.5). */
export const FIT_ISSUER = 'forge/invocation-token';
/** Lifetime of a locally minted FIT. */
export const FIT_TTL_SECONDS = 300;

/**
 * The FIT body this runtime mints, in the shape Atlassian's "Forge Remote essentials" documents: `app`
 * with `appVersion` (the deprecated `app.version` is gone), `environment` {type, id ARI}, `module`,
 * `apiBaseUrl` and `installation` {id, contexts}; `context` only for invocations that start in a UI
 * module; `principal` only when a user invoked. Installation contexts carry `apiBaseUrl` (documented)
 * and `cloudId` (the field @forge/api's `ContextAri` has); the documented `name` is left out, since
 * its value is not specified anywhere this runtime could copy it from.
 */
export interface FitClaims {
  app: {
    id: string;
    appVersion: string;
    installationId: string;
    apiBaseUrl: string;
    environment: { id: string; type: string };
    module: { key: string; type: string };
    installation: { id: string; contexts: Array<{ cloudId: string; apiBaseUrl: string }> };
  };
  context?: { cloudId: string; moduleKey: string; siteUrl?: string };
  /** The calling user's account id; absent for app-initiated invocations (triggers, consumers). */
  principal?: string;
}

/**
 * Signs FITs with a local RS256 key and publishes the public half as a JWKS. The proxy trusts this key
 * only when its sandbox configuration points FORGE_JWKS_URL at `startLocalJwks()`.
 */
export interface FitSigner {
  readonly kid: string;
  /** `audience` is the app ARI, exactly what the proxy's FORGE_APP_ID holds. */
  sign(claims: FitClaims, audience: string): Promise<string>;
  jwks(): { keys: JWK[] };
}

export async function createFitSigner(): Promise<FitSigner> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `local-forge-${randomUUID()}`;
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return {
    kid,
    // The proxy verifies expiry against the wall clock, so FITs always use real time, never the
    // runtime's injectable clock (a test clock set to another day would make every FIT invalid).
    sign: (claims, audience) => signWith(privateKey, kid, claims, audience),
    jwks: () => ({ keys: [{ ...publicJwk }] }),
  };
}

async function signWith(key: CryptoKey, kid: string, claims: FitClaims, audience: string): Promise<string> {
  const nowSeconds = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .setIssuer(FIT_ISSUER)
    .setAudience(audience)
    .setIssuedAt(nowSeconds)
    .setNotBefore(nowSeconds)
    .setExpirationTime(nowSeconds + FIT_TTL_SECONDS)
    .setJti(randomUUID())
    .sign(key);
}
