import { invokeRemote } from '@forge/api';
import type { z } from 'zod';
import {
  AccountId,
  ActionResponse,
  CandidatesResponse,
  IDP_PROBLEM_TYPES,
  IdpSyncResponse,
  LookupResponse,
  PROBLEM_TYPES,
  ProblemDetails,
  ScanResponse,
  UnlockResponse,
  VerifyResponse,
  type CandidatesRequest,
  type IdpSyncRequest,
  type LookupQuery,
  type OnBehalfOf,
  type ReactivateRequest,
  type ScanRequest,
  type UnlinkRequest,
  type UnlockRequest,
  type VerifyRequest,
} from '../../contract/proxy';
import { ProxyError, type ErrorCode } from './errors';

/**
 * The org-admin proxy, reached through Forge Remote (`invokeRemote`), so every call carries an
 * Atlassian-signed invocation token the proxy verifies. Answers are parsed with the proxy's own contract;
 * problem+json answers become typed errors by their stable `type`, never by their wording.
 */
export const PROXY_REMOTE_KEY = 'scim-unlock-proxy';

const KIND_BY_TYPE: Record<string, ErrorCode> = {
  [PROBLEM_TYPES.validation]: 'invalid-input',
  [PROBLEM_TYPES.payloadTooLarge]: 'invalid-input',
  [PROBLEM_TYPES.unsupportedMediaType]: 'internal',
  [PROBLEM_TYPES.unauthorized]: 'not-configured',
  [PROBLEM_TYPES.forbidden]: 'policy-refused',
  [PROBLEM_TYPES.protectedAccount]: 'policy-refused',
  [PROBLEM_TYPES.directoryNotAllowed]: 'policy-refused',
  [PROBLEM_TYPES.notFound]: 'not-found',
  [PROBLEM_TYPES.methodNotAllowed]: 'internal',
  [PROBLEM_TYPES.rateLimited]: 'rate-limited',
  [PROBLEM_TYPES.timeout]: 'unavailable',
  [PROBLEM_TYPES.upstream]: 'upstream-error',
  [PROBLEM_TYPES.upstreamUnavailable]: 'unavailable',
  [PROBLEM_TYPES.notReady]: 'unavailable',
  [PROBLEM_TYPES.internal]: 'upstream-error',
  [IDP_PROBLEM_TYPES.notConfigured]: 'not-configured',
  [IDP_PROBLEM_TYPES.syncRunning]: 'conflict',
};

/** Types whose meaning the app can say better than a code-wide message or the proxy's own detail. */
const MESSAGE_BY_TYPE: Record<string, string> = {
  [IDP_PROBLEM_TYPES.notConfigured]:
    'IdP offboarding is not configured on the org-admin proxy. Whoever runs the proxy sets KEYCLOAK_URL, KEYCLOAK_REALM, KEYCLOAK_CLIENT_ID and KEYCLOAK_CLIENT_SECRET to turn it on.',
  [IDP_PROBLEM_TYPES.syncRunning]:
    'Another IdP sync is already running on the org-admin proxy. Run again once it has finished.',
};

const MESSAGE_BY_CODE: Partial<Record<ErrorCode, string>> = {
  'not-configured':
    'The org-admin proxy did not accept this app. Check the proxy’s FORGE_APP_ID, FORGE_INSTALLATION_IDS or FORGE_ALLOWED_SITES, and FORGE_ALLOWED_ENVIRONMENTS.',
  'rate-limited': 'The org-admin proxy or Atlassian is rate limiting requests. Try again shortly.',
  unavailable: 'The org-admin proxy or Atlassian’s admin API is unavailable right now. Try again shortly.',
};

function statusCode(status: number): ErrorCode {
  if (status === 429) return 'rate-limited';
  if (status === 401) return 'not-configured';
  if (status === 403) return 'policy-refused';
  if (status === 404) return 'not-found';
  if (status >= 500) return 'unavailable';
  return 'upstream-error';
}

/** Maps a non-2xx answer; only fields the contract defines are passed on, and the proxy's text is bounded. */
export function problemToError(status: number, body: unknown): ProxyError {
  const parsed = ProblemDetails.safeParse(body);
  if (!parsed.success) {
    const code = statusCode(status);
    return new ProxyError(code, MESSAGE_BY_CODE[code] ?? `The org-admin proxy answered HTTP ${status}.`, {
      status,
    });
  }
  const p = parsed.data;
  const code = KIND_BY_TYPE[p.type] ?? statusCode(status);
  const details: Record<string, unknown> = { status, problemType: p.type };
  if (p.instance !== undefined) details.requestId = p.instance;
  if (p.retryAfterSeconds !== undefined) details.retryAfterSeconds = p.retryAfterSeconds;
  if (p.errors !== undefined) details.fields = p.errors.slice(0, 20);
  if (p.reason !== undefined) details.reason = p.reason.slice(0, 500);
  if (p.accountId !== undefined) details.accountId = p.accountId;
  if (p.directoryId !== undefined) details.directoryId = p.directoryId;
  if (p.upstream !== undefined) details.upstream = p.upstream;
  const message = MESSAGE_BY_TYPE[p.type] ?? MESSAGE_BY_CODE[code] ?? (p.detail ?? p.title).slice(0, 500);
  return new ProxyError(code, message, details);
}

async function readJson(res: { text(): Promise<string> }): Promise<unknown> {
  const body = await res.text();
  if (body === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

async function call<T>(
  method: 'GET' | 'POST',
  path: string,
  schema: z.ZodType<T>,
  body?: unknown,
): Promise<T> {
  let res: Awaited<ReturnType<typeof invokeRemote>>;
  try {
    res = await invokeRemote(PROXY_REMOTE_KEY, {
      path,
      method,
      headers: {
        accept: 'application/json, application/problem+json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    // The platform failed to reach the remote; the cause text can hold the remote URL, so it is dropped.
    throw new ProxyError('unavailable', MESSAGE_BY_CODE.unavailable ?? 'unavailable', { status: null });
  }
  const json = await readJson(res);
  if (!res.ok) throw problemToError(res.status, json);
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ProxyError('upstream-error', 'The org-admin proxy answered in an unexpected format.', {
      status: res.status,
    });
  }
  return parsed.data;
}

/** Account ids are checked again here: this is the last point before one becomes part of a path. */
function accountPath(accountId: string, action: string): string {
  const id = AccountId.parse(accountId);
  return `/v1/accounts/${encodeURIComponent(id)}/${action}`;
}

export const proxyClient = {
  lookup(query: LookupQuery): Promise<LookupResponse> {
    const params = new URLSearchParams();
    if (query.email !== undefined) params.set('email', query.email);
    if (query.accountId !== undefined) params.set('accountId', query.accountId);
    return call('GET', `/v1/accounts/lookup?${params.toString()}`, LookupResponse);
  },
  unlock(accountId: string, req: UnlockRequest): Promise<UnlockResponse> {
    return call('POST', accountPath(accountId, 'unlock'), UnlockResponse, req);
  },
  unlink(accountId: string, req: UnlinkRequest): Promise<ActionResponse> {
    return call('POST', accountPath(accountId, 'unlink'), ActionResponse, req);
  },
  reactivate(accountId: string, req: ReactivateRequest): Promise<ActionResponse> {
    return call('POST', accountPath(accountId, 'reactivate'), ActionResponse, req);
  },
  scan(req: ScanRequest): Promise<ScanResponse> {
    return call('POST', '/v1/scan/deactivated-by-sync', ScanResponse, req);
  },
  scanCandidates(req: CandidatesRequest): Promise<CandidatesResponse> {
    return call('POST', '/v1/scan/candidates', CandidatesResponse, req);
  },
  scanVerify(req: VerifyRequest): Promise<VerifyResponse> {
    return call('POST', '/v1/scan/verify', VerifyResponse, req);
  },
  /**
   * IdP offboarding; `dryRun` is always sent, so the proxy's default never decides what happens. The
   * queue consumer calls as the app, so `onBehalfOf` tells the proxy's audit who started the run.
   */
  idpSync(req: {
    dryRun: boolean;
    maxDeactivations: number | null;
    onBehalfOf: OnBehalfOf;
  }): Promise<IdpSyncResponse> {
    const body: IdpSyncRequest = {
      dryRun: req.dryRun,
      ...(req.maxDeactivations === null ? {} : { maxDeactivations: req.maxDeactivations }),
      onBehalfOf: req.onBehalfOf,
    };
    return call('POST', '/v1/idp/sync', IdpSyncResponse, body);
  },
};

export type ProxyClient = typeof proxyClient;
