import type { MiddlewareHandler } from 'hono';
import { UnauthorizedProblem, UpstreamProblem } from '../http/problems';
import type { Actor } from './actor';
import { FitKeysUnavailableError, FitRejectedError, type FitVerifier } from './fit';
import type { StaticTokenAuthenticator } from './static-tokens';

export interface AuthenticatorOptions {
  /** Absent when FORGE_APP_ID is not configured. */
  fit?: FitVerifier;
  /** Absent when PROXY_API_TOKENS is not configured. */
  tokens?: StaticTokenAuthenticator;
}

/** Resolves an Authorization header to an actor, or throws UnauthorizedProblem. */
export type Authenticator = (authorization: string | undefined) => Promise<Actor>;

const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
/** Far above a real FIT (~2 kB); stops a huge header from reaching the JWT parser. */
const MAX_TOKEN_LENGTH = 8192;

export function createAuthenticator(opts: AuthenticatorOptions): Authenticator {
  return async (authorization) => {
    if (authorization === undefined || authorization.trim() === '') throw new UnauthorizedProblem('missing');
    const m = BEARER.exec(authorization.trim());
    if (!m || (m[1] as string).length > MAX_TOKEN_LENGTH) throw new UnauthorizedProblem('malformed');
    const token = m[1] as string;

    // Static tokens first: the check is cheap and constant-time, and a JWT never matches one.
    const byToken = opts.tokens?.(token);
    if (byToken) return byToken;

    if (opts.fit && JWT_SHAPE.test(token)) {
      try {
        return await opts.fit(token);
      } catch (err) {
        if (err instanceof FitRejectedError) throw new UnauthorizedProblem(err.reason);
        if (err instanceof FitKeysUnavailableError)
          throw new UpstreamProblem({ operation: 'forge.jwks', status: null });
        throw err;
      }
    }
    throw new UnauthorizedProblem('invalid');
  };
}

export function authMiddleware(
  authenticate: Authenticator,
): MiddlewareHandler<{ Variables: { actor: Actor } }> {
  return async (c, next) => {
    c.set('actor', await authenticate(c.req.header('Authorization')));
    await next();
  };
}
