import type {
  Account,
  AccountStatus,
  ClaimStatus,
  ManagementSource,
  MembershipStatus,
  ScimLink,
} from '../../../contract/proxy';

/**
 * What the operations read from upstream about one account, before any decision is made. Every pure
 * function in this folder works on this shape only, so the decisions can be tested without HTTP.
 *
 * Sources:
 * - `user`: Org v2 `users/search` / `users/{id}` (null when the org has no such account);
 * - `memberships`: Org v2 `membershipStatus`, one entry per directory the account is in;
 * - `scimLinks`: SCIM admin `get-scim-links` (one per directory), each with the SCIM record read with
 *   that directory's key (`scim.getUser`) when the proxy holds the key;
 * - `enablement`: user-management `GET /users/{id}/manage` privilege `lifecycle.enablement`.
 */
export interface AccountSnapshot {
  accountId: string;
  user: OrgUser | null;
  memberships: Membership[];
  scimLinks: LinkSnapshot[];
  /** Null when it was not read (e.g. the account is unmanaged and UM answered 403/404). */
  enablement: Privilege | null;
}

export interface OrgUser {
  accountId: string;
  email: string | null;
  name: string | null;
  accountStatus: AccountStatus;
  /** Org v2 composite `status`; `for_deletion` marks the 14-day deletion grace period. */
  status: 'active' | 'suspended' | 'not_invited' | 'deactivated' | 'for_deletion' | null;
  claimStatus: ClaimStatus;
  managementSource: ManagementSource;
}

export interface Membership {
  directoryId: string;
  directoryName: string | null;
  membershipStatus: MembershipStatus;
}

export interface ScimGroup {
  id: string;
  displayName: string | null;
}

export interface ScimRecord {
  id: string;
  active: boolean;
  userName: string | null;
  externalId: string | null;
  groups: ScimGroup[];
  /** SCIM `meta.lastModified` when the directory reports a valid time; the incremental scan shows it. */
  lastModified?: string | null;
}

/**
 * What is known about the SCIM record behind a link:
 * - `known`: read with the directory's key;
 * - `no-key`: the proxy holds no key for that directory;
 * - `missing`: the key worked but the record is gone (404) — an orphaned link (admin-scenarios S6);
 * - `unreadable`: the read failed for another reason (the status is kept for the operator).
 */
export type RecordState =
  | { kind: 'known'; record: ScimRecord }
  | { kind: 'no-key' }
  | { kind: 'missing' }
  | { kind: 'unreadable'; status: number | null };

export interface LinkSnapshot {
  directoryId: string;
  directoryName: string | null;
  scimUserId: string;
  record: RecordState;
}

/** A UM privilege, e.g. `lifecycle.enablement: {allowed: false, reason: {key: 'externalDirectory.scim'}}`. */
export interface Privilege {
  allowed: boolean;
  reasonKey: string | null;
}

/** UM reason keys the decisions depend on (atlassian-admin-apis.md §4.2). */
export const UM_REASON = {
  scim: 'externalDirectory.scim',
  google: 'externalDirectory.google',
  exportControl: 'blocked.exportControl',
} as const;

/** The fields every view of an account shares, from the org's own record of it. */
export function accountFields(u: OrgUser): Omit<Account, 'memberships'> {
  return {
    accountId: u.accountId,
    email: u.email,
    name: u.name,
    accountStatus: u.accountStatus,
    claimStatus: u.claimStatus,
    managementSource: u.managementSource,
    pendingDeletion: u.status === 'for_deletion',
  };
}

/** The account as the contract shows it; null when the org has no such account. */
export function toAccountView(snapshot: AccountSnapshot): Account | null {
  const u = snapshot.user;
  if (u === null) return null;
  return { ...accountFields(u), memberships: snapshot.memberships.map((m) => ({ ...m })) };
}

export function toScimLinkView(link: LinkSnapshot): ScimLink {
  const base = {
    directoryId: link.directoryId,
    directoryName: link.directoryName,
    scimUserId: link.scimUserId,
  };
  if (link.record.kind === 'known') {
    const r = link.record.record;
    return {
      ...base,
      record: 'known',
      active: r.active,
      userName: r.userName,
      externalId: r.externalId,
      groups: r.groups.map((g) => ({ ...g })),
    };
  }
  return {
    ...base,
    record: link.record.kind,
    active: null,
    userName: null,
    externalId: null,
    groups: null,
  };
}
