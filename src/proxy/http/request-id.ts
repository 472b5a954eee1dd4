import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

export const REQUEST_ID_HEADER = 'X-Request-Id';
const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** A caller's id is kept when it is safe to log; anything else is dropped, never trusted. */
export function callerRequestIdOf(incoming: string | undefined): string | undefined {
  return incoming !== undefined && SANE_REQUEST_ID.test(incoming) ? incoming : undefined;
}

/**
 * Every request gets the proxy's own id (`requestId`: audit lines, logs, problem `instance`, the
 * X-Request-Id answer header). A caller's X-Request-Id is kept beside it (`callerRequestId`) for its own
 * correlation, but never replaces it: a caller cannot make two requests share an id, or make its request
 * look like another's in the trail.
 */
export function requestIdMiddleware(generate: () => string = randomUUID): MiddlewareHandler<{
  Variables: { requestId: string; callerRequestId: string | undefined };
}> {
  return async (c, next) => {
    const id = generate();
    c.set('requestId', id);
    c.set('callerRequestId', callerRequestIdOf(c.req.header(REQUEST_ID_HEADER)));
    await next();
    c.res.headers.set(REQUEST_ID_HEADER, id);
  };
}
