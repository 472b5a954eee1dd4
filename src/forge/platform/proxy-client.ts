import { invokeRemote } from '@forge/api';
import { IDP_PROBLEM_TYPES, PROBLEM_TYPES, ProblemDetails } from '../../contract/proxy';
import {
  createProxyClient,
  ProxyInputError,
  ProxyProblemError,
  ProxyResponseFormatError,
  type ProxyClient,
  type ProxyTransport,
} from '../../contract/proxy/client';
import { InvalidInputError, ProxyError, type ErrorCode } from './errors';

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

/**
 * Forge Remote as the typed client's transport. A platform failure to reach the remote becomes
 * `unavailable`; its cause text can hold the remote URL, so it is dropped.
 */
const invokeRemoteTransport: ProxyTransport = async (req) => {
  try {
    return await invokeRemote(PROXY_REMOTE_KEY, {
      path: req.path,
      method: req.method,
      headers: req.headers,
      ...(req.body === undefined ? {} : { body: req.body }),
    });
  } catch {
    throw new ProxyError('unavailable', MESSAGE_BY_CODE.unavailable ?? 'unavailable', { status: null });
  }
};

/** The typed client's failures in the app's error family, so resolvers answer them like any other. */
function toAppError(err: unknown): unknown {
  if (err instanceof ProxyProblemError) return problemToError(err.status, err.problem);
  if (err instanceof ProxyResponseFormatError) {
    return new ProxyError('upstream-error', 'The org-admin proxy answered in an unexpected format.', {
      status: err.status,
    });
  }
  if (err instanceof ProxyInputError) {
    return new InvalidInputError('The request is not valid.', {
      fields: err.issues.map((issue) => ({ path: issue.split(':')[0], message: 'is not valid' })),
    });
  }
  return err;
}

function withAppErrors(client: ProxyClient): ProxyClient {
  const wrapped: Record<string, (input?: unknown) => Promise<unknown>> = {};
  for (const [id, method] of Object.entries(client) as Array<
    [string, (input?: unknown) => Promise<unknown>]
  >) {
    wrapped[id] = (input) =>
      method(input).catch((err: unknown) => {
        throw toAppError(err);
      });
  }
  return wrapped as ProxyClient;
}

/**
 * The org-admin proxy's routes as typed methods (src/contract/proxy/client.ts), over Forge Remote;
 * every failure is a ProxyError (or InvalidInputError for a path value the contract refuses).
 */
export const proxyClient: ProxyClient = withAppErrors(createProxyClient(invokeRemoteTransport));
