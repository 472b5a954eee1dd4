import type { IdpUser } from '../../../../../src/keycloak';
import type { AccountSnapshot, OrgUser } from '../../../../../src/proxy/accounts/domain/snapshot';
import {
  capTrip,
  describeDeactivation,
  findCandidates,
  planIdpReactivate,
  preReadReactivationTrip,
  preReadTrip,
  reactivationTrip,
  shareLimit,
} from '../../../../../src/proxy/idp-sync/domain/sync-plan';
import type { IdpDeactivationRecord } from '../../../../../src/proxy/idp-sync/state-file';
import { planDeactivate } from '../../../../../src/proxy/accounts/domain/plan';

const noPolicy = {
  protectedAccounts: { accountIds: new Set<string>(), emails: new Set<string>() },
  allowedDirectories: null,
};
const kc = (email: string | null, enabled: boolean, emailVerified = true): IdpUser => ({
  id: `kc-${email}`,
  username: email ?? 'x',
  email,
  emailVerified,
  enabled,
});
const account = (email: string, over: Partial<OrgUser> = {}): OrgUser => ({
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
const record = (
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

describe('findCandidates', () => {
  const stay = account('stay@acme.example');
  const gone = account('gone@acme.example');
  const missing = account('missing@acme.example');
  const extDisabled = account('ext@partner.example');
  const extMissing = account('other@gmail.com');
  const inactive = account('old@acme.example', { accountStatus: 'inactive' });
  const vip = account('vip@acme.example');
  const back = account('back@acme.example', { accountStatus: 'inactive', status: 'deactivated' });

  const run = (over: Partial<Parameters<typeof findCandidates>[0]> = {}) =>
    findCandidates({
      idpUsers: [
        kc('stay@acme.example', true),
        kc('gone@acme.example', false),
        kc('ext@partner.example', false),
        kc('old@acme.example', false),
        kc('vip@acme.example', false),
        kc('back@acme.example', true),
        kc('nobody@acme.example', false),
        kc(null, false),
      ],
      matched: [stay, gone, extDisabled, inactive, vip, back],
      managedActive: [stay, gone, missing, vip],
      policy: noPolicy,
      records: new Map(),
      reactivate: false,
      ...over,
    });

  test('disabled (any domain) and missing (managed only) are leavers; enabled users and absent externals are not', () => {
    const r = run();
    expect(r.leavers.map((c) => [c.user.email, c.idpState])).toEqual([
      ['ext@partner.example', 'disabled'],
      ['gone@acme.example', 'disabled'],
      ['missing@acme.example', 'missing'],
      ['vip@acme.example', 'disabled'],
    ]);
    expect(r.leavers.map((c) => c.user.email)).not.toContain(extMissing.email);
    expect(r.prejudged.map((p) => [p.candidate.user.email, p.code])).toEqual([
      ['old@acme.example', 'already-inactive'],
    ]);
    expect(r.matchedAccounts).toBe(6);
    // nobody@ has no account, one realm user has no email.
    expect(r.unmatchedIdpUsers).toBe(2);
  });

  test('protected accounts are decided without a read and never become leavers to act on', () => {
    const r = run({
      policy: {
        ...noPolicy,
        protectedAccounts: { accountIds: new Set(), emails: new Set(['vip@acme.example']) },
      },
    });
    expect(r.leavers.map((c) => c.user.email)).not.toContain('vip@acme.example');
    expect(r.prejudged.find((p) => p.candidate.user.email === 'vip@acme.example')?.code).toBe('protected');
  });

  test('emails match case-insensitively', () => {
    const r = run({
      matched: [account('Gone@Acme.Example', { accountId: 'aa-gone@acme.example' })],
      managedActive: [],
    });
    expect(r.leavers.map((c) => c.user.accountId)).toEqual(['aa-gone@acme.example']);
  });

  test('an enabled duplicate of an email outvotes a disabled one', () => {
    const r = run({
      idpUsers: [kc('gone@acme.example', false), { ...kc('gone@acme.example', true), id: 'dup' }],
    });
    expect(r.leavers.map((c) => c.user.email)).not.toContain('gone@acme.example');
  });

  test.each([
    [false, true, []],
    [true, false, []],
    [true, true, ['back@acme.example']],
  ])('returners: reactivate=%p, recorded=%p → %p', (reactivate, recorded, expected) => {
    const records = new Map(recorded ? [[back.accountId, record(back.accountId, 'deactivate')]] : []);
    expect(run({ reactivate, records }).returners.map((c) => c.user.email)).toEqual(expected);
  });
});

describe('findCandidates: who may drive a change', () => {
  const gone = account('gone@acme.example');
  const back = account('back@acme.example', { accountStatus: 'inactive', status: 'deactivated' });
  const other = (email: string, over: Partial<IdpUser> = {}): IdpUser => ({
    ...kc(email, true),
    id: 'kc-someone-else',
    ...over,
  });

  test.each<[string, IdpUser[], string]>([
    ['disabled, verified: a leaver', [kc('gone@acme.example', false)], 'leaver'],
    ['disabled, unverified: skipped', [kc('gone@acme.example', false, false)], 'email-unverified'],
    [
      'two disabled users, one unverified: skipped',
      [kc('gone@acme.example', false), other('gone@acme.example', { enabled: false, emailVerified: false })],
      'email-unverified',
    ],
    [
      'enabled, unverified: present, so neither a leaver nor missing',
      [kc('gone@acme.example', true, false)],
      'none',
    ],
  ])('%s', (_name, idpUsers, expected) => {
    const r = findCandidates({
      idpUsers,
      matched: [gone],
      managedActive: [gone],
      policy: noPolicy,
      records: new Map(),
      reactivate: false,
    });
    const verdict = r.leavers.length > 0 ? 'leaver' : (r.prejudged.map((p) => p.code)[0] ?? 'none');
    expect(verdict).toBe(expected);
    if (expected === 'email-unverified')
      expect(r.prejudged[0]).toMatchObject({
        candidate: { idpState: 'disabled' },
        reason: expect.stringMatching(/not verified/),
      });
  });

  test('a leaver carries the id of its one disabled Keycloak user; a missing one or a shared email carries none', () => {
    const missing = account('missing@acme.example');
    const shared = account('shared@acme.example');
    const r = findCandidates({
      idpUsers: [
        kc('gone@acme.example', false),
        kc('shared@acme.example', false),
        other('shared@acme.example', { enabled: false }),
      ],
      matched: [gone, shared],
      managedActive: [gone, shared, missing],
      policy: noPolicy,
      records: new Map(),
      reactivate: false,
    });
    expect(r.leavers.map((c) => [c.user.email, c.idpUserId])).toEqual([
      ['gone@acme.example', 'kc-gone@acme.example'],
      ['missing@acme.example', null],
      ['shared@acme.example', null],
    ]);
  });

  test.each<[string, IdpUser[], string | null, string]>([
    [
      'the same Keycloak user, enabled, verified',
      [kc('back@acme.example', true)],
      'kc-back@acme.example',
      'returner',
    ],
    [
      'the email now belongs to a different Keycloak user',
      [other('back@acme.example')],
      'kc-back@acme.example',
      'identity-unproven',
    ],
    [
      'the same user is still disabled; a different one with the email is enabled',
      [kc('back@acme.example', false), other('back@acme.example')],
      'kc-back@acme.example',
      'identity-unproven',
    ],
    [
      'the same user, enabled, email not verified',
      [kc('back@acme.example', true, false)],
      'kc-back@acme.example',
      'email-unverified',
    ],
    [
      'a record without a Keycloak user id (missing leaver, or an old state file)',
      [kc('back@acme.example', true)],
      null,
      'identity-unproven',
    ],
  ])('reactivation: %s', (_name, idpUsers, recordedId, expected) => {
    const r = findCandidates({
      idpUsers,
      matched: [back],
      managedActive: [],
      policy: noPolicy,
      records: new Map([[back.accountId, record(back.accountId, 'deactivate', [], recordedId)]]),
      reactivate: true,
    });
    const verdict = r.returners.length > 0 ? 'returner' : (r.prejudged.map((p) => p.code)[0] ?? 'none');
    expect(verdict).toBe(expected);
    if (verdict === 'returner') expect(r.returners[0]?.idpUserId).toBe(recordedId);
    else expect(r.prejudged[0]?.candidate.idpState).toBe('enabled');
  });

  test.each<[string, 'deactivate' | 'suspend', string]>([
    ['a deactivation someone already undid is spent, whoever holds the email', 'deactivate', 'nothing-to-do'],
    [
      'a suspension needs the same user: memberships are only known after a read',
      'suspend',
      'identity-unproven',
    ],
  ])('an active account: %s', (_name, action, expected) => {
    const active = account('back@acme.example');
    const r = findCandidates({
      idpUsers: [other('back@acme.example')],
      matched: [active],
      managedActive: [active],
      policy: noPolicy,
      records: new Map([[active.accountId, record(active.accountId, action, ['d1'])]]),
      reactivate: true,
    });
    expect(r.returners).toEqual([]);
    expect(r.prejudged.map((p) => p.code)).toEqual([expected]);
  });

  test('the reason for a record without an id says the returning user cannot be proven the same', () => {
    const r = findCandidates({
      idpUsers: [kc('back@acme.example', true)],
      matched: [back],
      managedActive: [],
      policy: noPolicy,
      records: new Map([[back.accountId, record(back.accountId, 'deactivate', [], null)]]),
      reactivate: true,
    });
    expect(r.prejudged[0]?.reason).toMatch(/names no Keycloak user.*cannot be proven/);
  });
});

describe('breaker rules', () => {
  test.each([
    [0, 0],
    [19, 0],
    [20, 1],
    [230, 11],
    [10_000, 500],
  ])('shareLimit(%p) = %p', (matched, limit) => expect(shareLimit(matched)).toBe(limit));

  test.each<[number, number, number, string | null]>([
    [0, 10, 0, null],
    [3, 10, 230, null],
    [10, 10, 230, null],
    [11, 10, 230, 'over-cap'],
    [2, 10, 39, 'over-share'],
    [1, 10, 39, null],
    [1, 0, 1000, 'over-cap'],
    [1, 10, 10, 'over-share'],
  ])('capTrip(planned %p, cap %p, matched %p) → %p', (planned, cap, matched, rule) => {
    expect(capTrip(planned, cap, matched)?.rule ?? null).toBe(rule);
  });

  test.each<[number, number, number, string | null]>([
    [60, 10, 230, null],
    [61, 10, 230, 'over-cap'],
    [190, 10, 39, 'over-share'],
    [20, 10, 0, null],
  ])('preReadTrip(leavers %p, cap %p, matched %p) → %p', (leavers, cap, matched, rule) => {
    expect(preReadTrip(leavers, cap, matched)?.rule ?? null).toBe(rule);
  });

  test.each<[number, number, string | null]>([
    [0, 0, null],
    [10, 10, null],
    [11, 10, 'over-reactivation-cap'],
    [1, 0, 'over-reactivation-cap'],
  ])('reactivationTrip(planned %p, cap %p) → %p', (planned, cap, rule) => {
    expect(reactivationTrip(planned, cap)?.rule ?? null).toBe(rule);
  });

  test.each<[number, number, string | null]>([
    [60, 10, null],
    [61, 10, 'over-reactivation-cap'],
    [20, 0, null],
    [21, 0, 'over-reactivation-cap'],
  ])('preReadReactivationTrip(returners %p, cap %p) → %p', (returners, cap, rule) => {
    expect(preReadReactivationTrip(returners, cap)?.rule ?? null).toBe(rule);
  });

  test('the reason names the numbers', () => {
    expect(reactivationTrip(3, 2)?.reason).toMatch(/3 reactivations planned, more than the cap of 2/);
    expect(capTrip(11, 10, 230)?.reason).toMatch(/11 deactivations planned, more than the cap of 10/);
    expect(capTrip(2, 10, 39)?.reason).toMatch(/5 % of the 39/);
  });
});

const ctx = { orgId: 'org-1', policy: noPolicy };
const snap = (user: OrgUser | null, over: Partial<AccountSnapshot> = {}): AccountSnapshot => ({
  accountId: user?.accountId ?? 'aa-x',
  user,
  memberships: [],
  scimLinks: [],
  enablement: null,
  ...over,
});

describe('describeDeactivation', () => {
  test.each<[string, AccountSnapshot, string]>([
    ['managed, active', snap(account('a@acme.example')), 'deactivate'],
    [
      'unmanaged, active membership',
      snap(account('b@gmail.com'), {
        memberships: [{ directoryId: 'd1', directoryName: null, membershipStatus: 'active' }],
      }),
      'suspend',
    ],
    ['unmanaged, nothing active', snap(account('b@gmail.com')), 'none'],
    [
      'managed but SCIM-linked',
      snap(account('a@acme.example'), {
        scimLinks: [{ directoryId: 'd1', directoryName: null, scimUserId: 's1', record: { kind: 'no-key' } }],
      }),
      'none',
    ],
  ])('%s → %s', (_name, s, action) => {
    expect(describeDeactivation(planDeactivate(s, ctx)).action).toBe(action);
  });
});

describe('planIdpReactivate undoes only what the sync did', () => {
  const user = account('a@acme.example', { accountStatus: 'inactive' });
  const m = (directoryId: string, membershipStatus: 'active' | 'suspended') => ({
    directoryId,
    directoryName: null,
    membershipStatus,
  });

  test('a deactivated account is enabled; suspended memberships are left alone', () => {
    const plan = planIdpReactivate(
      snap(user, { memberships: [m('d1', 'suspended')] }),
      record(user.accountId, 'deactivate'),
      ctx,
    );
    expect(plan.steps.map((s) => [s.action, s.status])).toEqual([['enable-account', 'planned']]);
  });

  test('an account active again needs nothing', () => {
    const plan = planIdpReactivate(
      snap({ ...user, accountStatus: 'active' }),
      record(user.accountId, 'deactivate'),
      ctx,
    );
    expect(plan.steps.every((s) => s.status === 'skipped')).toBe(true);
  });

  test('only the directories the sync suspended are restored', () => {
    const ext = account('b@gmail.com');
    const plan = planIdpReactivate(
      snap(ext, { memberships: [m('d1', 'suspended'), m('d2', 'suspended'), m('d3', 'active')] }),
      record(ext.accountId, 'suspend', ['d1', 'd3']),
      ctx,
    );
    expect(
      plan.steps.map((s) => (s.call?.operation === 'org.restoreUser' ? s.call.params.directoryId : null)),
    ).toEqual(['d1']);
  });

  test('a SCIM link blocks the enable', () => {
    const plan = planIdpReactivate(
      snap(user, {
        scimLinks: [{ directoryId: 'd1', directoryName: null, scimUserId: 's', record: { kind: 'no-key' } }],
      }),
      record(user.accountId, 'deactivate'),
      ctx,
    );
    expect(plan.blockers.map((b) => b.code)).toContain('scim-link-present');
  });
});
