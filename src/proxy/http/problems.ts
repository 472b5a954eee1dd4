import type { z } from 'zod';
import {
  PROBLEM_TYPES,
  type FieldError,
  type ProblemDetails,
  type UpstreamFailure,
} from '../../contract/proxy';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

interface ProblemInit {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** RFC 9457 extension members; must never carry secrets or stack traces. */
  extensions?: Omit<ProblemDetails, 'type' | 'title' | 'status' | 'detail' | 'instance'>;
  headers?: Readonly<Record<string, string>>;
}

/**
 * An RFC 9457 answer, built at the edge. The HTTP layer throws these itself (validation, auth, rate
 * limit, deadline); use-case errors (src/proxy/operation-errors.ts) and Atlassian errors become one in
 * src/proxy/http/error-mapping.ts. Anything else becomes a generic 500.
 */
export class ProxyProblem extends Error {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly extensions: NonNullable<ProblemInit['extensions']>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(init: ProblemInit) {
    super(`${init.title}: ${init.detail}`);
    this.name = new.target.name;
    this.type = init.type;
    this.title = init.title;
    this.status = init.status;
    this.detail = init.detail;
    this.extensions = init.extensions ?? {};
    this.headers = init.headers ?? {};
  }

  toProblem(instance: string | undefined): ProblemDetails {
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.detail,
      ...(instance === undefined ? {} : { instance }),
      ...this.extensions,
    };
  }
}

export type InputLocation = 'body' | 'query' | 'path';

const MAX_FIELD_ERRORS = 20;

/** Zod issues as readable entries; the received value is never quoted back (it may be 10 kB or a secret). */
export function fieldErrors(issues: readonly z.core.$ZodIssue[], where: InputLocation): FieldError[] {
  return issues.slice(0, MAX_FIELD_ERRORS).flatMap((issue): FieldError[] => {
    const base = [where, ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.slice(0, MAX_FIELD_ERRORS).map((k) => ({
        path: `${base}.${k.length > 64 ? `${k.slice(0, 64)}…` : k}`,
        code: 'unrecognized_key',
        message: 'is not a known field',
      }));
    }
    return [{ path: base, code: issue.code, message: issue.message }];
  });
}

export class ValidationProblem extends ProxyProblem {
  readonly errors: FieldError[];
  constructor(errors: FieldError[], detail = 'The request is not valid; see errors.') {
    super({
      type: PROBLEM_TYPES.validation,
      title: 'Invalid request',
      status: 400,
      detail,
      extensions: { errors },
    });
    this.errors = errors;
  }
  static fromZod(error: z.ZodError, where: InputLocation): ValidationProblem {
    return new ValidationProblem(fieldErrors(error.issues, where));
  }
}

export class UnsupportedMediaTypeProblem extends ProxyProblem {
  constructor() {
    super({
      type: PROBLEM_TYPES.unsupportedMediaType,
      title: 'Unsupported media type',
      status: 415,
      detail: 'Send the request body as application/json.',
    });
  }
}

export class PayloadTooLargeProblem extends ProxyProblem {
  constructor(maxBytes: number) {
    super({
      type: PROBLEM_TYPES.payloadTooLarge,
      title: 'Payload too large',
      status: 413,
      detail: `The request body exceeds ${maxBytes} bytes.`,
    });
  }
}

export const WWW_AUTHENTICATE_REALM = 'Bearer realm="scim-unlock"';

export type UnauthorizedReason =
  | 'missing'
  | 'malformed'
  | 'invalid'
  | 'expired'
  | 'installation-not-allowed'
  | 'environment-not-allowed'
  | 'site-not-allowed';

const UNAUTHORIZED_DETAIL: Record<UnauthorizedReason, string> = {
  missing: 'Send Authorization: Bearer <Forge Invocation Token or API token>.',
  malformed: 'The Authorization header is not a bearer token.',
  invalid: 'The bearer token is not valid for this proxy.',
  expired: 'The bearer token has expired or is not valid yet.',
  'installation-not-allowed': 'The token comes from an app installation this proxy does not serve.',
  'environment-not-allowed': 'The token comes from a Forge environment this proxy does not serve.',
  'site-not-allowed': 'The token comes from a site this proxy does not serve, or names no site.',
};

export class UnauthorizedProblem extends ProxyProblem {
  readonly reason: UnauthorizedReason;
  constructor(reason: UnauthorizedReason) {
    // RFC 6750 §3: no error code when credentials were simply absent; invalid_token otherwise.
    const challenge =
      reason === 'missing' ? WWW_AUTHENTICATE_REALM : `${WWW_AUTHENTICATE_REALM}, error="invalid_token"`;
    super({
      type: PROBLEM_TYPES.unauthorized,
      title: 'Unauthorized',
      status: 401,
      detail: UNAUTHORIZED_DETAIL[reason],
      extensions: { reason },
      headers: { 'WWW-Authenticate': challenge },
    });
    this.reason = reason;
  }
}

export class ForbiddenProblem extends ProxyProblem {
  constructor(
    detail: string,
    type: string = PROBLEM_TYPES.forbidden,
    extensions: ProblemInit['extensions'] = {},
  ) {
    super({ type, title: 'Forbidden', status: 403, detail, extensions });
  }
}

export class NotFoundProblem extends ProxyProblem {
  constructor(detail = 'No such resource.') {
    super({ type: PROBLEM_TYPES.notFound, title: 'Not found', status: 404, detail });
  }
}

export class MethodNotAllowedProblem extends ProxyProblem {
  constructor(allowed: readonly string[]) {
    super({
      type: PROBLEM_TYPES.methodNotAllowed,
      title: 'Method not allowed',
      status: 405,
      detail: `Use ${allowed.join(' or ')}.`,
      headers: { Allow: allowed.join(', ') },
    });
  }
}

export class RateLimitedProblem extends ProxyProblem {
  constructor(retryAfterSeconds: number) {
    const wait = Math.max(1, Math.ceil(retryAfterSeconds));
    super({
      type: PROBLEM_TYPES.rateLimited,
      title: 'Too many requests',
      status: 429,
      detail: `Too many requests from this caller; retry in ${wait} s.`,
      extensions: { retryAfterSeconds: wait },
      headers: { 'Retry-After': String(wait) },
    });
  }
}

export class TimeoutProblem extends ProxyProblem {
  constructor(timeoutMs: number) {
    super({
      type: PROBLEM_TYPES.timeout,
      title: 'Request timed out',
      status: 504,
      detail: `The request did not finish within ${timeoutMs} ms. A mutation may have been partly applied: look the account up before retrying.`,
    });
  }
}

export interface UpstreamProblemInit {
  operation: string;
  /** Upstream HTTP status; null when no response arrived (network error, timeout). */
  status: number | null;
  /** Upstream error key or code (e.g. `forbidden.action`, `ADMIN-404-8`), never a body. */
  key?: string | null;
  retryAfterSeconds?: number;
  /** Replaces the default "failed with HTTP …" detail, for failures that are not one failed call. */
  detail?: string;
}

/**
 * An Atlassian API call failed in a way the operation could not handle. Throttling and outages answer
 * 503 (try later); anything else is 502, since the caller's request was fine and the upstream refused.
 */
export class UpstreamProblem extends ProxyProblem {
  readonly upstream: UpstreamFailure;
  constructor(init: UpstreamProblemInit) {
    const transient = init.status === null || init.status === 429 || init.status >= 500;
    const upstream: UpstreamFailure = {
      operation: init.operation,
      status: init.status,
      key: init.key ?? null,
    };
    const wait =
      init.retryAfterSeconds === undefined ? undefined : Math.max(1, Math.ceil(init.retryAfterSeconds));
    super({
      type: transient ? PROBLEM_TYPES.upstreamUnavailable : PROBLEM_TYPES.upstream,
      title: transient ? 'Atlassian API unavailable' : 'Atlassian API error',
      status: transient ? 503 : 502,
      detail:
        init.detail ??
        (init.status === null
          ? `${init.operation} got no response from Atlassian.`
          : `${init.operation} failed with HTTP ${init.status}${init.key ? ` (${init.key})` : ''}.`),
      extensions: { upstream, ...(wait === undefined ? {} : { retryAfterSeconds: wait }) },
      headers: wait === undefined ? {} : { 'Retry-After': String(wait) },
    });
    this.upstream = upstream;
  }
}

export class NotReadyProblem extends ProxyProblem {
  constructor(detail: string) {
    super({ type: PROBLEM_TYPES.notReady, title: 'Not ready', status: 503, detail });
  }
}

export class InternalProblem extends ProxyProblem {
  constructor() {
    super({
      type: PROBLEM_TYPES.internal,
      title: 'Internal error',
      status: 500,
      detail: 'The proxy failed unexpectedly; the request id identifies the log entry.',
    });
  }
}

/** A problem+json Response; `instance` is the request id so callers can quote it. */
export function problemResponse(problem: ProxyProblem, requestId: string | undefined): Response {
  const headers = new Headers(problem.headers);
  headers.set('Content-Type', PROBLEM_CONTENT_TYPE);
  headers.set('Cache-Control', 'no-store');
  if (requestId !== undefined) headers.set('X-Request-Id', requestId);
  return new Response(JSON.stringify(problem.toProblem(requestId)), { status: problem.status, headers });
}
