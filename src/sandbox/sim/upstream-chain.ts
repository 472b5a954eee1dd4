import { sleep } from '../../lib/sleep';
import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { MiddlewareHandler } from 'hono';
import { apiFamilyOf } from './api-family';
import type { CallLog } from './control/call-log';
import { describeFault, type FaultPlan } from './control/fault-plan';
import type { LatencyTable } from './control/latency';
import type { RateLimiter } from './control/rate-limiter';
import { faultBody } from './routes/error-bodies';

export interface UpstreamControls {
  calls: CallLog;
  faults: FaultPlan;
  rateLimiter: RateLimiter;
  latency: LatencyTable;
}

/**
 * The one chain in front of every upstream route (Atlassian and Jira alike):
 * call log → planned fault → rate limit → latency → the route.
 */
export function upstreamChain(controls: UpstreamControls): MiddlewareHandler<{ Bindings: HttpBindings }> {
  return async (c, next) => {
    const path = c.req.path;
    const api = apiFamilyOf(path);
    if (!api) return next();
    const record = (status: number, fault?: string) =>
      controls.calls.record({ api, method: c.req.method, path, status, ...(fault ? { fault } : {}) });

    const step = controls.faults.take(api);
    if (step && 'drop' in step) {
      record(0, 'drop');
      c.env.incoming.socket.destroy();
      return RESPONSE_ALREADY_SENT;
    }
    if (step && 'status' in step) {
      const headers: Record<string, string> = {};
      if (step.retryAfter !== undefined) headers['Retry-After'] = step.retryAfter;
      if (step.rateLimitReset !== undefined) headers['X-RateLimit-Reset'] = step.rateLimitReset;
      record(step.status, describeFault(step));
      return c.json(faultBody(api, step.status), step.status, headers);
    }

    const limit = controls.rateLimiter.check(api);
    if (limit?.limited) {
      record(429, 'rateLimit');
      return c.json(faultBody(api, 429), 429, limit.headers);
    }

    const wait = (step && 'latencyMs' in step ? step.latencyMs : 0) + controls.latency.delayFor(api);
    if (wait > 0) await sleep(wait);

    await next();
    if (limit) for (const [name, value] of Object.entries(limit.headers)) c.res.headers.set(name, value);
    record(c.res.status, step ? describeFault(step) : undefined);
  };
}
