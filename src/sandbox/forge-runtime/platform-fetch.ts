import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { FitClaims, FitSigner } from './fit-signer';
import { currentInvocation, type Invocation } from './invocation';
import { handleKvsRequest } from './kvs/kvs-http';
import type { LocalKvs } from './kvs/local-kvs';
import type { ResolvedOptions } from './options';
import type { LocalQueues } from './queue';

/**
 * `globalThis.__forge_fetch__(target, path, init)`: the platform side of every @forge/api, @forge/kvs
 * and @forge/events request. Targets as the packages build them (@forge/api 8.3 `out/api/fetch.js`,
 * `endpoint.js`; @forge/kvs `out/index.js`):
 * - `{type:'fpp', provider:'user'|'app', remote:'jira', accountId?}` → the simulator's Jira with the
 *   user's (the invocation's principal unless `asUser(id)` named one) or the app's bearer token;
 * - `{type:'fpp', provider:'app', remote:'stargate'}` + `/webhook/queue/...` → the local queues;
 * - `{type:'kvs', ...}` → the LocalKvs;
 * - `{type:'frc', remote}` → `remotes[remote].baseUrl + path` with a freshly signed FIT.
 * Anything else is answered the way the Forge proxy reports platform refusals — a `forge-proxy-error`
 * header, which the packages raise as ProxyRequestError / InvalidRemoteError. Local codes:
 * NO_USER_CONTEXT (asUser() without a user), UNKNOWN_USER (no token for that account),
 * UNSUPPORTED_PROVIDER (top-level requestJira — use asUser()/asApp()), UNSUPPORTED_TARGET.
 */

const Target = z.object({
  type: z.string(),
  provider: z.string().optional(),
  remote: z.string().optional(),
  accountId: z.string().optional(),
  contextAri: z.string().optional(),
});
type Target = z.infer<typeof Target>;

/** One platform request, for assertions; never a body, header or token. */
export interface PlatformCall {
  kind: 'jira' | 'kvs' | 'queue' | 'remote' | 'refused';
  method: string;
  path: string;
  status: number;
  provider?: string;
  accountId?: string | null;
  remote?: string;
  proxyError?: string;
}

export interface PlatformDeps {
  options: ResolvedOptions;
  fit: FitSigner;
  kvs: LocalKvs;
  queues: LocalQueues;
  calls: PlatformCall[];
}

function proxyError(status: number, code: string): Response {
  return new Response(JSON.stringify({ message: code }), {
    status,
    headers: { 'content-type': 'application/json', 'forge-proxy-error': code },
  });
}

const traceId = () => randomBytes(8).toString('hex');

function withHeaders(init: RequestInit | undefined, extra: Record<string, string>): RequestInit {
  const headers = new Headers(init?.headers);
  // The platform, not the app, authenticates these requests: whatever the app put there is replaced.
  headers.delete('authorization');
  for (const [k, v] of Object.entries(extra)) headers.set(k, v);
  return { ...init, headers };
}

export function createPlatformFetch(deps: PlatformDeps) {
  const { options, calls } = deps;
  const installContext = `ari:cloud:jira::site/${options.jira.cloudId}`;

  async function jira(
    target: Target,
    path: string,
    init: RequestInit | undefined,
    inv: Invocation | undefined,
  ) {
    const method = (init?.method ?? 'GET').toUpperCase();
    const base = { kind: 'jira' as const, method, path, provider: target.provider ?? 'none' };
    if (target.contextAri !== undefined && target.contextAri !== installContext) {
      calls.push({ ...base, kind: 'refused', status: 403, proxyError: 'INVALID_CONTEXT' });
      return proxyError(403, 'INVALID_CONTEXT');
    }
    let token: string | undefined;
    let accountId: string | null = null;
    if (target.provider === 'app') {
      token = options.jira.appToken;
    } else if (target.provider === 'user') {
      accountId = target.accountId ?? inv?.accountId ?? null;
      if (accountId === null) {
        calls.push({ ...base, kind: 'refused', status: 401, proxyError: 'NO_USER_CONTEXT' });
        return proxyError(401, 'NO_USER_CONTEXT');
      }
      token = options.tokenFor(accountId);
      if (token === undefined) {
        calls.push({ ...base, kind: 'refused', accountId, status: 403, proxyError: 'UNKNOWN_USER' });
        return proxyError(403, 'UNKNOWN_USER');
      }
    } else {
      calls.push({ ...base, kind: 'refused', status: 400, proxyError: 'UNSUPPORTED_PROVIDER' });
      return proxyError(400, 'UNSUPPORTED_PROVIDER');
    }
    const url = `${options.jira.baseUrl}/ex/jira/${options.jira.cloudId}${path}`;
    const res = await fetch(url, withHeaders(init, { authorization: `Bearer ${token}` }));
    calls.push({ ...base, accountId, status: res.status });
    return res;
  }

  async function remote(
    target: Target,
    path: string,
    init: RequestInit | undefined,
    inv: Invocation | undefined,
  ) {
    const method = (init?.method ?? 'GET').toUpperCase();
    const key = target.remote ?? '';
    const remoteCfg = options.remotes[key];
    if (remoteCfg === undefined) {
      calls.push({ kind: 'refused', method, path, remote: key, status: 400, proxyError: 'INVALID_REMOTE' });
      return proxyError(400, 'INVALID_REMOTE');
    }
    const moduleKey = inv?.moduleKey ?? 'unknown';
    const apiBaseUrl = `${options.jira.baseUrl}/ex/jira/${options.jira.cloudId}`;
    // Atlassian: "when invoked from a backend function, no context is currently provided". A resolver
    // runs because a UI module called it, so its FITs keep the module's context (and its principal);
    // triggers, consumers and plain functions are app-initiated and carry neither.
    const fromUi = inv?.kind === 'resolver';
    const claims: FitClaims = {
      app: {
        id: options.appId,
        appVersion: options.appVersion,
        installationId: options.installationAri,
        apiBaseUrl,
        environment: {
          id: `ari:cloud:ecosystem::environment/${options.appBareId}/${options.environment.id}`,
          type: options.environment.type,
        },
        module: { key: moduleKey, type: 'core:endpoint' },
        installation: {
          id: options.installationAri,
          contexts: [{ cloudId: options.jira.cloudId, apiBaseUrl }],
        },
      },
      ...(fromUi
        ? {
            context: {
              cloudId: options.jira.cloudId,
              moduleKey,
              ...(options.jira.siteUrl === undefined ? {} : { siteUrl: options.jira.siteUrl }),
            },
          }
        : {}),
      ...(inv?.accountId ? { principal: inv.accountId } : {}),
    };
    const fit = await deps.fit.sign(claims, options.appId);
    const res = await fetch(
      `${remoteCfg.baseUrl}${path}`,
      withHeaders(init, {
        authorization: `Bearer ${fit}`,
        'x-b3-traceid': traceId(),
        'x-b3-spanid': traceId(),
      }),
    );
    calls.push({
      kind: 'remote',
      method,
      path,
      remote: key,
      accountId: inv?.accountId ?? null,
      status: res.status,
    });
    return res;
  }

  return async function forgeFetch(rawTarget: unknown, path: string, init?: RequestInit): Promise<Response> {
    const inv = currentInvocation();
    const parsed = Target.safeParse(rawTarget);
    const method = (init?.method ?? 'GET').toUpperCase();
    if (!parsed.success || typeof path !== 'string' || !path.startsWith('/')) {
      calls.push({
        kind: 'refused',
        method,
        path: String(path),
        status: 400,
        proxyError: 'UNSUPPORTED_TARGET',
      });
      return proxyError(400, 'UNSUPPORTED_TARGET');
    }
    const target = parsed.data;
    if (target.type === 'kvs') {
      const res = await handleKvsRequest(deps.kvs, path, init);
      calls.push({ kind: 'kvs', method, path, status: res.status });
      return res;
    }
    if (target.type === 'fpp' && target.remote === 'jira') return jira(target, path, init, inv);
    if (target.type === 'fpp' && target.remote === 'stargate' && path.startsWith('/webhook/queue/')) {
      const res = deps.queues.handle(path, init, inv?.chainRootId ?? 'outside-invocation');
      calls.push({ kind: 'queue', method, path, status: res.status });
      return res;
    }
    if (target.type === 'frc') return remote(target, path, init, inv);
    calls.push({ kind: 'refused', method, path, status: 400, proxyError: 'UNSUPPORTED_TARGET' });
    return proxyError(400, 'UNSUPPORTED_TARGET');
  };
}
