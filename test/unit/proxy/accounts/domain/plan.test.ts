import type { UnlinkMethod } from '../../../../../src/contract/proxy';
import type { OperationParams } from '../../../../../src/atlassian/operations';
import {
  hasWork,
  planDeactivate,
  planReactivate,
  planUnlink,
  planUnlock,
  renderCall,
  toPlannedStep,
  type Plan,
} from '../../../../../src/proxy/accounts/domain/plan';
import type { AccountSnapshot } from '../../../../../src/proxy/accounts/domain/snapshot';
import type { Policy } from '../../../../../src/proxy/accounts/domain/policy';
import { ACCOUNT, knownLink, opaqueLink, ORG, policy, snapshot, user } from './fixtures';

/** A plan reduced to comparable lines: `status operation METHOD path` or `skipped action`. */
function lines(plan: Plan): string[] {
  return plan.steps.map((s) => {
    if (s.call === null) return `${s.status} ${s.action}`;
    const c = renderCall(s.call);
    return `${s.status} ${c.operation} ${c.method} ${c.path}`;
  });
}

const ENC = encodeURIComponent(ACCOUNT);
const ctx = (pol: Policy = policy()) => ({ orgId: ORG, policy: pol });

describe('planUnlock', () => {
  const cases: {
    name: string;
    snap: AccountSnapshot;
    method?: UnlinkMethod;
    pol?: Policy;
    steps: string[];
    blockers?: string[];
  }[] = [
    {
      name: 'S1 with unlink: unlink each link, enable, nothing to restore',
      snap: snapshot(),
      steps: [
        `planned scimLinks.unlink PATCH /admin/user-provisioning/v1/org/${ORG}/scimDirectoryId/d1/scimUserId/scim-d1/unlink`,
        `planned um.enable POST /users/${ENC}/manage/lifecycle/enable`,
        'skipped restore-membership',
      ],
    },
    {
      name: 'S1 with delete: one onlyDeleteUserInDB for every directory',
      snap: snapshot({ scimLinks: [knownLink('d1', false), opaqueLink('d2')] }),
      method: 'delete',
      steps: [
        `planned scimLinks.onlyDeleteUserInDB DELETE /admin/user-provisioning/v1/org/${ORG}/user/${ENC}/onlyDeleteUserInDB`,
        `planned um.enable POST /users/${ENC}/manage/lifecycle/enable`,
        'skipped restore-membership',
      ],
    },
    {
      name: 'E2: two links unlinked one by one, then suspended membership restored',
      snap: snapshot({
        scimLinks: [knownLink('d1', false), opaqueLink('d2')],
        memberships: [
          { directoryId: 'd1', directoryName: null, membershipStatus: 'suspended' },
          { directoryId: 'd2', directoryName: null, membershipStatus: 'active' },
        ],
      }),
      steps: [
        `planned scimLinks.unlink PATCH /admin/user-provisioning/v1/org/${ORG}/scimDirectoryId/d1/scimUserId/scim-d1/unlink`,
        `planned scimLinks.unlink PATCH /admin/user-provisioning/v1/org/${ORG}/scimDirectoryId/d2/scimUserId/scim-d2/unlink`,
        `planned um.enable POST /users/${ENC}/manage/lifecycle/enable`,
        `planned org.restoreUser POST /admin/v2/orgs/${ORG}/directories/d1/users/${ENC}/restore`,
      ],
    },
    {
      name: 'second run after links went: only enable remains',
      snap: snapshot({ scimLinks: [], enablement: { allowed: true, reasonKey: null } }),
      steps: [
        'skipped unlink-scim-link',
        `planned um.enable POST /users/${ENC}/manage/lifecycle/enable`,
        'skipped restore-membership',
      ],
    },
    {
      name: 'already active: every step skipped, links kept',
      snap: snapshot({
        user: user({ accountStatus: 'active', status: 'active' }),
        scimLinks: [knownLink('d1', true)],
      }),
      steps: ['skipped unlink-scim-link', 'skipped enable-account', 'skipped restore-membership'],
    },
    {
      name: 'blocked: export control means no step at all',
      snap: snapshot({ scimLinks: [], enablement: { allowed: false, reasonKey: 'blocked.exportControl' } }),
      steps: [],
      blockers: ['export-control'],
    },
    {
      name: 'blocked: protected account',
      snap: snapshot(),
      pol: policy({ protectedIds: [ACCOUNT] }),
      steps: [],
      blockers: ['protected-account'],
    },
    {
      name: 'blocked: a suspended membership in a directory outside the allowlist',
      snap: snapshot({
        user: user({ accountStatus: 'active', status: 'suspended' }),
        scimLinks: [],
        memberships: [{ directoryId: 'd9', directoryName: null, membershipStatus: 'suspended' }],
      }),
      pol: policy({ allowed: ['d1'] }),
      steps: [],
      blockers: ['directory-not-allowed'],
    },
  ];
  test.each(cases)('$name', ({ snap, method, pol, steps, blockers }) => {
    const plan = planUnlock(snap, ctx(pol), { method: method ?? 'unlink' });
    expect(lines(plan)).toEqual(steps);
    expect(plan.blockers.map((b) => b.code)).toEqual(blockers ?? []);
  });
});

describe('planUnlink', () => {
  const cases: {
    name: string;
    snap: AccountSnapshot;
    method?: UnlinkMethod;
    directoryId?: string;
    pol?: Policy;
    steps: string[];
    blockers?: string[];
  }[] = [
    {
      name: 'only the requested directory',
      snap: snapshot({ scimLinks: [knownLink('d1', false), knownLink('d2', false)] }),
      directoryId: 'd2',
      steps: [
        `planned scimLinks.unlink PATCH /admin/user-provisioning/v1/org/${ORG}/scimDirectoryId/d2/scimUserId/scim-d2/unlink`,
      ],
    },
    {
      name: 'S4: an active account can be unlinked on purpose',
      snap: snapshot({ user: user({ accountStatus: 'active' }), scimLinks: [knownLink('d1', true)] }),
      steps: [
        `planned scimLinks.unlink PATCH /admin/user-provisioning/v1/org/${ORG}/scimDirectoryId/d1/scimUserId/scim-d1/unlink`,
      ],
    },
    { name: 'no link: skipped', snap: snapshot({ scimLinks: [] }), steps: ['skipped unlink-scim-link'] },
    {
      name: 'no link in the requested directory: skipped',
      snap: snapshot(),
      directoryId: 'd7',
      steps: ['skipped unlink-scim-link'],
    },
    {
      name: 'requested directory outside the allowlist',
      snap: snapshot(),
      directoryId: 'd7',
      pol: policy({ allowed: ['d1'] }),
      steps: [],
      blockers: ['directory-not-allowed'],
    },
    {
      name: 'delete for an unmanaged account is refused upstream, so blocked here',
      snap: snapshot({ user: user({ claimStatus: 'unmanaged' }) }),
      method: 'delete',
      steps: [],
      blockers: ['not-managed'],
    },
    { name: 'not found', snap: snapshot({ user: null }), steps: [], blockers: ['not-found'] },
    {
      name: 'protected by email',
      snap: snapshot(),
      pol: policy({ protectedEmails: ['Ada@Example.com'] }),
      steps: [],
      blockers: ['protected-account'],
    },
  ];
  test.each(cases)('$name', ({ snap, method, directoryId, pol, steps, blockers }) => {
    const plan = planUnlink(snap, ctx(pol), {
      method: method ?? 'unlink',
      ...(directoryId ? { directoryId } : {}),
    });
    expect(lines(plan)).toEqual(steps);
    expect(plan.blockers.map((b) => b.code)).toEqual(blockers ?? []);
  });

  test('delete limited to one directory is a programming error', () => {
    expect(() => planUnlink(snapshot(), ctx(), { method: 'delete', directoryId: 'd1' })).toThrow(
      /every directory/,
    );
  });
});

describe('planReactivate', () => {
  const cases: { name: string; snap: AccountSnapshot; pol?: Policy; steps: string[]; blockers?: string[] }[] =
    [
      {
        name: 'unlinked and inactive: enable',
        snap: snapshot({ scimLinks: [], enablement: { allowed: true, reasonKey: null } }),
        steps: [`planned um.enable POST /users/${ENC}/manage/lifecycle/enable`, 'skipped restore-membership'],
      },
      { name: 'still linked: unlink first', snap: snapshot(), steps: [], blockers: ['scim-link-present'] },
      {
        name: 'active with a suspended membership: restore only',
        snap: snapshot({
          user: user({ accountStatus: 'active' }),
          scimLinks: [],
          memberships: [{ directoryId: 'd1', directoryName: null, membershipStatus: 'suspended' }],
        }),
        steps: [
          'skipped enable-account',
          `planned org.restoreUser POST /admin/v2/orgs/${ORG}/directories/d1/users/${ENC}/restore`,
        ],
      },
      {
        name: 'closed',
        snap: snapshot({ user: user({ accountStatus: 'closed' }) }),
        steps: [],
        blockers: ['account-closed'],
      },
      {
        name: 'pending deletion',
        snap: snapshot({ user: user({ status: 'for_deletion' }), scimLinks: [], enablement: null }),
        steps: [],
        blockers: ['pending-deletion'],
      },
    ];
  test.each(cases)('$name', ({ snap, pol, steps, blockers }) => {
    const plan = planReactivate(snap, ctx(pol));
    expect(lines(plan)).toEqual(steps);
    expect(plan.blockers.map((b) => b.code)).toEqual(blockers ?? []);
  });
});

describe('planDeactivate', () => {
  const active = user({ accountStatus: 'active', status: 'active' });
  const cases: { name: string; snap: AccountSnapshot; pol?: Policy; steps: string[]; blockers?: string[] }[] =
    [
      {
        name: 'managed, unlinked, active: lifecycle disable',
        snap: snapshot({ user: active, scimLinks: [] }),
        steps: [`planned um.disable POST /users/${ENC}/manage/lifecycle/disable`],
      },
      {
        name: 'managed and SCIM-linked: the IdP must do it',
        snap: snapshot({ user: active }),
        steps: [],
        blockers: ['managed-by-scim'],
      },
      {
        name: 'already inactive: skipped',
        snap: snapshot({ scimLinks: [] }),
        steps: ['skipped disable-account'],
      },
      {
        name: 'E3 unmanaged: suspend in each active directory, skip suspended ones',
        snap: snapshot({
          user: user({ accountStatus: 'active', claimStatus: 'unmanaged' }),
          scimLinks: [],
          memberships: [
            { directoryId: 'd1', directoryName: null, membershipStatus: 'active' },
            { directoryId: 'd2', directoryName: null, membershipStatus: 'suspended' },
          ],
        }),
        steps: [`planned org.suspendUser POST /admin/v2/orgs/${ORG}/directories/d1/users/${ENC}/suspend`],
      },
      {
        name: 'unmanaged in a directory outside the allowlist',
        snap: snapshot({ user: user({ accountStatus: 'active', claimStatus: 'unmanaged' }), scimLinks: [] }),
        pol: policy({ allowed: ['d2'] }),
        steps: [],
        blockers: ['directory-not-allowed'],
      },
      {
        name: 'protected (break-glass) account',
        snap: snapshot({ user: active, scimLinks: [] }),
        pol: policy({ protectedIds: [ACCOUNT] }),
        steps: [],
        blockers: ['protected-account'],
      },
    ];
  test.each(cases)('$name', ({ snap, pol, steps, blockers }) => {
    const plan = planDeactivate(snap, ctx(pol), {});
    expect(lines(plan)).toEqual(steps);
    expect(plan.blockers.map((b) => b.code)).toEqual(blockers ?? []);
  });

  test('the disable message travels in the body', () => {
    const plan = planDeactivate(snapshot({ user: active, scimLinks: [] }), ctx(), {
      message: 'Left the company',
    });
    expect(plan.steps[0]?.call?.body).toEqual({ message: 'Left the company' });
  });
});

describe('rendering', () => {
  test('parameters are percent-encoded into the path', () => {
    const c = renderCall({ operation: 'um.enable', params: { account_id: 'a b/c' } });
    expect(c.path).toBe('/users/a%20b%2Fc/manage/lifecycle/enable');
  });
  test('a missing or unknown parameter is refused at run time too', () => {
    // The types refuse both calls; the casts stand for a caller the compiler cannot see.
    const missing = {} as OperationParams<'um.enable'>;
    const extra = { account_id: 'x', orgId: 'o' } as OperationParams<'um.enable'>;
    expect(() => renderCall({ operation: 'um.enable', params: missing })).toThrow(/missing account_id/);
    expect(() => renderCall({ operation: 'um.enable', params: extra })).toThrow(/unexpected orgId/);
  });
  test('planned steps become contract steps with an unanswered call', () => {
    const plan = planUnlock(snapshot(), ctx(), { method: 'unlink' });
    expect(hasWork(plan)).toBe(true);
    expect(toPlannedStep(plan.steps[1]!)).toEqual({
      action: 'enable-account',
      target: `account ${ACCOUNT}`,
      status: 'planned',
      detail: expect.any(String),
      call: {
        operation: 'um.enable',
        method: 'POST',
        path: `/users/${ENC}/manage/lifecycle/enable`,
        status: null,
      },
    });
  });
});
