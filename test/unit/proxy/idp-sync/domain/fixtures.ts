import type { IdpUser } from '../../../../../src/keycloak';
import type { AccountSnapshot, OrgUser } from '../../../../../src/proxy/accounts/domain/snapshot';
import type { IdpDeactivationRecord } from '../../../../../src/proxy/idp-sync/state-file';

/** Builders shared by the IdP sync's domain tables. */
export const noPolicy = {
  protectedAccounts: { accountIds: new Set<string>(), emails: new Set<string>() },
  allowedDirectories: null,
};
export const kc = (email: string | null, enabled: boolean, emailVerified = true): IdpUser => ({
  id: `kc-${email}`,
  username: email ?? 'x',
  email,
  emailVerified,
  enabled,
});
export const account = (email: string, over: Partial<OrgUser> = {}): OrgUser => ({
  accountId: `aa-${email}`,
  email,
  name: null,
  accountStatus: 'active',
  status: 'active',
  claimStatus: email.endsWith('@acme.example') ? 'managed' : 'unmanaged',
  managementSource: 'invited',
  ...over,
});
/** By default the record names the Keycloak user `kc()` builds for the account's email. */
export const record = (
  accountId: string,
  action: 'deactivate' | 'suspend',
  directoryIds: string[] = [],
  keycloakUserId: string | null = accountId.replace(/^aa-/, 'kc-'),
): IdpDeactivationRecord => ({
  accountId,
  email: null,
  keycloakUserId,
  action,
  directoryIds,
  at: '2026-11-02T09:00:00.000Z',
  requestId: 'r-1',
});

export const ctx = { orgId: 'org-1', policy: noPolicy };
export const snap = (user: OrgUser | null, over: Partial<AccountSnapshot> = {}): AccountSnapshot => ({
  accountId: user?.accountId ?? 'aa-x',
  user,
  memberships: [],
  scimLinks: [],
  enablement: null,
  ...over,
});
