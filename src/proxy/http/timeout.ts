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
    let timedOut = false;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        timedOut = true;
        resolve();
        controller.abort(new TimeoutProblem(timeoutMs));
      }, timeoutMs);
    });
    try {
      await Promise.race([next(), deadline]);
    } finally {
      clearTimeout(timer);
    }
    // Past the deadline the caller gets a 504 even if the handler finished meanwhile: one rule, no race.
    if (timedOut) throw new TimeoutProblem(timeoutMs);
  };
}
