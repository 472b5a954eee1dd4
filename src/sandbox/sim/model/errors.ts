/**
 * Errors raised by model operations. Each API's routes translate them into that API's own error
 * body; messages never carry secrets.
 */
export abstract class SimModelError extends Error {
  abstract readonly kind: string;
}

export class NotFoundError extends SimModelError {
  readonly kind = 'notFound';
  constructor(
    readonly resource: 'account' | 'scimUser' | 'scimGroup' | 'directory' | 'membership',
    readonly id: string,
  ) {
    super(`${resource} ${id} not found`);
  }
}

export class UniquenessError extends SimModelError {
  readonly kind = 'uniqueness';
  constructor(
    readonly resource: 'USER' | 'GROUP',
    readonly attribute: string,
    readonly value: string,
  ) {
    super(`Resource [${resource}]: with ${attribute}[${value}] already exists.`);
  }
}

/** A SCIM request the model cannot apply (bad value, unknown path, immutable attribute). */
export class InvalidScimRequestError extends SimModelError {
  readonly kind = 'invalidScim';
  constructor(
    readonly scimType:
      'invalidValue' | 'invalidPath' | 'mutability' | 'invalidSyntax' | 'noTarget' | 'invalidFilter',
    detail: string,
  ) {
    super(detail);
  }
}

export type ForbiddenReason =
  'administrative' | 'blocked.exportControl' | 'externalDirectory.scim' | 'managedAccount';

/** User management refuses the action for a documented reason (403 forbidden.action). */
export class ForbiddenActionError extends SimModelError {
  readonly kind = 'forbiddenAction';
  constructor(
    readonly reason: ForbiddenReason,
    readonly accountId: string,
  ) {
    super(`action not allowed for ${accountId}: ${reason}`);
  }
}

/** The account is not on a claimed domain, so the org cannot manage its lifecycle. */
export class TargetUnverifiedError extends SimModelError {
  readonly kind = 'targetUnverified';
  constructor(readonly accountId: string) {
    super(`account ${accountId} is not managed by this organization`);
  }
}

/** The account is not eligible for the lifecycle action (409 conflict.lifecycleErrors). */
export class LifecycleConflictError extends SimModelError {
  readonly kind = 'lifecycleConflict';
  constructor(
    readonly accountId: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
