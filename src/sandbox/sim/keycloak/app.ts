import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { briefRepresentation, fullRepresentation } from './representation';
import {
  KeycloakConflictError,
  KeycloakUserNotFoundError,
  type KeycloakRealmStore,
  type UserFilter,
} from './store';
import type { KeycloakTokenIssuer, RealmManagementRole, TokenClaims } from './tokens';

/** The service account the simulated realm knows (identity.keycloak). */
export interface KeycloakServiceAccount {
  realm: string;
  clientId: string;
  clientSecret: string;
}

type KcEnv = { Variables: { claims: TokenClaims } };

/** Keycloak's default page size when `max` is absent (Constants.DEFAULT_MAX_RESULTS). */
const DEFAULT_MAX = 100;
const SERVICE_ACCOUNT_ROLES: RealmManagementRole[] = ['view-users', 'query-users', 'manage-users'];

class KcHttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409,
    readonly body: Record<string, unknown>,
  ) {
    super(`keycloak ${status}`);
  }
}

const optionalInt = z
  .string()
  .regex(/^-?\d{1,9}$/)
  .transform(Number)
  .optional();
const optionalBool = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

const ListQuerySchema = z.object({
  first: optionalInt,
  max: optionalInt,
  search: z.string().optional(),
  username: z.string().optional(),
  email: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  enabled: optionalBool,
  emailVerified: optionalBool,
  exact: optionalBool,
  briefRepresentation: optionalBool,
});

const Attributes = z.record(z.string(), z.array(z.string()));
const UserBodySchema = z.looseObject({
  username: z.string().trim().min(1).max(255).optional(),
  email: z.string().trim().max(255).nullable().optional(),
  emailVerified: z.boolean().optional(),
  enabled: z.boolean().optional(),
  firstName: z.string().max(255).nullable().optional(),
  lastName: z.string().max(255).nullable().optional(),
  attributes: Attributes.optional(),
});

function filterOf(q: z.infer<typeof ListQuerySchema>): UserFilter {
  const f: UserFilter = {};
  for (const k of ['search', 'username', 'email', 'firstName', 'lastName'] as const) {
    if (q[k] !== undefined) f[k] = q[k];
  }
  if (q.enabled !== undefined) f.enabled = q.enabled;
  if (q.emailVerified !== undefined) f.emailVerified = q.emailVerified;
  if (q.exact !== undefined) f.exact = q.exact;
  return f;
}

function bearer(c: Context): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
}

/** Client credentials from HTTP Basic (what the official client sends) or from the form body. */
function clientCredentials(c: Context, form: URLSearchParams): { id: string; secret: string } | null {
  const basic = /^Basic\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
  if (basic !== undefined) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    try {
      return { id: dec(decoded.slice(0, colon)), secret: dec(decoded.slice(colon + 1)) };
    } catch {
      return null;
    }
  }
  const id = form.get('client_id');
  const secret = form.get('client_secret');
  return id !== null && secret !== null ? { id, secret } : null;
}

/**
 * Keycloak's token endpoint (client-credentials grant) and the admin users API of one realm, under
 * /keycloak so that `${sim.url}/keycloak` is the server URL the official admin client is given.
 * Answers use Keycloak's shapes: OAuth errors (`error`, `error_description`) at the token endpoint,
 * `{error}` / `{errorMessage}` on the admin API, 201 + Location on create.
 */
export function createKeycloakApp(
  store: KeycloakRealmStore,
  account: KeycloakServiceAccount,
  tokens: KeycloakTokenIssuer,
): Hono<KcEnv> {
  const app = new Hono<KcEnv>().basePath('/keycloak');

  app.onError((err, c) => {
    if (err instanceof KcHttpError) return c.json(err.body, err.status);
    if (err instanceof KeycloakUserNotFoundError) return c.json({ error: 'User not found' }, 404);
    if (err instanceof KeycloakConflictError) return c.json({ errorMessage: err.message }, 409);
    return c.json({ error: 'unknown_error' }, 500);
  });

  const knownRealm = (realm: string) => {
    if (realm !== store.realm) throw new KcHttpError(404, { error: 'Realm not found.' });
  };

  app.post('/realms/:realm/protocol/openid-connect/token', async (c) => {
    if (c.req.param('realm') !== store.realm) {
      return c.json({ error: 'Realm does not exist' }, 404);
    }
    const form = new URLSearchParams(await c.req.text());
    const grant = form.get('grant_type');
    if (grant !== 'client_credentials') {
      return c.json({ error: 'unsupported_grant_type', error_description: 'Unsupported grant_type' }, 400);
    }
    const creds = clientCredentials(c, form);
    if (creds === null || creds.id !== account.clientId || creds.secret !== account.clientSecret) {
      return c.json(
        {
          error: 'unauthorized_client',
          error_description: 'Invalid client or Invalid client credentials',
        },
        401,
      );
    }
    const { token, expiresIn } = await tokens.issue({
      clientId: account.clientId,
      roles: SERVICE_ACCOUNT_ROLES,
    });
    c.header('Cache-Control', 'no-store');
    return c.json({
      access_token: token,
      expires_in: expiresIn,
      refresh_expires_in: 0,
      token_type: 'Bearer',
      'not-before-policy': 0,
      scope: 'profile email',
    });
  });

  // The official client asks for the collection as `/users/` (trailing slash), which Keycloak's
  // JAX-RS routing accepts; both spellings are registered.
  const USERS = '/admin/realms/:realm/users';
  const authenticate = async (c: Context<KcEnv>, next: () => Promise<void>) => {
    knownRealm(c.req.param('realm') ?? '');
    const token = bearer(c);
    const claims = token === undefined ? null : await tokens.verify(token);
    if (claims === null) throw new KcHttpError(401, { error: 'HTTP 401 Unauthorized' });
    c.set('claims', claims);
    await next();
  };
  app.use(USERS, authenticate);
  app.use(`${USERS}/*`, authenticate);
  const requireRole = (c: Context<KcEnv>, write: boolean) => {
    const roles = c.var.claims.roles;
    const ok = write
      ? roles.includes('manage-users')
      : roles.some((r) => r === 'view-users' || r === 'manage-users' || r === 'query-users');
    if (!ok) throw new KcHttpError(403, { error: 'HTTP 403 Forbidden' });
  };
  const listQuery = (c: Context<KcEnv>) => {
    const parsed = ListQuerySchema.safeParse(c.req.query());
    if (!parsed.success) throw new KcHttpError(400, { error: 'invalid query parameter' });
    return parsed.data;
  };
  const userBody = async (c: Context<KcEnv>) => {
    let raw: unknown;
    try {
      raw = JSON.parse(await c.req.text());
    } catch {
      throw new KcHttpError(400, { error: 'unknown_error' });
    }
    const parsed = UserBodySchema.safeParse(raw);
    if (!parsed.success) throw new KcHttpError(400, { error: 'unknown_error' });
    return parsed.data;
  };

  const list = (c: Context<KcEnv>) => {
    requireRole(c, false);
    const q = listQuery(c);
    // Keycloak ignores a negative `first` / `max` and then uses its defaults.
    const first = q.first !== undefined && q.first >= 0 ? q.first : 0;
    const max = q.max !== undefined && q.max >= 0 ? q.max : DEFAULT_MAX;
    const page = store.find(filterOf(q)).slice(first, first + max);
    const view = q.briefRepresentation === true ? briefRepresentation : fullRepresentation;
    return c.json(page.map(view));
  };
  app.get(USERS, list);
  app.get(`${USERS}/`, list);

  app.get(`${USERS}/count`, (c) => {
    requireRole(c, false);
    return c.json(store.find(filterOf(listQuery(c))).length);
  });

  const create = async (c: Context<KcEnv>) => {
    requireRole(c, true);
    const body = await userBody(c);
    if (body.username === undefined) {
      throw new KcHttpError(400, {
        field: 'username',
        errorMessage: 'error-user-attribute-required',
        params: ['username'],
      });
    }
    const created = store.create({
      username: body.username,
      ...(body.email === undefined ? {} : { email: body.email === '' ? null : body.email }),
      ...(body.emailVerified === undefined ? {} : { emailVerified: body.emailVerified }),
      ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
      ...(body.firstName === undefined ? {} : { firstName: body.firstName }),
      ...(body.lastName === undefined ? {} : { lastName: body.lastName }),
      ...(body.attributes === undefined ? {} : { attributes: body.attributes }),
    });
    const origin = new URL(c.req.url).origin;
    c.header('Location', `${origin}/keycloak/admin/realms/${store.realm}/users/${created.id}`);
    return c.body(null, 201);
  };
  app.post(USERS, create);
  app.post(`${USERS}/`, create);

  app.get(`${USERS}/:id`, (c) => {
    requireRole(c, false);
    return c.json(fullRepresentation(store.get(c.req.param('id'))));
  });

  app.put(`${USERS}/:id`, async (c) => {
    requireRole(c, true);
    const body = await userBody(c);
    store.update(c.req.param('id'), {
      ...(body.username === undefined ? {} : { username: body.username }),
      ...(body.email === undefined ? {} : { email: body.email === '' ? null : body.email }),
      ...(body.emailVerified === undefined ? {} : { emailVerified: body.emailVerified }),
      ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
      ...(body.firstName === undefined ? {} : { firstName: body.firstName }),
      ...(body.lastName === undefined ? {} : { lastName: body.lastName }),
      ...(body.attributes === undefined ? {} : { attributes: body.attributes }),
    });
    return c.body(null, 204);
  });

  app.delete(`${USERS}/:id`, (c) => {
    requireRole(c, true);
    store.delete(c.req.param('id'));
    return c.body(null, 204);
  });

  app.all('*', () => {
    throw new KcHttpError(404, { error: 'Unable to find matching target resource method' });
  });
  return app;
}
