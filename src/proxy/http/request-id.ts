import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

export const REQUEST_ID_HEADER = 'X-Request-Id';
const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** A caller's id is kept when it is safe to log and echo; anything else is replaced, not trusted. */
export function acceptRequestId(incoming: string | undefined, generate: () => string = randomUUID): string {
  return incoming !== undefined && SANE_REQUEST_ID.test(incoming) ? incoming : generate();
}

export function requestIdMiddleware(generate: () => string = randomUUID): MiddlewareHandler<{
  Variables: { requestId: string };
}> {
  return async (c, next) => {
    const id = acceptRequestId(c.req.header(REQUEST_ID_HEADER), generate);
    c.set('requestId', id);
    await next();
    c.res.headers.set(REQUEST_ID_HEADER, id);
  };
}
