import type {
  Membership,
  LinkSnapshot,
  AccountSnapshot,
} from '../../../../../src/proxy/accounts/domain/snapshot';
import { accountDirectories, diagnose } from '../../../../../src/proxy/accounts/domain/diagnose';
import {
  planDeactivate,
  planReactivate,
  planUnlock,
  type Plan,
} from '../../../../../src/proxy/accounts/domain/plan';
import { planIdpReactivate } from '../../../../../src/proxy/idp-sync/domain/reactivation';
import type { IdpDeactivationRecord } from '../../../../../src/proxy/idp-sync/state-file';
import { knownLink, ORG, policy, snapshot, user } from './fixtures';

/**
 * ALLOWED_DIRECTORIES against the account's directories. Lifecycle enable and disable act on the whole
 * account, so they need every directory the account belongs to in the list; restore and suspend act in
 * one directory, so they need only that one.
 */

type Verdict = 'ok' | 'blocked';
type Allowlist = 'all' | 'd1' | 'd2' | 'd1+d2';
const ALLOWLISTS: Record<Allowlist, string[] | null> = {
  all: null,
  d1: ['d1'],
  d2: ['d2'],
  'd1+d2': ['d1', 'd2'],
};

const member = (directoryId: string, status: Membership['membershipStatus'] = 'active'): Membership => ({
  directoryId,
  directoryName: null,
  membershipStatus: status,
});

/** Whether the plan is refused for its directories; any other blocker is a fixture mistake. */
function verdict(plan: Pick<Plan, 'blockers'>): Verdict {
  const codes = plan.blockers.map((b) => b.code);
  expect(codes.filter((c) => c !== 'directory-not-allowed')).toEqual([]);
  return codes.includes('directory-not-allowed') ? 'blocked' : 'ok';
}

const record = (action: 'deactivate' | 'suspend', directoryIds: string[] = []): IdpDeactivationRecord => ({
  accountId: user().accountId,
  email: null,
  keycloakUserId: 'kc-1',
  action,
  directoryIds,
  at: '2026-11-02T09:00:00.000Z',
  requestId: 'r-1',
});

interface Row {
  name: string;
  memberships: Membership[];
  links?: LinkSnapshot[];
  expected: Record<Allowlist, Verdict>;
}

// Account-wide: ok exactly when every directory of the account is in the list.
const ACCOUNT_WIDE: Row[] = [
  {
    name: 'member of d1 only',
    memberships: [member('d1')],
    expected: { all: 'ok', d1: 'ok', d2: 'blocked', 'd1+d2': 'ok' },
  },
  {
    name: 'member of d2 only',
    memberships: [member('d2')],
    expected: { all: 'ok', d1: 'blocked', d2: 'ok', 'd1+d2': 'ok' },
  },
  {
    name: 'member of d1 and d2',
    memberships: [member('d1'), member('d2')],
    expected: { all: 'ok', d1: 'blocked', d2: 'blocked', 'd1+d2': 'ok' },
  },
  {
    name: 'member of d1, suspended in d2',
    memberships: [member('d1'), member('d2', 'suspended')],
    expected: { all: 'ok', d1: 'blocked', d2: 'blocked', 'd1+d2': 'ok' },
  },
  {
    name: 'member of no directory',
    memberships: [],
    expected: { all: 'ok', d1: 'blocked', d2: 'blocked', 'd1+d2': 'blocked' },
  },
];

function cases(rows: Row[]): Array<[string, Allowlist, Row]> {
  return rows.flatMap((r) =>
    (Object.keys(ALLOWLISTS) as Allowlist[]).map((a): [string, Allowlist, Row] => [r.name, a, r]),
  );
}

const ctx = (a: Allowlist) => ({ orgId: ORG, policy: policy({ allowed: ALLOWLISTS[a] }) });

/** Inactive, managed, no link, enable allowed: unlock and reactivate are exactly lifecycle enable. */
const deactivated = (memberships: Membership[]): AccountSnapshot =>
  snapshot({ memberships, scimLinks: [], enablement: { allowed: true, reasonKey: null } });
/** Active, managed, no link: deactivate is exactly lifecycle disable. */
const activeManaged = (memberships: Membership[]): AccountSnapshot =>
  snapshot({
    user: user({ accountStatus: 'active', status: 'active' }),
    memberships,
    scimLinks: [],
    enablement: null,
  });

describe('account-wide lifecycle calls need every directory of the account allowed', () => {
  test.each(cases(ACCOUNT_WIDE))('%s, allowlist %s', (_name, allow, row) => {
    const c = ctx(allow);
    const want = row.expected[allow];
    const off = deactivated(row.memberships);
    expect({
      diagnosis: diagnose(off, c.policy).blockers.some((b) => b.code === 'directory-not-allowed')
        ? 'blocked'
        : 'ok',
      unlock: verdict(planUnlock(off, c, { method: 'unlink' })),
      unlockDryRunSteps: planUnlock(off, c, { method: 'unlink' }).steps.length > 0 ? 'ok' : 'blocked',
      reactivate: verdict(planReactivate(off, c)),
      deactivate: verdict(planDeactivate(activeManaged(row.memberships), c)),
      idpReactivate: verdict(planIdpReactivate(off, record('deactivate'), c)),
    }).toEqual({
      diagnosis: want,
      unlock: want,
      unlockDryRunSteps: want,
      reactivate: want,
      deactivate: want,
      idpReactivate: want,
    });
  });

  test('a SCIM link counts as belonging to its directory', () => {
    const locked = snapshot({ memberships: [member('d1')], scimLinks: [knownLink('d2', false)] });
    expect(accountDirectories(locked)).toEqual(['d1', 'd2']);
    expect(verdict(planUnlock(locked, ctx('d1'), { method: 'unlink' }))).toBe('blocked');
    expect(verdict(planUnlock(locked, ctx('d1+d2'), { method: 'unlink' }))).toBe('ok');
  });

  test('the blocker names the directories outside the list', () => {
    const [b] = planDeactivate(activeManaged([member('d1'), member('d2')]), ctx('d1')).blockers;
    expect(b?.code).toBe('directory-not-allowed');
    expect(b?.message).toMatch(/whole account.*d2/);
    expect(b?.message).not.toMatch(/d1/);
  });
});

// Per directory: restore and suspend act in one directory, so only that directory matters.
const PER_DIRECTORY: Row[] = [
  {
    name: 'member of d1, suspended in d2',
    memberships: [member('d1'), member('d2', 'suspended')],
    expected: { all: 'ok', d1: 'blocked', d2: 'ok', 'd1+d2': 'ok' },
  },
  {
    name: 'suspended in d1 and d2',
    memberships: [member('d1', 'suspended'), member('d2', 'suspended')],
    expected: { all: 'ok', d1: 'blocked', d2: 'blocked', 'd1+d2': 'ok' },
  },
];

describe('per-directory calls need only the directories they act in', () => {
  test.each(cases(PER_DIRECTORY))('restore of an active account: %s, allowlist %s', (_n, allow, row) => {
    const active = snapshot({
      user: user({ accountStatus: 'active', status: 'active' }),
      memberships: row.memberships,
      scimLinks: [],
      enablement: null,
    });
    const suspended = row.memberships.filter((m) => m.membershipStatus === 'suspended');
    const c = ctx(allow);
    expect([
      verdict(planUnlock(active, c, { method: 'unlink' })),
      verdict(planReactivate(active, c)),
      verdict(
        planIdpReactivate(
          active,
          record(
            'suspend',
            suspended.map((m) => m.directoryId),
          ),
          c,
        ),
      ),
    ]).toEqual([row.expected[allow], row.expected[allow], row.expected[allow]]);
  });

  test.each<[Allowlist, Verdict]>([
    ['all', 'ok'],
    ['d1', 'blocked'],
    ['d2', 'ok'],
    ['d1+d2', 'ok'],
  ])('suspend of an unmanaged account active in d2 only, allowlist %s', (allow, want) => {
    const external = snapshot({
      user: user({ accountStatus: 'active', status: 'active', claimStatus: 'unmanaged' }),
      memberships: [member('d2'), member('d1', 'suspended')],
      scimLinks: [],
      enablement: null,
    });
    expect(verdict(planDeactivate(external, ctx(allow)))).toBe(want);
  });
});
