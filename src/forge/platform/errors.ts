import type { z } from 'zod';
import type { ErrorBody, ErrorCode, ErrorDetails } from '../../contract/app/errors';

/**
 * The Forge app's error family. Resolvers never let an exception reach the platform: every failure is
 * serialised as `{ error: { code, message, details? } }` (src/contract/app/errors.ts) so the pages can
 * show words a person can act on. Messages never carry stack traces, tokens or upstream bodies.
 */
export { ERROR_CODES, type ErrorBody, type ErrorCode, type ErrorDetails } from '../../contract/app/errors';

export class ForgeAppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;
  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(message);
    this.name = 'ForgeAppError';
    this.code = code;
    this.details = details;
  }

  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export class ForbiddenError extends ForgeAppError {
  constructor(message = 'Only Jira administrators can do this.', details?: ErrorDetails) {
    super('forbidden', message, details);
    this.name = 'ForbiddenError';
  }
}

export class InvalidInputError extends ForgeAppError {
  constructor(message: string, details?: ErrorDetails) {
    super('invalid-input', message, details);
    this.name = 'InvalidInputError';
  }

  /** One readable line per rejected field; the input values themselves are never echoed. */
  static fromZod(error: z.ZodError): InvalidInputError {
    const fields = error.issues.slice(0, 20).map((i) => ({
      path: i.path.map(String).join('.') || '(payload)',
      message: i.message,
    }));
    return new InvalidInputError('The request is not valid.', { fields });
  }
}

export class NotFoundError extends ForgeAppError {
  constructor(message: string, details?: ErrorDetails) {
    super('not-found', message, details);
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends ForgeAppError {
  constructor(message: string, details?: ErrorDetails) {
    super('conflict', message, details);
    this.name = 'ConflictError';
  }
}

export class NotConfiguredError extends ForgeAppError {
  constructor(message: string, details?: ErrorDetails) {
    super('not-configured', message, details);
    this.name = 'NotConfiguredError';
  }
}

/** The proxy refused or failed; `code` already says which (policy, rate limit, outage, bad answer). */
export class ProxyError extends ForgeAppError {
  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(code, message, details);
    this.name = 'ProxyError';
  }
}

/** A Jira REST call failed; details name the operation and status, never the response body. */
export class JiraError extends ForgeAppError {
  constructor(operation: string, status: number | null, message?: string) {
    super(
      status === 429 ? 'rate-limited' : 'upstream-error',
      message ?? `Jira could not complete "${operation}"${status === null ? '' : ` (HTTP ${status})`}.`,
      { operation, status },
    );
    this.name = 'JiraError';
  }
}

export class StorageError extends ForgeAppError {
  constructor(message: string, details?: ErrorDetails) {
    super('storage-error', message, details);
    this.name = 'StorageError';
  }
}

/** Anything unexpected becomes `internal` with a fixed message: its text may hold data we must not show. */
export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof ForgeAppError) return err.toBody();
  return { code: 'internal', message: 'Something went wrong inside the app. Try again, or check the logs.' };
}
