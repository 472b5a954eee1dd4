import {
  ForbiddenActionError,
  LifecycleConflictError,
  TargetUnverifiedError,
  type ForbiddenReason,
} from './errors';
import type { OrgModel } from './org-model';
import type { Account } from './types';

/** User-management lifecycle (enable/disable) and the privilege map behind it (docs §4). */

export type Privilege = { allowed: true } | { allowed: false; reason: { key: ForbiddenReason } };

export const PRIVILEGE_KEYS = [
  'profile',
  'profile.write',
  'profile.read',
  'email.set',
  'lifecycle.enablement',
  'lifecycle.delete',
  'apiToken.read',
  'apiToken.delete',
] as const;
export type PrivilegeKey = (typeof PRIVILEGE_KEYS)[number];

const PROFILE_FIELDS = [
  'name',
  'nickname',
  'zoneinfo',
  'locale',
  'extended_profile.job_title',
  'extended_profile.organization',
  'extended_profile.department',
  'extended_profile.location',
] as const;
/** Profile fields the IdP owns while the account is SCIM-linked ([ID-8650]). */
const SCIM_OWNED_PROFILE_FIELDS = new Set([
  'name',
  'extended_profile.job_title',
  'extended_profile.organization',
  'extended_profile.department',
]);

const ALLOWED: Privilege = { allowed: true };
const denied = (key: ForbiddenReason): Privilege => ({ allowed: false, reason: { key } });

function requireManaged(model: OrgModel, account: Account): void {
  if (!model.isManaged(account)) throw new TargetUnverifiedError(account.accountId);
}

export function privilegesOf(model: OrgModel, accountId: string): Record<PrivilegeKey, unknown> {
  const account = model.getAccount(accountId);
  requireManaged(model, account);
  const linked = model.isLinked(accountId);
  const profile: Record<string, Privilege> = {};
  for (const field of PROFILE_FIELDS) {
    profile[field] =
      linked && SCIM_OWNED_PROFILE_FIELDS.has(field) ? denied('externalDirectory.scim') : ALLOWED;
  }
  const enablement = linked
    ? denied('externalDirectory.scim')
    : account.exportControl
      ? denied('blocked.exportControl')
      : ALLOWED;
  return {
    profile,
    'profile.write': profile,
    'profile.read': ALLOWED,
    'email.set': linked ? denied('externalDirectory.scim') : ALLOWED,
    'lifecycle.enablement': enablement,
    'lifecycle.delete': ALLOWED,
    'apiToken.read': ALLOWED,
    'apiToken.delete': ALLOWED,
  };
}

function checkLifecycle(model: OrgModel, account: Account): void {
  requireManaged(model, account);
  if (model.isLinked(account.accountId))
    throw new ForbiddenActionError('externalDirectory.scim', account.accountId);
  if (account.accountStatus === 'closed') {
    throw new LifecycleConflictError(account.accountId, 'account.closed', 'The account is closed.');
  }
  if (account.pendingDeletionSince !== null) {
    throw new LifecycleConflictError(
      account.accountId,
      'account.pendingDeletion',
      'The account is scheduled for deletion; cancel the deletion first.',
    );
  }
}

export function enableAccount(model: OrgModel, accountId: string): void {
  const account = model.getAccount(accountId);
  checkLifecycle(model, account);
  if (account.exportControl) throw new ForbiddenActionError('blocked.exportControl', accountId);
  model.setAccountStatus(account, 'active');
}

export function disableAccount(model: OrgModel, accountId: string): void {
  const account = model.getAccount(accountId);
  checkLifecycle(model, account);
  model.setAccountStatus(account, 'inactive');
}
