import { diagnose } from '../../../../../src/proxy/accounts/domain/diagnose';
import type { AccountSnapshot } from '../../../../../src/proxy/accounts/domain/snapshot';
import type { Policy } from '../../../../../src/proxy/accounts/domain/policy';
import { ACCOUNT, knownLink, opaqueLink, policy, snapshot, user } from './fixtures';

interface Case {
  name: string;
  snap: AccountSnapshot;
  pol?: Policy;
  state: string;
  canUnlock: boolean;
  blockers: string[];
  warnings?: string[];
}

const cases: Case[] = [
  {
    name: 'S1: inactive, linked, IdP record inactive → locked-by-scim, unlockable',
    snap: snapshot(),
    state: 'locked-by-scim',
    canUnlock: true,
    blockers: [],
    warnings: ['group-loss', 'relink-risk', 'check-site-access'],
  },
  {
    name: 'not in the org → not-found',
    snap: snapshot({ user: null, memberships: [], scimLinks: [], enablement: null }),
    state: 'not-found',
    canUnlock: false,
    blockers: ['not-found'],
  },
  {
    name: 'closed account',
    snap: snapshot({ user: user({ accountStatus: 'closed' }) }),
    state: 'closed',
    canUnlock: false,
    blockers: ['account-closed'],
  },
  {
    name: 'active and linked: nothing to unlock',
    snap: snapshot({
      user: user({ accountStatus: 'active', status: 'active' }),
      scimLinks: [knownLink('d1', true)],
    }),
    state: 'active',
    canUnlock: false,
    blockers: [],
  },
  {
    name: 'active with a suspended membership → suspended, unlockable',
    snap: snapshot({
      user: user({ accountStatus: 'active', status: 'suspended' }),
      memberships: [{ directoryId: 'd1', directoryName: null, membershipStatus: 'suspended' }],
      scimLinks: [],
    }),
    state: 'suspended',
    canUnlock: true,
    blockers: [],
  },
  {
    name: 'inactive, unlinked, managed → deactivated, unlockable',
    snap: snapshot({ scimLinks: [], enablement: { allowed: true, reasonKey: null } }),
    state: 'deactivated',
    canUnlock: true,
    blockers: [],
    warnings: ['check-site-access'],
  },
  {
    name: 'inactive, unlinked, unmanaged → not-managed',
    snap: snapshot({ user: user({ claimStatus: 'unmanaged' }), scimLinks: [], enablement: null }),
    state: 'not-managed',
    canUnlock: false,
    blockers: ['not-managed'],
  },
  {
    name: 'linked but unmanaged: locked-by-scim, blocked by not-managed (E3)',
    snap: snapshot({ user: user({ claimStatus: 'unmanaged' }), enablement: null }),
    state: 'locked-by-scim',
    canUnlock: false,
    blockers: ['not-managed'],
  },
  {
    name: 'protected by account id',
    snap: snapshot(),
    pol: policy({ protectedIds: [ACCOUNT] }),
    state: 'locked-by-scim',
    canUnlock: false,
    blockers: ['protected-account'],
  },
  {
    name: 'protected by email, case-insensitively',
    snap: snapshot({ user: user({ email: 'ADA@Example.com' }) }),
    pol: policy({ protectedEmails: ['ada@example.COM'] }),
    state: 'locked-by-scim',
    canUnlock: false,
    blockers: ['protected-account'],
  },
  {
    name: 'E4: export control',
    snap: snapshot({ scimLinks: [], enablement: { allowed: false, reasonKey: 'blocked.exportControl' } }),
    state: 'deactivated',
    canUnlock: false,
    blockers: ['export-control'],
  },
  {
    name: 'S5/E4: pending deletion',
    snap: snapshot({ user: user({ status: 'for_deletion' }), scimLinks: [], enablement: null }),
    state: 'deactivated',
    canUnlock: false,
    blockers: ['pending-deletion'],
  },
  {
    name: 'E5: Google Workspace sync needs Support',
    snap: snapshot({ scimLinks: [], enablement: { allowed: false, reasonKey: 'externalDirectory.google' } }),
    state: 'deactivated',
    canUnlock: false,
    blockers: ['google-sync-needs-support'],
  },
  {
    name: 'IdP record still active → scim-active-in-idp',
    snap: snapshot({ scimLinks: [knownLink('d1', true)] }),
    state: 'locked-by-scim',
    canUnlock: false,
    blockers: ['scim-active-in-idp'],
  },
  {
    name: 'linked in a directory outside the allowlist',
    snap: snapshot({ scimLinks: [knownLink('d1', false), knownLink('d2', false)] }),
    pol: policy({ allowed: ['d1'] }),
    state: 'locked-by-scim',
    canUnlock: false,
    blockers: ['directory-not-allowed'],
  },
  {
    name: 'UM reports a SCIM link the lookup did not return',
    snap: snapshot({ scimLinks: [] }),
    state: 'deactivated',
    canUnlock: false,
    blockers: ['lifecycle-not-allowed'],
  },
  {
    name: 'UM refuses for another reason',
    snap: snapshot({ scimLinks: [], enablement: { allowed: false, reasonKey: 'administrative' } }),
    state: 'deactivated',
    canUnlock: false,
    blockers: ['lifecycle-not-allowed'],
  },
  {
    name: 'E2: two directories, one record unreadable → unlockable with warnings',
    snap: snapshot({ scimLinks: [knownLink('d1', false), opaqueLink('d2')] }),
    state: 'locked-by-scim',
    canUnlock: true,
    blockers: [],
    warnings: ['scim-record-unknown', 'all-directories', 'relink-risk', 'check-site-access'],
  },
];

describe('diagnose', () => {
  test.each(cases)('$name', ({ snap, pol, state, canUnlock, blockers, warnings }) => {
    const d = diagnose(snap, pol ?? policy());
    expect(d.state).toBe(state);
    expect(d.canUnlock).toBe(canUnlock);
    expect(d.blockers.map((b) => b.code)).toEqual(blockers);
    if (warnings) expect(d.warnings.map((w) => w.code)).toEqual(warnings);
    expect(d.recommended.length).toBeGreaterThan(10);
  });

  test('group-loss warning lists the groups the account had (E6)', () => {
    const snap = snapshot({
      scimLinks: [
        knownLink('d1', false, [{ id: 'g1', displayName: 'jira-users' }]),
        knownLink('d2', false, [{ id: 'g2', displayName: 'confluence-users' }]),
      ],
    });
    const w = diagnose(snap, policy()).warnings.find((x) => x.code === 'group-loss');
    expect(w?.groups).toEqual([
      { id: 'g1', displayName: 'jira-users' },
      { id: 'g2', displayName: 'confluence-users' },
    ]);
    expect(w?.directoryIds).toEqual(['d1', 'd2']);
  });

  test('the recommendation follows the first blocker', () => {
    const d = diagnose(
      snapshot({ scimLinks: [], enablement: { allowed: false, reasonKey: 'externalDirectory.google' } }),
      policy(),
    );
    expect(d.recommended).toMatch(/Support/);
  });
});
