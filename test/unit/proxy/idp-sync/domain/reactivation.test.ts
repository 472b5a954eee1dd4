import { planIdpReactivate } from '../../../../../src/proxy/idp-sync/domain/reactivation';
import { account, ctx, record, snap } from './fixtures';

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
