import { ALL_DIRECTORIES, membershipStatusOf } from '../model/memberships';
import type { OrgModel } from '../model/org-model';
import type { Account } from '../model/types';
import { platformRolesOf, userStatusOf } from '../model/user-search';

/** Org v2 user shapes (MultiDirectoryUser, MultiDirectoryUserDetailsData), camelCase (docs §3.4). */

const optional = <K extends string>(key: K, value: string | null) =>
  value === null ? {} : ({ [key]: value } as Record<K, string>);

function avatarOf(account: Account): string {
  const initials = account.name
    .split(/\s+/)
    .map((p) => p[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return `https://avatar-management.services.atlassian.com/initials/${initials || 'U'}-5.png`;
}

function common(model: OrgModel, account: Account, directoryId: string) {
  const avatar = avatarOf(account);
  return {
    accountId: account.accountId,
    accountType: 'atlassian' as const,
    accountStatus: account.accountStatus,
    membershipStatus: membershipStatusOf(account, directoryId),
    status: userStatusOf(account, directoryId),
    claimStatus: model.isManaged(account) ? ('managed' as const) : ('unmanaged' as const),
    // The spec's enum lists no null (OpenAPI 3.0.3 `nullable` does not extend an enum), so an
    // unknown source is expressed by leaving the field out.
    ...(account.managementSource === null ? {} : { managementSource: account.managementSource }),
    email: account.email,
    emailVerified: true,
    name: account.name,
    nickname: account.nickname,
    picture: avatar,
    avatar,
    addedToOrg: account.addedToOrg,
    mfaEnabled: account.mfaEnabled,
    ...optional('jobTitle', account.jobTitle),
    ...optional('department', account.department),
    ...optional('organization', account.organization),
    ...optional('timeZone', account.timeZone),
  };
}

export function toMultiDirectoryUser(
  model: OrgModel,
  account: Account,
  directoryId: string,
  expand: ReadonlySet<string>,
) {
  return {
    ...common(model, account, directoryId),
    ...(expand.has('platformRoles') ? { platformRoles: platformRolesOf(account) } : {}),
    links: { self: `/admin/v2/orgs/${model.orgId}/directories/${directoryId}/users/${account.accountId}` },
  };
}

export function toUserDetails(model: OrgModel, account: Account, directoryId: string) {
  return {
    ...common(model, account, directoryId),
    platformRoles: platformRolesOf(account),
    ...optional('deactivatedOn', account.deactivatedOn),
  };
}

export { ALL_DIRECTORIES };
