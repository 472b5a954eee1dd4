import type { HttpBindings } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { InvalidScimRequestError, NotFoundError, SimModelError, UniquenessError } from '../model/errors';
import { parseEqFilter } from '../model/scim-filter';
import { createScimGroup, deleteScimGroup, getScimGroup, patchScimGroup } from '../model/scim-groups';
import {
  applyScimUserPatch,
  ENTERPRISE_URN,
  toBoolean,
  toEmails,
  type PatchOperation,
} from '../model/scim-patch';
import { createScimUser, deleteScimUser, getScimUser, updateScimUser } from '../model/scim-users';
import type { ScimUserAttributes, ScimUserRecord } from '../model/types';
import type { SimRuntime } from '../runtime';
import { scimError, scimFailure } from './error-bodies';
import { bearerToken, InvalidBodyError, noContent, originOf, readJson } from './http';
import { listResponse, project, toScimGroup, toScimUser } from './scim-shapes';

/** The SCIM 2.0 API of one directory: /scim/directory/{directoryId}/Users and /Groups (docs §1). */

type Env = { Bindings: HttpBindings };

const DEFAULT_COUNT = 100;
const MAX_COUNT = 100;

const contentTypeFor = (c: Context) =>
  /scim\+json/i.test(`${c.req.header('accept') ?? ''} ${c.req.header('content-type') ?? ''}`)
    ? 'application/scim+json'
    : 'application/json';

function scimJson(c: Context, body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': contentTypeFor(c), ...headers },
  });
}

const UserBodySchema = z
  .object({
    userName: z.string().min(1),
    externalId: z.string().nullish(),
    emails: z.array(z.unknown()).min(1),
    name: z.record(z.string(), z.unknown()).nullish(),
    displayName: z.string().nullish(),
    nickName: z.string().nullish(),
    title: z.string().nullish(),
    preferredLanguage: z.string().nullish(),
    department: z.string().nullish(),
    organization: z.string().nullish(),
    timezone: z.string().nullish(),
    phoneNumbers: z.array(z.object({ value: z.string(), type: z.string().optional() })).nullish(),
    active: z.union([z.boolean(), z.string()]).nullish(),
    [ENTERPRISE_URN]: z
      .object({ department: z.string().nullish(), organization: z.string().nullish() })
      .nullish(),
  })
  .loose();

function userAttributesFrom(body: unknown): ScimUserAttributes {
  const parsed = UserBodySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidScimRequestError(
      'invalidValue',
      `Invalid user payload: ${issue?.path.join('.') || 'body'} ${issue?.message ?? ''}`.trim(),
    );
  }
  const b = parsed.data;
  const enterprise = b[ENTERPRISE_URN];
  const emails = toEmails(b.emails);
  if (!emails.some((e) => e.primary) && emails[0]) emails[0].primary = true;
  const name: ScimUserAttributes['name'] = {};
  for (const [k, v] of Object.entries(b.name ?? {}))
    if (typeof v === 'string') Object.assign(name, { [k]: v });
  return {
    userName: b.userName,
    externalId: b.externalId ?? null,
    emails,
    name,
    displayName: b.displayName ?? null,
    nickName: b.nickName ?? null,
    title: b.title ?? null,
    preferredLanguage: b.preferredLanguage ?? null,
    department: b.department ?? enterprise?.department ?? null,
    organization: b.organization ?? enterprise?.organization ?? null,
    timezone: b.timezone ?? null,
    phoneNumbers: b.phoneNumbers ?? [],
    active: b.active === undefined || b.active === null ? true : toBoolean(b.active, 'active'),
  };
}

const PatchBodySchema = z
  .object({
    Operations: z.array(z.unknown()).optional(),
    operations: z.array(z.unknown()).optional(),
  })
  .loose();
const PatchOpSchema = z
  .object({ op: z.string(), path: z.string().optional(), value: z.unknown().optional() })
  .loose();

/** Operations from a PATCH body; `Operations` (RFC) and `operations` (the spec's schema) both work. */
function patchOperations(body: unknown): PatchOperation[] {
  const parsed = PatchBodySchema.safeParse(body);
  const list = parsed.success ? (parsed.data.Operations ?? parsed.data.operations) : undefined;
  if (!list) throw new InvalidScimRequestError('invalidSyntax', 'A patch request needs an Operations list.');
  return list.map((op) => {
    const p = PatchOpSchema.safeParse(op);
    if (!p.success) throw new InvalidScimRequestError('invalidSyntax', 'Each operation needs a string op.');
    return { op: p.data.op, path: p.data.path, value: p.data.value };
  });
}

function pageParams(c: Context): { startIndex: number; count: number } {
  const num = (name: string, fallback: number) => {
    const raw = c.req.query(name);
    if (raw === undefined || raw === '') return fallback;
    if (!/^-?\d+$/.test(raw))
      throw new InvalidScimRequestError('invalidValue', `${name} must be an integer.`);
    return Number(raw);
  };
  // RFC 7644 §3.4.2.4: values below 1 are treated as 1; a negative count as 0.
  return {
    startIndex: Math.max(1, num('startIndex', 1)),
    count: Math.min(MAX_COUNT, Math.max(0, num('count', DEFAULT_COUNT))),
  };
}

function notFoundDetail(e: NotFoundError): string {
  if (e.resource === 'directory') return `Directory ${e.id} does not exist.`;
  if (e.resource === 'scimGroup') return `Resource [GROUP] with id [${e.id}] not found.`;
  return `Resource [USER] with id [${e.id}] not found.`;
}

export function createScimRoutes(rt: SimRuntime): Hono<Env> {
  const app = new Hono<Env>().basePath('/scim/directory/:directoryId');

  app.use('*', async (c, next) => {
    const token = bearerToken(c);
    if (token === undefined) return c.json(scimFailure('Missing authorization header.'), 401);
    const credential = rt.credentialOf(token);
    if (credential === undefined) return c.json(scimFailure('Invalid API key.'), 401);
    if (credential === 'org' || credential.directoryId !== c.req.param('directoryId')) {
      return c.json(scimFailure('You are not authorized to call the API.'), 403);
    }
    return next();
  });

  app.onError((err, c) => {
    if (err instanceof UniquenessError) return scimJson(c, scimError(409, err.message, 'uniqueness'), 409);
    if (err instanceof NotFoundError) return scimJson(c, scimError(404, notFoundDetail(err)), 404);
    if (err instanceof InvalidScimRequestError)
      return scimJson(c, scimError(400, err.message, err.scimType), 400);
    if (err instanceof InvalidBodyError)
      return scimJson(c, scimError(400, err.message, 'invalidSyntax'), 400);
    if (err instanceof SimModelError) return scimJson(c, scimError(400, err.message, 'invalidValue'), 400);
    return scimJson(c, scimError(500, 'Internal error.'), 500);
  });

  const dirId = (c: Context) => c.req.param('directoryId') ?? '';
  const renderUser = (c: Context) => (r: ScimUserRecord) =>
    project(
      toScimUser(rt.model, r, originOf(c)),
      c.req.query('attributes'),
      c.req.query('excludedAttributes'),
    );

  app.get('/Users', (c) => {
    const dir = rt.model.directory(dirId(c));
    const { startIndex, count } = pageParams(c);
    const filter = c.req.query('filter');
    let records: ScimUserRecord[];
    if (filter === undefined || filter === '') {
      records = [...dir.users.values()];
    } else {
      const f = parseEqFilter(filter, ['userName', 'externalId'] as const);
      const id =
        f.attribute === 'userName'
          ? dir.byUserName.get(f.value.toLowerCase())
          : dir.byExternalId.get(f.value);
      const record = id === undefined ? undefined : dir.users.get(id);
      records = record ? [record] : [];
    }
    return scimJson(c, listResponse(records, startIndex, count, renderUser(c)), 200);
  });

  app.post('/Users', async (c) => {
    const record = createScimUser(rt.model, dirId(c), userAttributesFrom(await readJson(c)));
    const body = renderUser(c)(record);
    return scimJson(c, body, 201, { Location: String((body.meta as { location: string }).location) });
  });

  app.get('/Users/:userId', (c) =>
    scimJson(c, renderUser(c)(getScimUser(rt.model, dirId(c), c.req.param('userId'))), 200),
  );

  app.put('/Users/:userId', async (c) => {
    const record = getScimUser(rt.model, dirId(c), c.req.param('userId'));
    updateScimUser(rt.model, record, userAttributesFrom(await readJson(c)));
    return scimJson(c, renderUser(c)(record), 200);
  });

  app.patch('/Users/:userId', async (c) => {
    const record = getScimUser(rt.model, dirId(c), c.req.param('userId'));
    const ops = patchOperations(await readJson(c));
    updateScimUser(rt.model, record, applyScimUserPatch(record, ops));
    return scimJson(c, renderUser(c)(record), 200);
  });

  app.delete('/Users/:userId', (c) => {
    deleteScimUser(rt.model, dirId(c), c.req.param('userId'));
    return noContent();
  });

  app.get('/Groups', (c) => {
    const dir = rt.model.directory(dirId(c));
    const { startIndex, count } = pageParams(c);
    const filter = c.req.query('filter');
    let groups = [...dir.groups.values()];
    if (filter !== undefined && filter !== '') {
      const f = parseEqFilter(filter, ['displayName'] as const);
      groups = groups.filter((g) => g.displayName.toLowerCase() === f.value.toLowerCase());
    }
    return scimJson(
      c,
      listResponse(groups, startIndex, count, (g) => toScimGroup(rt.model, g, originOf(c))),
      200,
    );
  });

  app.post('/Groups', async (c) => {
    const parsed = z
      .object({
        displayName: z.string().min(1),
        externalId: z.string().nullish(),
        members: z.array(z.unknown()).nullish(),
      })
      .loose()
      .safeParse(await readJson(c));
    if (!parsed.success) throw new InvalidScimRequestError('invalidValue', 'A group needs a displayName.');
    const group = createScimGroup(rt.model, dirId(c), {
      displayName: parsed.data.displayName,
      externalId: parsed.data.externalId ?? null,
      members: parsed.data.members ?? [],
    });
    const body = toScimGroup(rt.model, group, originOf(c));
    return scimJson(c, body, 201, { Location: String((body.meta as { location: string }).location) });
  });

  app.get('/Groups/:id', (c) =>
    scimJson(c, toScimGroup(rt.model, getScimGroup(rt.model, dirId(c), c.req.param('id')), originOf(c)), 200),
  );

  app.patch('/Groups/:id', async (c) => {
    const group = patchScimGroup(rt.model, dirId(c), c.req.param('id'), patchOperations(await readJson(c)));
    return scimJson(c, toScimGroup(rt.model, group, originOf(c)), 200);
  });

  app.delete('/Groups/:id', (c) => {
    deleteScimGroup(rt.model, dirId(c), c.req.param('id'));
    return noContent();
  });

  return app;
}
