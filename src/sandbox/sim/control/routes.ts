import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import type { z } from 'zod';
import { snapshotModel, sortKeysDeep } from '../model/snapshot';
import { bearerToken, InvalidBodyError, readJson } from '../routes/http';
import type { SimRuntime } from '../runtime';
import {
  ClockAdvanceSchema,
  FaultConfigSchema,
  LatencyConfigSchema,
  RateLimitConfigSchema,
  SeedRequestSchema,
} from './schemas';

/** The control API under /_sim (shared contract §2); bearer control token; never logged as a call. */

type Env = { Bindings: HttpBindings };

export interface ControlExtensions {
  /** Extra state sections (e.g. Jira's) merged into GET /_sim/state. */
  extraState?: () => Record<string, unknown>;
}

export function createControlRoutes(rt: SimRuntime, ext: ControlExtensions = {}): Hono<Env> {
  const app = new Hono<Env>().basePath('/_sim');

  app.use('*', async (c, next) => {
    if (bearerToken(c) !== rt.identity.controlToken) return c.json({ error: 'unauthorized' }, 401);
    return next();
  });

  app.onError((err, c) => {
    if (err instanceof InvalidBodyError) return c.json({ error: 'invalid_body', detail: err.message }, 400);
    return c.json({ error: 'internal_error' }, 500);
  });

  const parse = async <S extends z.ZodType>(schema: S, body: unknown) => {
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      return { ok: false as const, issues };
    }
    return { ok: true as const, data: parsed.data as z.infer<S> };
  };

  app.post('/reset', async (c) => {
    const p = await parse(SeedRequestSchema, await readJson(c));
    if (!p.ok) return c.json({ error: 'invalid_body', issues: p.issues }, 400);
    rt.reset(p.data);
    return c.body(null, 204);
  });

  app.post('/faults', async (c) => {
    const p = await parse(FaultConfigSchema, await readJson(c));
    if (!p.ok) return c.json({ error: 'invalid_body', issues: p.issues }, 400);
    rt.controls.faults.configure(p.data);
    return c.body(null, 204);
  });
  app.delete('/faults', (c) => {
    rt.controls.faults.clear();
    return c.body(null, 204);
  });

  app.post('/rate-limit', async (c) => {
    const p = await parse(RateLimitConfigSchema, await readJson(c));
    if (!p.ok) return c.json({ error: 'invalid_body', issues: p.issues }, 400);
    rt.controls.rateLimiter.configure(p.data);
    return c.body(null, 204);
  });
  app.delete('/rate-limit', (c) => {
    rt.controls.rateLimiter.clear();
    return c.body(null, 204);
  });

  app.post('/latency', async (c) => {
    const p = await parse(LatencyConfigSchema, await readJson(c));
    if (!p.ok) return c.json({ error: 'invalid_body', issues: p.issues }, 400);
    rt.controls.latency.configure(p.data);
    return c.body(null, 204);
  });
  app.delete('/latency', (c) => {
    rt.controls.latency.clear();
    return c.body(null, 204);
  });

  app.post('/clock', async (c) => {
    const p = await parse(ClockAdvanceSchema, await readJson(c));
    if (!p.ok) return c.json({ error: 'invalid_body', issues: p.issues }, 400);
    return c.json({ now: rt.model.clock.tick(p.data.advanceMs) });
  });

  app.get('/state', (c) =>
    c.json(sortKeysDeep({ ...snapshotModel(rt.model), ...(ext.extraState?.() ?? {}) })),
  );

  app.get('/calls', (c) => c.json(rt.controls.calls.snapshot()));
  app.delete('/calls', (c) => {
    rt.controls.calls.clear();
    return c.body(null, 204);
  });

  return app;
}
