import { ALL_DIRECTORIES, membershipStatusOf } from './memberships';
import { emailDomain, type OrgModel } from './org-model';
import type { Account, AccountStatus } from './types';

/** Org v2 `users/search` filtering over the model's indexes (docs §3.3). */

export type UserStatus = 'active' | 'suspended' | 'not_invited' | 'deactivated' | 'for_deletion';

export interface UserSearchFilters {
  accountIds?: string[] | undefined;
  directoryIds?: string[] | undefined;
  emails?: string[] | undefined;
  emailDomains?: string[] | undefined;
  searchTerm?: string | undefined;
  claimStatus?: 'managed' | 'unmanaged' | undefined;
  status?: UserStatus[] | undefined;
  accountStatus?: AccountStatus[] | undefined;
  membershipStatus?: Array<'active' | 'suspended' | 'no_membership'> | undefined;
  roleIds?: string[] | undefined;
  mfaEnabled?: boolean | undefined;
}

/** The composite `status` of Org v2: lifecycle first, then directory membership. */
export function userStatusOf(account: Account, directoryId: string): UserStatus {
  if (account.pendingDeletionSince !== null) return 'for_deletion';
  if (account.accountStatus !== 'active') return 'deactivated';
  const membership = membershipStatusOf(account, directoryId);
  if (membership === 'suspended') return 'suspended';
  if (membership === 'no_membership') return 'not_invited';
  return 'active';
}

export function platformRolesOf(account: Account): string[] {
  return account.orgAdmin ? ['atlassian/org-admin'] : [];
}

function inDirectory(account: Account, directoryId: string): boolean {
  return directoryId === ALL_DIRECTORIES || account.memberships.has(directoryId);
}

/** Candidate accounts from the narrowest index the filters allow, in creation order. */
function candidates(model: OrgModel, f: UserSearchFilters): Iterable<Account> {
  const bySeq = (list: Account[]) => list.sort((a, b) => a.seq - b.seq);
  if (f.emails) {
    return bySeq(
      f.emails.map((e) => model.findAccountByEmail(e)).filter((a): a is Account => a !== undefined),
    );
  }
  if (f.accountIds) {
    return bySeq(
      f.accountIds.map((id) => model.accounts.get(id)).filter((a): a is Account => a !== undefined),
    );
  }
  if (f.accountStatus) {
    const list: Account[] = [];
    for (const s of new Set(f.accountStatus)) {
      for (const id of model.accountIdsWithStatus(s)) {
        const account = model.accounts.get(id);
        if (account) list.push(account);
      }
    }
    return bySeq(list);
  }
  return model.accounts.values();
}

function matches(model: OrgModel, a: Account, directoryId: string, f: UserSearchFilters): boolean {
  if (!inDirectory(a, directoryId)) return false;
  if (f.directoryIds && !f.directoryIds.some((d) => a.memberships.has(d))) return false;
  if (f.accountIds && !f.accountIds.includes(a.accountId)) return false;
  if (f.accountStatus && !f.accountStatus.includes(a.accountStatus)) return false;
  if (f.emails && !f.emails.some((e) => e.toLowerCase() === a.email.toLowerCase())) return false;
  if (f.emailDomains && !f.emailDomains.some((d) => d.toLowerCase() === emailDomain(a.email))) return false;
  if (f.claimStatus && (model.isManaged(a) ? 'managed' : 'unmanaged') !== f.claimStatus) return false;
  if (f.status && !f.status.includes(userStatusOf(a, directoryId))) return false;
  if (f.membershipStatus && !f.membershipStatus.includes(membershipStatusOf(a, directoryId))) return false;
  if (f.mfaEnabled !== undefined && a.mfaEnabled !== f.mfaEnabled) return false;
  if (f.roleIds) {
    const roles = new Set(['atlassian/user', ...platformRolesOf(a)]);
    if (!f.roleIds.some((r) => roles.has(r))) return false;
  }
  if (f.searchTerm) {
    const term = f.searchTerm.toLowerCase();
    if (![a.name, a.email, a.nickname].some((s) => s.toLowerCase().includes(term))) return false;
  }
  return true;
}

export interface SearchPage {
  accounts: Account[];
  /** Offset of the next page, or null on the last page. */
  nextOffset: number | null;
}

export function searchUsers(
  model: OrgModel,
  directoryId: string,
  filters: UserSearchFilters,
  offset: number,
  limit: number,
): SearchPage {
  const page: Account[] = [];
  let seen = 0;
  for (const account of candidates(model, filters)) {
    if (!matches(model, account, directoryId, filters)) continue;
    if (seen >= offset) {
      if (page.length === limit) return { accounts: page, nextOffset: offset + limit };
      page.push(account);
    }
    seen += 1;
  }
  return { accounts: page, nextOffset: null };
}
