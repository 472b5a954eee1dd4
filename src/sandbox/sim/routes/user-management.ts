import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { z } from 'zod';
import {
  ForbiddenActionError,
  LifecycleConflictError,
  NotFoundError,
  SimModelError,
  TargetUnverifiedError,
} from '../model/errors';
import {
  disableAccount,
  enableAccount,
  PRIVILEGE_KEYS,
  privilegesOf,
  type PrivilegeKey,
} from '../model/lifecycle';
import type { SimRuntime } from '../runtime';
import { umError } from './error-bodies';
import { bearerToken, InvalidBodyError, noContent, readJson } from './http';

/** User management API: /users/{account_id}/manage and its lifecycle enable / disable (docs §4). */

type Env = { Bindings: HttpBindings };

const DisableBodySchema = z.object({ message: z.string().max(1000).optional() }).loose();

export function createUserManagementRoutes(rt: SimRuntime): Hono<Env> {
  const app = new Hono<Env>().basePath('/users/:accountId/manage');

  app.use('*', async (c, next) => {
    const token = bearerToken(c);
    if (token === undefined || rt.credentialOf(token) !== 'org') return c.json(umError('unauthorized'), 401);
    return next();
  });

  app.onError((err, c) => {
    if (err instanceof NotFoundError) return c.json(umError('accountNotFound'), 404);
    if (err instanceof TargetUnverifiedError) return c.json(umError('forbidden.targetUnverified'), 403);
    if (err instanceof ForbiddenActionError) {
      return c.json(umError('forbidden.action', { allowed: false, reason: { key: err.reason } }), 403);
    }
    if (err instanceof LifecycleConflictError) {
      return c.json(
        umError('conflict.lifecycleErrors', {
          message: "The account isn't eligible for the requested action.",
          accountId: err.accountId,
          errorCodes: [{ code: err.code, message: err.message }],
        }),
        409,
      );
    }
    if (err instanceof InvalidBodyError || err instanceof SimModelError) {
      return c.json(umError('bodyParseFailure'), 400);
    }
    return c.json(umError('internalServerError'), 500);
  });

  app.get('/', (c) => {
    const requested = (c.req.queries('privileges') ?? []).flatMap((p) => p.split(',')).filter(Boolean);
    const unknown = requested.find((p) => !(PRIVILEGE_KEYS as readonly string[]).includes(p));
    if (unknown) return c.json(umError('fieldConstraintsViolated'), 400);
    const all = privilegesOf(rt.model, c.req.param('accountId'));
    const keys = requested.length > 0 ? (requested as PrivilegeKey[]) : PRIVILEGE_KEYS;
    return c.json(Object.fromEntries(keys.map((k) => [k, all[k]])));
  });

  app.post('/lifecycle/enable', (c) => {
    enableAccount(rt.model, c.req.param('accountId'));
    return noContent();
  });

  app.post('/lifecycle/disable', async (c) => {
    // The spec marks the body required but its `message` optional; clients send {} or nothing.
    if (!DisableBodySchema.safeParse(await readJson(c, {})).success)
      return c.json(umError('bodyParseFailure'), 400);
    disableAccount(rt.model, c.req.param('accountId'));
    return noContent();
  });

  return app;
}
