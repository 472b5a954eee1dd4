import type { IdpUser } from '../../../../../src/keycloak';
import { findCandidates } from '../../../../../src/proxy/idp-sync/domain/match';
import { account, kc, noPolicy, record } from './fixtures';

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
