import { planDeactivate } from '../../../../../src/proxy/accounts/domain/plan';
import type { AccountSnapshot } from '../../../../../src/proxy/accounts/domain/snapshot';
import {
  describeDeactivation,
  disableMessage,
  leaverItem,
  mutationReason,
  prejudgedItem,
  returnerItem,
  skippedOf,
} from '../../../../../src/proxy/idp-sync/domain/entries';
import type { Prejudged } from '../../../../../src/proxy/idp-sync/domain/match';
import { planIdpReactivate } from '../../../../../src/proxy/idp-sync/domain/reactivation';
import { account, ctx, record, snap } from './fixtures';

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

const leaver = (email: string, idpState: 'disabled' | 'missing' = 'disabled') => ({
  user: account(email),
  idpState,
  idpUserId: idpState === 'disabled' ? `kc-${email}` : null,
});

describe('leaverItem: an account plan in the sync’s words', () => {
  test.each<[string, AccountSnapshot, 'disabled' | 'missing', object]>([
    [
      'managed, disabled',
      snap(account('a@acme.example')),
      'disabled',
      {
        action: 'deactivate',
        skip: null,
        reason: 'Disabled in Keycloak. Deactivate the account (user-management lifecycle disable).',
        calls: [{ operation: 'um.disable', method: 'POST', status: null }],
      },
    ],
    [
      'unmanaged, missing, two active memberships',
      snap(account('b@gmail.com'), {
        memberships: [
          { directoryId: 'd1', directoryName: null, membershipStatus: 'active' },
          { directoryId: 'd2', directoryName: null, membershipStatus: 'active' },
        ],
      }),
      'missing',
      {
        action: 'suspend',
        skip: null,
        reason:
          'Not in the Keycloak realm. The org does not manage this account, so its access is suspended in 2 directories (Org v2 suspend).',
        calls: [
          { operation: 'org.suspendUser', status: null },
          { operation: 'org.suspendUser', status: null },
        ],
      },
    ],
    [
      'unmanaged, nothing active',
      snap(account('b@gmail.com')),
      'disabled',
      { action: 'none', skip: 'nothing-to-do', calls: [] },
    ],
    [
      'managed, SCIM-linked',
      snap(account('a@acme.example'), {
        scimLinks: [{ directoryId: 'd1', directoryName: null, scimUserId: 's1', record: { kind: 'no-key' } }],
      }),
      'disabled',
      { action: 'none', skip: 'blocked', calls: [] },
    ],
  ])('%s', (_name, s, idpState, expected) => {
    const c = leaver(s.user?.email ?? '', idpState);
    const item = leaverItem(c, planDeactivate(s, ctx));
    const { action, reason, calls } = item.entry;
    expect({ action, skip: item.skip, reason, calls }).toMatchObject(expected);
    expect(item.plan === null).toBe(action === 'none');
  });
});

describe('returnerItem', () => {
  const user = account('a@acme.example', { accountStatus: 'inactive' });
  const c = { user, idpState: 'enabled' as const, idpUserId: 'kc-a@acme.example' };
  test.each<[string, AccountSnapshot, object]>([
    [
      'deactivated by the sync',
      snap(user),
      { action: 'reactivate', skip: null, reason: 'Enabled in Keycloak again; undo what the IdP sync did.' },
    ],
    [
      'already active',
      snap({ ...user, accountStatus: 'active' }),
      { action: 'none', skip: 'nothing-to-do', reason: 'The account is already active.' },
    ],
    ['gone', snap(null), { action: 'none', skip: 'blocked' }],
  ])('%s', (_name, s, expected) => {
    const r = record(user.accountId, 'deactivate');
    const item = returnerItem(c, r, planIdpReactivate(s, r, ctx));
    expect({ action: item.entry.action, skip: item.skip, reason: item.entry.reason }).toMatchObject(expected);
    expect(item.record).toBe(r);
  });
});

describe('prejudgedItem and skippedOf', () => {
  const c = leaver('p@acme.example');
  test.each<[Prejudged['code'], boolean]>([
    ['protected', false],
    ['nothing-to-do', true],
    ['identity-unproven', false],
  ])('%s keeps the record: %p', (code, keeps) => {
    const r = record(c.user.accountId, 'deactivate');
    const item = prejudgedItem({ candidate: c, code, reason: 'why' }, new Map([[r.accountId, r]]));
    expect(item.record).toBe(keeps ? r : null);
    expect(skippedOf([item])).toEqual([
      { accountId: c.user.accountId, email: c.user.email, code, detail: 'why' },
    ]);
  });
});

describe('messages name the realm and the Keycloak state', () => {
  test.each<['disabled' | 'missing', string, string]>([
    [
      'disabled',
      'Deactivated by SCIM Unlock IdP sync: the user is disabled in Keycloak realm acme.',
      'IdP sync: disabled in Keycloak realm acme',
    ],
    [
      'missing',
      'Deactivated by SCIM Unlock IdP sync: the user is missing from Keycloak realm acme.',
      'IdP sync: missing from Keycloak realm acme',
    ],
  ])('%s', (state, message, reason) => {
    const c = leaver('a@acme.example', state);
    expect([disableMessage(c, 'acme'), mutationReason(c, 'deactivate', 'acme')]).toEqual([message, reason]);
  });
  test('a reactivation', () => {
    expect(mutationReason(leaver('a@acme.example'), 'reactivate', 'acme')).toBe(
      'IdP sync: enabled again in Keycloak realm acme',
    );
  });
});
