/**
 * The error family of the Atlassian layer, modelled on octokit's RequestError and ky's HTTPError:
 * every error names the operation, API family, method and (redacted) URL it came from, so the proxy
 * can map it to a problem+json answer and an audit entry without parsing messages.
 *
 * Messages are built only from redacted, truncated material: never a header, key, token or raw body.
 */
import type { WalkStop, WalkStopReason } from '../lib/walk-budget';
import type { ApiFamily } from './operations';
import type { ParsedErrorBody } from './error-body';

export interface AtlassianErrorContext {
  operationId: string;
  api: ApiFamily;
  method: string;
  /** Full URL with secret-named query values and userinfo redacted. */
  url: string;
  /** HTTP attempts made before this error (1 when nothing was retried). */
  attempts?: number;
}

/** A cause reduced to what is safe to keep (no stack, message already redacted). */
export interface SafeCause {
  name: string;
  message: string;
  code?: string;
}

export class AtlassianError extends Error {
  readonly operationId: string;
  readonly api: ApiFamily;
  readonly method: string;
  readonly url: string;
  readonly attempts: number;

  constructor(message: string, context: AtlassianErrorContext, options?: { cause?: SafeCause }) {
    super(message, options?.cause ? { cause: options.cause } : undefined);
    this.name = new.target.name;
    this.operationId = context.operationId;
    this.api = context.api;
    this.method = context.method;
    this.url = context.url;
    this.attempts = context.attempts ?? 0;
  }

  /** Structured, secret-free form for logs and audit records (no stack). */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {
      name: this.name,
      message: this.message,
      operationId: this.operationId,
      api: this.api,
      method: this.method,
      url: this.url,
      attempts: this.attempts,
    };
    if (this.cause !== undefined) out.cause = this.cause;
    return out;
  }
}

/** The request was refused locally (bad path parameter, invalid search body, missing key). */
export class AtlassianInvalidRequestError extends AtlassianError {
  readonly issues: readonly string[];
  constructor(message: string, context: AtlassianErrorContext, issues: readonly string[] = []) {
    super(message, context);
    this.issues = issues;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues };
  }
}

export type HttpErrorKind =
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'rate-limited'
  | 'server-error'
  | 'other';

export function httpErrorKind(status: number): HttpErrorKind {
  if (status === 400) return 'bad-request';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate-limited';
  if (status >= 500 && status <= 599) return 'server-error';
  return 'other';
}

export interface HttpErrorDetails extends ParsedErrorBody {
  status: number;
  /** Wait the server asked for (Retry-After / X-RateLimit-Reset), when the call gave up on a 429/503. */
  retryAfterMs?: number;
}

export class AtlassianHttpError extends AtlassianError {
  readonly status: number;
  readonly kind: HttpErrorKind;
  readonly code?: string;
  readonly reason?: string;
  readonly detail?: string;
  readonly retryAfterMs?: number;
  readonly requestId?: string;

  constructor(context: AtlassianErrorContext, details: HttpErrorDetails) {
    super(describeHttpError(context, details), context);
    this.status = details.status;
    this.kind = httpErrorKind(details.status);
    if (details.code !== undefined) this.code = details.code;
    if (details.reason !== undefined) this.reason = details.reason;
    if (details.detail !== undefined) this.detail = details.detail;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    if (details.requestId !== undefined) this.requestId = details.requestId;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      status: this.status,
      kind: this.kind,
      code: this.code,
      reason: this.reason,
      detail: this.detail,
      retryAfterMs: this.retryAfterMs,
      requestId: this.requestId,
    };
  }
}

export class AtlassianBadRequestError extends AtlassianHttpError {}
export class AtlassianUnauthorizedError extends AtlassianHttpError {}
export class AtlassianForbiddenError extends AtlassianHttpError {}
export class AtlassianNotFoundError extends AtlassianHttpError {}
export class AtlassianConflictError extends AtlassianHttpError {}
export class AtlassianRateLimitedError extends AtlassianHttpError {}
export class AtlassianServerError extends AtlassianHttpError {}

function describeHttpError(context: AtlassianErrorContext, details: HttpErrorDetails): string {
  const parts = [
    `${context.operationId} (${context.method} ${pathOf(context.url)}) failed with HTTP ${details.status}`,
  ];
  if (details.code) parts.push(details.reason ? `${details.code} [${details.reason}]` : details.code);
  else if (details.reason) parts.push(`[${details.reason}]`);
  if (details.detail) parts.push(details.detail);
  return parts.join(': ');
}

/** Builds the subclass that matches the status, so callers can use `instanceof` or `kind`. */
export function createHttpError(
  context: AtlassianErrorContext,
  details: HttpErrorDetails,
): AtlassianHttpError {
  switch (httpErrorKind(details.status)) {
    case 'bad-request':
      return new AtlassianBadRequestError(context, details);
    case 'unauthorized':
      return new AtlassianUnauthorizedError(context, details);
    case 'forbidden':
      return new AtlassianForbiddenError(context, details);
    case 'not-found':
      return new AtlassianNotFoundError(context, details);
    case 'conflict':
      return new AtlassianConflictError(context, details);
    case 'rate-limited':
      return new AtlassianRateLimitedError(context, details);
    case 'server-error':
      return new AtlassianServerError(context, details);
    default:
      return new AtlassianHttpError(context, details);
  }
}

/**
 * No HTTP response was received (connection refused or reset, socket closed, DNS failure).
 * `ambiguous` is true when a non-idempotent request may have reached the server: the caller must read
 * the state back before deciding whether the mutation happened.
 */
export class AtlassianNetworkError extends AtlassianError {
  readonly ambiguous: boolean;
  readonly causeCode?: string;

  constructor(
    message: string,
    context: AtlassianErrorContext,
    options: { ambiguous: boolean; cause?: SafeCause },
  ) {
    super(message, context, options.cause ? { cause: options.cause } : undefined);
    this.ambiguous = options.ambiguous;
    if (options.cause?.code !== undefined) this.causeCode = options.cause.code;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), ambiguous: this.ambiguous, causeCode: this.causeCode };
  }
}

/** The attempt exceeded its time limit. A network error: the request may have been delivered. */
export class AtlassianTimeoutError extends AtlassianNetworkError {
  readonly timeoutMs: number;
  constructor(context: AtlassianErrorContext, options: { ambiguous: boolean; timeoutMs: number }) {
    super(
      `${context.operationId} (${context.method} ${pathOf(context.url)}) timed out after ${options.timeoutMs} ms` +
        (options.ambiguous ? '; the change may or may not have been applied' : ''),
      context,
      { ambiguous: options.ambiguous },
    );
    this.timeoutMs = options.timeoutMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeoutMs: this.timeoutMs };
  }
}

/** A 2xx answer lacked what the code needs (or was not JSON). Never a crash further down. */
export class AtlassianResponseShapeError extends AtlassianError {
  readonly status: number;
  /** Where the body diverged, as `path: problem` strings; no body values. */
  readonly issues: readonly string[];

  constructor(context: AtlassianErrorContext, status: number, issues: readonly string[]) {
    const shown = issues.slice(0, 5).join('; ');
    super(
      `${context.operationId} (${context.method} ${pathOf(context.url)}) returned HTTP ${status} with an unexpected body` +
        (shown ? `: ${shown}` : ''),
      context,
    );
    this.status = status;
    this.issues = issues;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, issues: this.issues };
  }
}

/**
 * A walk over pages was stopped before the upstream said it had ended (src/lib/walk-budget.ts):
 * too many pages, too long, the caller's deadline, or a repeated cursor. Nothing the walk yielded can be
 * taken for the whole listing.
 */
export class AtlassianListingStoppedError extends AtlassianError {
  readonly pagesRead: number;
  readonly why: WalkStopReason;

  constructor(context: AtlassianErrorContext, stop: WalkStop) {
    super(stop.detail, context);
    this.pagesRead = stop.pagesRead;
    this.why = stop.why;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), pagesRead: this.pagesRead, why: this.why };
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

export function isAtlassianError(value: unknown): value is AtlassianError {
  return value instanceof AtlassianError;
}
