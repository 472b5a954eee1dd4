import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { z } from 'zod';
import { NotFoundError, SimModelError } from '../model/errors';
import { linksForAccount, linksForEmail, onlyDeleteUserInDb, unlinkScimUser } from '../model/links';
import type { SimRuntime } from '../runtime';
import { scimError, scimFailure } from './error-bodies';
import { bearerToken, InvalidBodyError, noContent, readJson } from './http';

/** SCIM admin APIs under /admin/user-provisioning/v1/org/{orgId} (docs §2.1); they take the org key. */

type Env = { Bindings: HttpBindings };

export interface ScimLinksOptions {
  /**
   * Which key these endpoints accept is UNCONFIRMED (docs §2.1): the docs say the org key, jira.js
   * uses the directory key. Default: org key only.
   */
  acceptScimKey?: boolean;
}

const EmailBodySchema = z.object({ email: z.string().min(3).includes('@') }).loose();

export function createScimLinksRoutes(rt: SimRuntime, options: ScimLinksOptions = {}): Hono<Env> {
  const app = new Hono<Env>().basePath('/admin/user-provisioning/v1/org/:orgId');

  app.use('*', async (c, next) => {
    const token = bearerToken(c);
    if (token === undefined) return c.json(scimFailure('Missing authorization header.'), 401);
    const credential = rt.credentialOf(token);
    const accepted = credential === 'org' || (options.acceptScimKey === true && credential !== undefined);
    if (!accepted) {
      return credential === undefined
        ? c.json(scimFailure('Invalid API key.'), 401)
        : c.json(scimFailure('You are not authorized to call the API.'), 403);
    }
    if (c.req.param('orgId') !== rt.identity.org.id) {
      return c.json(scimFailure('You are not authorized to call the API.'), 403);
    }
    return next();
  });

  app.onError((err, c) => {
    if (err instanceof NotFoundError) {
      const detail =
        err.resource === 'account'
          ? 'User not found or User that is found is not a managed user.'
          : `Resource [USER] with id [${err.id}] not found.`;
      return c.json(scimError(404, detail), 404);
    }
    if (err instanceof InvalidBodyError || err instanceof SimModelError) {
      return c.json(scimError(400, err.message, 'invalidValue'), 400);
    }
    return c.json(scimError(500, 'Internal error.'), 500);
  });

  app.get('/user/:aaId/get-scim-links', (c) =>
    c.json({ scimLinks: linksForAccount(rt.model, c.req.param('aaId')) }, 200),
  );

  app.post('/get-scim-links-for-email', async (c) => {
    const parsed = EmailBodySchema.safeParse(await readJson(c));
    if (!parsed.success)
      return c.json(scimError(400, 'Body must be {"email": "<address>"}.', 'invalidValue'), 400);
    return c.json({ scimLinks: linksForEmail(rt.model, parsed.data.email) }, 200);
  });

  app.patch('/scimDirectoryId/:scimDirectoryId/scimUserId/:scimUserId/unlink', (c) => {
    unlinkScimUser(rt.model, c.req.param('scimDirectoryId'), c.req.param('scimUserId'));
    return noContent();
  });

  app.delete('/user/:aaid/onlyDeleteUserInDB', (c) => {
    onlyDeleteUserInDb(rt.model, c.req.param('aaid'));
    return noContent();
  });

  return app;
}
