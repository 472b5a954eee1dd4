import KcAdminClient, { NetworkError } from '@keycloak/keycloak-admin-client';
import { z } from 'zod';
import type { WalkBounds } from '../lib/walk-budget';
import { KeycloakListingError, type KeycloakCall } from './errors';
import { walkAllUsers, type IdpUser } from './page-walker';

export interface KeycloakConnectorOptions {
  /** The server URL, e.g. `https://sso.example.com` (no `/admin`, no realm). */
  baseUrl: string;
  realm: string;
  clientId: string;
  clientSecret: string;
  /** `max` of each page; Keycloak's own default is 100. */
  pageSize?: number;
  /** Per-request timeout in milliseconds. Default 10 s. */
  timeoutMs?: number;
  /** Ceiling and time bound of the listing (LISTING_MAX_PAGES, LISTING_MAX_SECONDS). */
  listing?: WalkBounds;
  now?: () => number;
}

export interface KeycloakListing {
  users: IdpUser[];
  calls: KeycloakCall[];
}

export interface KeycloakCount {
  count: number;
  calls: KeycloakCall[];
}

export interface KeycloakConnector {
  /** Every user of the realm, enabled and disabled, proven complete; KeycloakListingError otherwise. */
  listAllUsers(signal?: AbortSignal): Promise<KeycloakListing>;
  /** Signs in and reads the realm's user count: two calls, for a preflight check; KeycloakListingError otherwise. */
  countUsers(signal?: AbortSignal): Promise<KeycloakCount>;
}

/** The fields of a brief UserRepresentation the sync relies on; the rest is tolerated and dropped. */
const UserSchema = z.looseObject({
  id: z.string().min(1),
  username: z.string().min(1),
  email: z.string().optional(),
  /** Part of the brief representation; a server that leaves it out is taken as "not verified". */
  emailVerified: z.boolean().optional(),
  enabled: z.boolean(),
});
const PageSchema = z.array(UserSchema);
const CountSchema = z.number().int().min(0);

function toIdpUser(u: z.infer<typeof UserSchema>): IdpUser {
  const email = u.email?.trim().toLowerCase();
  return {
    id: u.id,
    username: u.username,
    email: email === undefined || email === '' ? null : email,
    emailVerified: u.emailVerified === true,
    enabled: u.enabled,
  };
}

/**
 * Lists a Keycloak realm through the official admin client with a client-credentials service account
 * (it needs `view-users` in the realm's `realm-management` client, nothing more). Every call is
 * recorded for the report; failures become KeycloakListingError, never a raw client error, so no
 * response body or credential can travel further.
 */
export function createKeycloakConnector(opts: KeycloakConnectorOptions): KeycloakConnector {
  const pageSize = opts.pageSize ?? 100;
  const base = opts.baseUrl.replace(/\/+$/, '');
  const realmPath = `/admin/realms/${encodeURIComponent(opts.realm)}/users`;

  /** One signed-in conversation with the realm; every call is recorded for the report. */
  function session(signal: AbortSignal | undefined) {
    const calls: KeycloakCall[] = [];
    const kc = new KcAdminClient({
      baseUrl: base,
      realmName: opts.realm,
      timeout: opts.timeoutMs ?? 10_000,
    });

    const fail = (kind: KeycloakListingError['kind'], detail: string, status: number | null) =>
      new KeycloakListingError(kind, detail, { status, calls: [...calls] });

    async function tracked<T>(call: Omit<KeycloakCall, 'status'>, run: () => Promise<T>): Promise<T> {
      if (signal?.aborted)
        throw fail('request', 'The request deadline was reached during the listing.', null);
      try {
        const result = await run();
        // The client hands back bodies only; Keycloak answers every one of these calls with 200.
        calls.push({ ...call, status: 200 });
        return result;
      } catch (err) {
        const status = err instanceof NetworkError ? err.response.status : null;
        calls.push({ ...call, status });
        const auth =
          status === 401 || status === 403 || (call.operation === 'keycloak.token' && status === 400);
        const what =
          call.operation === 'keycloak.token' ? 'The Keycloak token request' : 'A Keycloak users request';
        throw fail(
          auth ? 'auth' : 'request',
          status === null ? `${what} got no answer.` : `${what} failed with HTTP ${status}.`,
          status,
        );
      }
    }

    // Client-credentials tokens come without a refresh token; a listing that outlives its token
    // signs in again instead of letting the client try (and fail) a refresh.
    async function ensureToken(): Promise<void> {
      if (kc.accessToken !== undefined && !kc.isTokenExpired()) return;
      await tracked(
        {
          operation: 'keycloak.token',
          method: 'POST',
          path: `/realms/${encodeURIComponent(opts.realm)}/protocol/openid-connect/token`,
        },
        () =>
          kc.auth({
            grantType: 'client_credentials',
            clientId: opts.clientId,
            clientSecret: opts.clientSecret,
          }),
      );
    }

    async function count(): Promise<number> {
      await ensureToken();
      const raw = await tracked(
        { operation: 'keycloak.countUsers', method: 'GET', path: `${realmPath}/count` },
        () => kc.users.count(),
      );
      const parsed = CountSchema.safeParse(raw);
      if (!parsed.success) throw fail('invalid-response', 'The user count is not a number.', 200);
      return parsed.data;
    }

    return { kc, calls, fail, tracked, ensureToken, count };
  }

  return {
    async countUsers(signal) {
      const s = session(signal);
      const count = await s.count();
      return { count, calls: s.calls };
    },

    async listAllUsers(signal) {
      const { kc, calls, fail, tracked, ensureToken, count } = session(signal);

      const users = await walkAllUsers(
        {
          count,
          async page(first, max) {
            await ensureToken();
            const raw = await tracked(
              {
                operation: 'keycloak.listUsers',
                method: 'GET',
                path: `${realmPath}?briefRepresentation=true&first=${first}&max=${max}`,
              },
              () => kc.users.find({ first, max, briefRepresentation: true }),
            );
            const parsed = PageSchema.safeParse(raw);
            if (!parsed.success)
              throw fail('invalid-response', 'A users page does not have Keycloak’s shape.', 200);
            return parsed.data.map(toIdpUser);
          },
        },
        pageSize,
        {
          ...(opts.listing ? { bounds: opts.listing } : {}),
          ...(opts.now ? { now: opts.now } : {}),
          ...(signal ? { signal } : {}),
        },
      ).catch((err: unknown) => {
        // walkAllUsers' own verdicts do not know the calls; attach them.
        if (err instanceof KeycloakListingError && err.calls.length === 0) {
          throw new KeycloakListingError(err.kind, err.message, {
            status: err.status,
            calls: [...calls],
            stop: err.stop,
          });
        }
        throw err;
      });
      return { users, calls };
    },
  };
}
