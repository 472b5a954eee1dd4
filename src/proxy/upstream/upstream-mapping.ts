import type { OrgUser as UpstreamOrgUser } from '../../atlassian/clients/org-schemas';
import type { ScimUser } from '../../atlassian/clients/scim-schemas';
import type { ManagePrivileges } from '../../atlassian/clients/user-management-client';
import { privilege } from '../../atlassian/clients/user-management-client';
import { AtlassianResponseShapeError } from '../../atlassian/errors';
import type { AccountStatus, MembershipStatus } from '../../contract/proxy';
import type { OrgUser, Privilege, RecordState } from '../accounts/domain/snapshot';

/**
 * Pure translations from the typed clients' shapes (which tolerate values Atlassian adds later) to the
 * domain snapshot (which the decisions rely on). Where a value is unknown the choice is the one that
 * can only block an action, never enable one.
 */

const ACCOUNT_STATUSES: readonly string[] = ['active', 'inactive', 'closed'];
const MEMBERSHIP_STATUSES: readonly string[] = ['active', 'suspended', 'no_membership'];
const USER_STATUSES: readonly string[] = [
  'active',
  'suspended',
  'not_invited',
  'deactivated',
  'for_deletion',
];

export function toDomainUser(u: UpstreamOrgUser): OrgUser {
  // Every decision starts from accountStatus, so an answer without a known one is not usable.
  if (u.accountStatus === undefined || !ACCOUNT_STATUSES.includes(u.accountStatus)) {
    throw new AtlassianResponseShapeError(
      { operationId: 'org.searchUsers', api: 'org', method: 'POST', url: 'users/search' },
      200,
      ['data[].accountStatus: missing or not active|inactive|closed'],
    );
  }
  return {
    accountId: u.accountId,
    email: u.email ?? null,
    name: u.name ?? null,
    accountStatus: u.accountStatus as AccountStatus,
    status:
      u.status !== undefined && USER_STATUSES.includes(u.status) ? (u.status as OrgUser['status']) : null,
    // Unknown claim status counts as unmanaged: that only adds the not-managed blocker.
    claimStatus: u.claimStatus === 'managed' ? 'managed' : 'unmanaged',
    managementSource:
      u.managementSource === 'invited' ? 'invited' : u.managementSource === 'synced' ? 'synced' : null,
  };
}

/** Membership as one directory's search reports it; an unknown value counts as no membership. */
export function toMembershipStatus(value: string | undefined): MembershipStatus {
  return value !== undefined && MEMBERSHIP_STATUSES.includes(value)
    ? (value as MembershipStatus)
    : 'no_membership';
}

/**
 * The SCIM record behind a link. A record without `active` cannot say whether the IdP still wants the
 * user, so it is reported as unreadable rather than guessed either way.
 */
/** An upstream time passed on only when it parses as one, so a malformed value never reaches a record. */
function isoTimeOrNull(value: string | undefined): string | null {
  if (value === undefined) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export function toRecordState(user: ScimUser): RecordState {
  if (typeof user.active !== 'boolean') return { kind: 'unreadable', status: 200 };
  return {
    kind: 'known',
    record: {
      id: user.id,
      active: user.active,
      userName: user.userName ?? null,
      externalId: user.externalId ?? null,
      groups: (user.groups ?? [])
        .filter((g): g is typeof g & { value: string } => typeof g.value === 'string' && g.value !== '')
        .map((g) => ({ id: g.value, displayName: g.display ?? null })),
      lastModified: isoTimeOrNull(user.meta?.lastModified),
    },
  };
}

/** `lifecycle.enablement` of the UM privilege map; null when the map does not mention it. */
export function toEnablement(privileges: ManagePrivileges): Privilege | null {
  const verdict = privilege(privileges, 'lifecycle.enablement');
  if (verdict.allowed === undefined) return null;
  return { allowed: verdict.allowed, reasonKey: verdict.allowed ? null : (verdict.reason ?? null) };
}
