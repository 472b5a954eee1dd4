import type { MiddlewareHandler } from 'hono';
import { TimeoutProblem } from './problems';

/**
 * Bounds a request's time. The handler cannot be cancelled from outside, so it receives an AbortSignal
 * (`c.var.signal`) that fires at the deadline: operations check it before each upstream mutation so a
 * timed-out unlock stops at a step boundary instead of running on unseen.
 */
export function timeoutMiddleware(
  timeoutMs: number,
): MiddlewareHandler<{ Variables: { signal: AbortSignal } }> {
  return async (c, next) => {
    const controller = new AbortController();
    c.set('signal', controller.signal);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort(new TimeoutProblem(timeoutMs));
        reject(new TimeoutProblem(timeoutMs));
      }, timeoutMs);
    });
    try {
      await Promise.race([next(), deadline]);
    } finally {
      clearTimeout(timer);
    }
  };
}
