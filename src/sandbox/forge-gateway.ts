import { timingSafeEqual, createHash } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import type { ForgeRuntime, ResolverHandler } from './forge-runtime';
import type { AppManifest } from './forge-app-manifest';

/**
 * Sandbox-only HTTP entry to the app running on the local Forge runtime: what the Jira shell's bridge
 * and command-line experiments use to invoke a resolver as a given user, or to run a scheduled trigger
 * now. It stands in for Atlassian's invocation service, so it exists only in `npm start` and the tests,
 * on loopback, behind its own random token.
 */
const Invoke = z
  .object({
    moduleKey: z.string().min(1).max(100),
    functionKey: z.string().min(1).max(100),
    payload: z.unknown().optional(),
    accountId: z.string().min(1).max(128).nullable(),
    extension: z
      .object({
        issue: z
          .object({ key: z.string().max(50), id: z.string().max(50) })
          .strict()
          .optional(),
        project: z
          .object({ key: z.string().max(50), id: z.string().max(50) })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type GatewayInvoke = z.infer<typeof Invoke>;

const digest = (s: string) => createHash('sha256').update(s).digest();

export function createForgeGateway(opts: {
  rt: ForgeRuntime;
  manifest: AppManifest;
  handlers: Record<string, unknown>;
  token: string;
}): Hono {
  const handlerOf = (exportName: string): ResolverHandler => {
    const h = opts.handlers[exportName];
    if (typeof h !== 'function') throw new Error(`src/index.ts exports no function '${exportName}'`);
    return h as ResolverHandler;
  };
  const expected = digest(opts.token);
  const app = new Hono();

  app.use('*', async (c, next) => {
    const given = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (!given || !timingSafeEqual(digest(given), expected)) {
      return c.json({ error: 'send Authorization: Bearer <forge.token from sandbox.json>' }, 401);
    }
    await next();
  });

  app.post('/invoke', async (c) => {
    const parsed = Invoke.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: 'invalid invocation', issues: parsed.error.issues }, 400);
    const req = parsed.data;
    const module = opts.manifest.uiModules.find((m) => m.key === req.moduleKey);
    if (!module) return c.json({ error: `manifest.yml has no UI module '${req.moduleKey}'` }, 404);
    const result = await opts.rt.invokeResolver(handlerOf(module.exportName), {
      functionKey: req.functionKey,
      payload: req.payload ?? {},
      accountId: req.accountId,
      moduleKey: module.key,
      extension: { type: module.type, ...req.extension },
    });
    return c.json(result as object);
  });

  app.post('/triggers/:key/run', async (c) => {
    const key = c.req.param('key');
    if (!opts.manifest.triggers.some((t) => t.key === key)) {
      return c.json({ error: `manifest.yml has no scheduled trigger '${key}'` }, 404);
    }
    const run = await opts.rt.scheduler.runNow(key);
    const drained = await opts.rt.queue.drain();
    return c.json({ run, queue: drained });
  });

  app.onError((err, c) => c.json({ error: err.message }, 500));
  return app;
}
