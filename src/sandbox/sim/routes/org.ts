import type { HttpBindings } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { decodeCursor, encodeCursor, queryFingerprint } from '../model/cursor';
import { NotFoundError, SimModelError } from '../model/errors';
import { ALL_DIRECTORIES, removeMembership, setMembership } from '../model/memberships';
import type { Account } from '../model/types';
import { searchUsers } from '../model/user-search';
import type { SimRuntime } from '../runtime';
import { orgErrors, orgProxyError } from './error-bodies';
import { bearerToken, InvalidBodyError, noContent, readJson } from './http';
import { toMultiDirectoryUser, toUserDetails } from './org-shapes';

/** Organizations REST API v2: directories, user search, details, suspend / restore (docs §3). */

type Env = { Bindings: HttpBindings };

const SEARCH_DEFAULT_LIMIT = 50;
const DIRECTORIES_DEFAULT_LIMIT = 20;

/** Expansions the simulator models; others are refused rather than answered with invented data. */
const SUPPORTED_EXPAND = new Set(['platformRoles']);

const SearchBodySchema = z
  .object({
    cursor: z.string().optional(),
    limit: z.number().int().min(1).max(100).optional(),
    accountIds: z.array(z.string()).min(1).max(10).optional(),
    directoryIds: z.array(z.string()).min(1).max(10).optional(),
    groupIds: z.array(z.string()).min(1).max(10).optional(),
    resourceIds: z.array(z.string()).min(1).max(20).optional(),
    emails: z.array(z.string()).min(1).max(100).optional(),
    searchTerm: z.string().optional(),
    emailDomains: z.array(z.string()).min(1).max(10).optional(),
    claimStatus: z.enum(['managed', 'unmanaged']).optional(),
    status: z
      .array(z.enum(['active', 'suspended', 'not_invited', 'deactivated', 'for_deletion']))
      .min(1)
      .max(4)
      .optional(),
    accountStatus: z
      .array(z.enum(['active', 'inactive', 'closed']))
      .min(1)
      .max(3)
      .optional(),
    membershipStatus: z
      .array(z.enum(['active', 'suspended', 'no_membership']))
      .min(1)
      .max(3)
      .optional(),
    roleIds: z.array(z.string()).min(1).max(10).optional(),
    mfaEnabled: z.boolean().optional(),
    sortBy: z.array(z.unknown()).optional(),
    expand: z.array(z.enum(['platformRoles', 'counts.resources', 'productAccess', 'groups'])).optional(),
  })
  .strict();

class BadRequest extends Error {
  constructor(
    readonly code: string,
    detail: string,
  ) {
    super(detail);
  }
}

export function createOrgRoutes(rt: SimRuntime): Hono<Env> {
  const app = new Hono<Env>().basePath('/admin/v2/orgs/:orgId');

  app.use('*', async (c, next) => {
    const token = bearerToken(c);
    if (token === undefined || rt.credentialOf(token) !== 'org') {
      return c.json(orgProxyError(401, 'Unauthorized'), 401);
    }
    if (c.req.param('orgId') !== rt.identity.org.id) {
      return c.json(orgErrors(404, 'ADMIN-404-2', 'Not Found', 'Organization not found.'), 404);
    }
    return next();
  });

  app.onError((err, c) => {
    if (err instanceof BadRequest) return c.json(orgErrors(400, err.code, 'Bad Request', err.message), 400);
    if (err instanceof InvalidBodyError)
      return c.json(orgErrors(400, 'ADMIN-400-4', 'Bad Request', err.message), 400);
    if (err instanceof NotFoundError) {
      const [code, detail] =
        err.resource === 'directory'
          ? ['ADMIN-404-1', 'Directory not found.']
          : ['ADMIN-404-8', 'User not found.'];
      return c.json(orgErrors(404, code, 'Not Found', detail), 404);
    }
    if (err instanceof SimModelError)
      return c.json(orgErrors(400, 'ADMIN-400-4', 'Bad Request', err.message), 400);
    return c.json(orgErrors(500, 'ADMIN-500-1', 'Internal Server Error', 'Internal error.'), 500);
  });

  /** `-` or a directory of this org; anything else is 404. */
  const directoryParam = (c: Context) => {
    const id = c.req.param('directoryId') ?? '';
    if (id !== ALL_DIRECTORIES) rt.model.directory(id);
    return id;
  };

  app.get('/directories', (c) => {
    const limitRaw = c.req.query('limit');
    const limit = limitRaw === undefined ? DIRECTORIES_DEFAULT_LIMIT : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      throw new BadRequest('ADMIN-400-4', 'limit must be 1-100.');
    const accountId = c.req.query('accountId');
    const ids = c.req.queries('directoryIds')?.flatMap((v) => v.split(','));
    const term = c.req.query('searchTerm')?.toLowerCase();
    const account = accountId === undefined ? undefined : rt.model.accounts.get(accountId);
    const all = [...rt.model.directories.values()].filter(
      (d) =>
        (accountId === undefined || (account?.memberships.has(d.id) ?? false)) &&
        (ids === undefined || ids.includes(d.id)) &&
        (term === undefined || d.name.toLowerCase().includes(term)),
    );
    const fingerprint = queryFingerprint({ accountId, ids, term });
    const cursor = c.req.query('cursor');
    const offset = cursor === undefined ? 0 : decodeCursor(cursor, fingerprint);
    if (offset === undefined) throw new BadRequest('ADMIN-400-1', 'Invalid cursor.');
    const page = all.slice(offset, offset + limit);
    const next = offset + limit < all.length ? encodeCursor(offset + limit, fingerprint) : undefined;
    return c.json({
      data: page.map((d) => ({ directoryId: d.id, name: d.name })),
      links: { ...(cursor ? { self: cursor } : {}), ...(next ? { next } : {}) },
    });
  });

  app.post('/directories/:directoryId/users/search', async (c) => {
    const directoryId = directoryParam(c);
    const parsed = SearchBodySchema.safeParse(await readJson(c, {}));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new BadRequest(
        'ADMIN-400-4',
        `Invalid request: ${issue?.path.join('.') || 'body'}: ${issue?.message}`,
      );
    }
    const { cursor, limit = SEARCH_DEFAULT_LIMIT, expand = [], ...filters } = parsed.data;
    if (filters.emails && filters.searchTerm !== undefined) {
      throw new BadRequest('ADMIN-400-4', 'emails and searchTerm cannot be used together.');
    }
    for (const unsupported of ['groupIds', 'resourceIds', 'sortBy'] as const) {
      if (filters[unsupported])
        throw new BadRequest('ADMIN-400-4', `${unsupported} is not modelled by the simulator.`);
    }
    const unsupportedExpand = expand.find((e) => !SUPPORTED_EXPAND.has(e));
    if (unsupportedExpand)
      throw new BadRequest('ADMIN-400-4', `expand ${unsupportedExpand} is not modelled by the simulator.`);
    const fingerprint = queryFingerprint({ directoryId, filters });
    const offset = cursor === undefined ? 0 : decodeCursor(cursor, fingerprint);
    if (offset === undefined) throw new BadRequest('ADMIN-400-1', 'Invalid cursor.');
    const page = searchUsers(rt.model, directoryId, filters, offset, limit);
    const expandSet = new Set<string>(expand);
    return c.json({
      data: page.accounts.map((a: Account) => toMultiDirectoryUser(rt.model, a, directoryId, expandSet)),
      links: {
        ...(cursor ? { self: cursor } : {}),
        ...(page.nextOffset !== null ? { next: encodeCursor(page.nextOffset, fingerprint) } : {}),
        ...(offset > 0 ? { prev: encodeCursor(Math.max(0, offset - limit), fingerprint) } : {}),
      },
    });
  });

  app.get('/directories/:directoryId/users/:userId', (c) => {
    const directoryId = directoryParam(c);
    const account = rt.model.getAccount(c.req.param('userId'));
    if (directoryId !== ALL_DIRECTORIES && !account.memberships.has(directoryId)) {
      throw new NotFoundError('membership', account.accountId);
    }
    return c.json({ data: toUserDetails(rt.model, account, directoryId) });
  });

  app.post('/directories/:directoryId/users/:accountId/suspend', (c) => {
    setMembership(rt.model, directoryParam(c), c.req.param('accountId'), 'suspended');
    return noContent();
  });

  app.post('/directories/:directoryId/users/:accountId/restore', (c) => {
    setMembership(rt.model, directoryParam(c), c.req.param('accountId'), 'active');
    return noContent();
  });

  app.delete('/directories/:directoryId/users/:accountId', (c) => {
    removeMembership(rt.model, directoryParam(c), c.req.param('accountId'));
    return noContent();
  });

  return app;
}
