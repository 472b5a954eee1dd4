import { NotFoundError } from './errors';
import type { OrgModel } from './org-model';
import type { Account, MembershipStatus } from './types';

/** Org v2 directory membership: suspend / restore / remove act here, not on the account lifecycle. */

export const ALL_DIRECTORIES = '-';

/** The directories of the account a request names: one, or all its memberships for `-`. */
function targets(model: OrgModel, account: Account, directoryId: string): string[] {
  if (directoryId === ALL_DIRECTORIES) {
    const all = [...account.memberships.keys()];
    if (all.length === 0) throw new NotFoundError('membership', account.accountId);
    return all;
  }
  model.directory(directoryId);
  if (!account.memberships.has(directoryId)) throw new NotFoundError('membership', account.accountId);
  return [directoryId];
}

export function setMembership(
  model: OrgModel,
  directoryId: string,
  accountId: string,
  status: MembershipStatus,
): void {
  const account = model.getAccount(accountId);
  for (const d of targets(model, account, directoryId)) account.memberships.set(d, status);
  model.clock.tick();
}

export function removeMembership(model: OrgModel, directoryId: string, accountId: string): void {
  const account = model.getAccount(accountId);
  for (const d of targets(model, account, directoryId)) account.memberships.delete(d);
  model.clock.tick();
}

/** Membership as Org v2 reports it: of one directory, or the best across all for `-`. */
export function membershipStatusOf(
  account: Account,
  directoryId: string,
): MembershipStatus | 'no_membership' {
  if (directoryId !== ALL_DIRECTORIES) return account.memberships.get(directoryId) ?? 'no_membership';
  const values = [...account.memberships.values()];
  if (values.includes('active')) return 'active';
  if (values.includes('suspended')) return 'suspended';
  return 'no_membership';
}
