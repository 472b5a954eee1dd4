import type {
  AccountSnapshot,
  LinkSnapshot,
  OrgUser,
  ScimGroup,
} from '../../../../../src/proxy/accounts/domain/snapshot';
import type { Policy } from '../../../../../src/proxy/accounts/domain/policy';

export const ORG = 'org-1';
export const ACCOUNT = '712020:aaaa-bbbb';

export function user(over: Partial<OrgUser> = {}): OrgUser {
  return {
    accountId: ACCOUNT,
    email: 'ada@example.com',
    name: 'Ada',
    accountStatus: 'inactive',
    status: 'deactivated',
    claimStatus: 'managed',
    managementSource: 'synced',
    ...over,
  };
}

export function knownLink(directoryId: string, active: boolean, groups: ScimGroup[] = []): LinkSnapshot {
  return {
    directoryId,
    directoryName: `Dir ${directoryId}`,
    scimUserId: `scim-${directoryId}`,
    record: {
      kind: 'known',
      record: { id: `scim-${directoryId}`, active, userName: 'ada@example.com', externalId: 'ext-1', groups },
    },
  };
}

export function opaqueLink(directoryId: string, kind: 'no-key' | 'missing' = 'no-key'): LinkSnapshot {
  return { directoryId, directoryName: null, scimUserId: `scim-${directoryId}`, record: { kind } };
}

/** A SCIM-locked account: inactive, managed, linked in d1 with an inactive record, UM refusing for SCIM. */
export function snapshot(over: Partial<AccountSnapshot> = {}): AccountSnapshot {
  return {
    accountId: ACCOUNT,
    user: user(),
    memberships: [{ directoryId: 'd1', directoryName: 'Dir d1', membershipStatus: 'active' }],
    scimLinks: [knownLink('d1', false, [{ id: 'g1', displayName: 'jira-users' }])],
    enablement: { allowed: false, reasonKey: 'externalDirectory.scim' },
    ...over,
  };
}

export function policy(
  over: { protectedIds?: string[]; protectedEmails?: string[]; allowed?: string[] | null } = {},
): Policy {
  return {
    protectedAccounts: {
      accountIds: new Set(over.protectedIds ?? []),
      emails: new Set((over.protectedEmails ?? []).map((e) => e.toLowerCase())),
    },
    allowedDirectories: over.allowed === undefined || over.allowed === null ? null : new Set(over.allowed),
  };
}
