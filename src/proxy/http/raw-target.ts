import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import { ValidationProblem } from './problems';

/**
 * Refuses request targets with dot segments (`..`, `.`, also percent-encoded) before routing.
 *
 * The WHATWG URL parser that builds the Request resolves them silently, so `/v1/accounts/a/../b/unlock`
 * would reach account `b`. No legitimate client sends such a path; an operator's audit trail should never
 * have to explain one. Only the raw target from Node's IncomingMessage still shows them.
 */
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|\?|#|$)/i;

export function hasDotSegment(rawTarget: string): boolean {
  const path = rawTarget.split(/[?#]/, 1)[0] ?? '';
  return DOT_SEGMENT.test(path);
}

export function rawTargetGuard(): MiddlewareHandler {
  return async (c, next) => {
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    if (incoming?.url !== undefined && hasDotSegment(incoming.url)) {
      throw new ValidationProblem(
        [
          {
            path: 'path',
            code: 'dot_segment',
            message: 'Dot segments (. or ..) are not allowed in the path.',
          },
        ],
        'The request path is not valid; see errors.',
      );
    }
    await next();
  };
}
