/**
 * The use-case errors of the proxy: refusals an operation decides on purpose, before or instead of any
 * upstream change. Each carries a stable `code` (one per subclass, also readable as a static, so a
 * caller can switch on it without importing the class) and a small, secret-free `context` naming what
 * was refused. They know nothing of HTTP: src/proxy/http/error-mapping.ts turns each code into its
 * problem+json answer at the edge, and the audit line records the same mapping.
 */
export type OperationErrorCode =
  | 'protected-account'
  | 'directory-not-allowed'
  | 'idp-sync-not-configured'
  | 'idp-sync-running'
  | 'idp-run-not-found'
  | 'batch-not-found'
  | 'stopping';

export abstract class OperationError extends Error {
  /** Each subclass names its code once, here; the instance reads it from its class. */
  static readonly code: OperationErrorCode;
  /** Ids that name what was refused; never a secret, an upstream body or a stack. */
  readonly context: Readonly<Record<string, string>>;

  constructor(message: string, context: Readonly<Record<string, string>> = {}) {
    super(message);
    this.name = new.target.name;
    this.context = context;
  }

  get code(): OperationErrorCode {
    return (this.constructor as typeof OperationError).code;
  }
}

/** The account is on PROTECTED_ACCOUNTS (by id, or by email once read): the proxy never changes it. */
export class ProtectedAccountError extends OperationError {
  static override readonly code = 'protected-account';
  constructor(accountId: string) {
    super('The account is on the protected list; the proxy never changes it.', { accountId });
  }
}

/** A directory the request names explicitly is outside ALLOWED_DIRECTORIES. */
export class DirectoryNotAllowedError extends OperationError {
  static override readonly code = 'directory-not-allowed';
  constructor(directoryId: string) {
    super('The directory is outside ALLOWED_DIRECTORIES; the proxy never touches it.', { directoryId });
  }
}

/** An IdP sync asked of a proxy without KEYCLOAK_* configuration. */
export class IdpSyncNotConfiguredError extends OperationError {
  static override readonly code = 'idp-sync-not-configured';
  constructor() {
    super('This proxy has no identity provider configured.');
  }
}

/** A second sync while one runs: two runs would plan against each other's half-applied changes. */
export class IdpSyncRunningError extends OperationError {
  static override readonly code = 'idp-sync-running';
  constructor() {
    super('Another IdP sync is in progress on this proxy.');
  }
}

/** An IdP run this proxy does not know (never started here, forgotten, or another caller's). */
export class IdpRunNotFoundError extends OperationError {
  static override readonly code = 'idp-run-not-found';
  constructor(runId: string) {
    super(`No IdP run ${runId} is known to this proxy for this caller (runs are kept in memory only).`, {
      runId,
    });
  }
}

/** A batch id this proxy does not know (never created here, or its state directory was replaced). */
export class BatchNotFoundError extends OperationError {
  static override readonly code = 'batch-not-found';
  constructor(batchId: string) {
    super('No batch with this id exists on this proxy.', { batchId });
  }
}

/** The proxy is stopping: new background work is refused so it cannot be cut off half done. */
export class StoppingError extends OperationError {
  static override readonly code = 'stopping';
  constructor() {
    super('The proxy is stopping; start the batch again once it is back.');
  }
}
