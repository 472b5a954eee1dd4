import type { Account } from '../../../../../src/contract/proxy';
import {
  isSpent,
  recordUpdate,
  sameRecords,
  type AppliedChange,
  type DoneStep,
} from '../../../../../src/proxy/idp-sync/domain/records';
import { record } from './fixtures';

const stamp = { at: '2026-12-01T03:00:00.000Z', requestId: 'req-9' };
const m = (directoryId: string, membershipStatus: 'active' | 'suspended') => ({
  directoryId,
  directoryName: null,
  membershipStatus,
});
const account = (
  accountStatus: Account['accountStatus'],
  memberships: Account['memberships'] = [],
): AppliedChange['account'] => ({ accountStatus, memberships });
const change = (over: Partial<AppliedChange>): AppliedChange => ({
  accountId: 'aa-1',
  email: 'a@x',
  action: 'deactivate',
  keycloakUserId: 'kc-1',
  outcome: 'done',
  account: account('inactive'),
  done: [{ action: 'disable-account', directoryId: null }],
  ...over,
});
const suspend = (directoryId: string): DoneStep => ({ action: 'suspend-membership', directoryId });

describe('recordUpdate: written from the state read back', () => {
  test.each<[string, Partial<AppliedChange>, ReturnType<typeof recordUpdate>]>([
    [
      'a confirmed deactivation is recorded with its Keycloak user',
      {},
      {
        kind: 'set',
        record: {
          accountId: 'aa-1',
          email: 'a@x',
          keycloakUserId: 'kc-1',
          action: 'deactivate',
          directoryIds: [],
          ...stamp,
        },
      },
    ],
    ['an account still active is not recorded', { account: account('active') }, null],
    ['no disable step done: someone else deactivated it', { done: [] }, null],
    ['an account that could not be read back is not recorded', { account: null }, null],
    [
      'only the directories suspended now and by this run',
      {
        action: 'suspend',
        account: account('active', [m('d2', 'suspended'), m('d1', 'suspended'), m('d3', 'active')]),
        done: [suspend('d2'), suspend('d3'), suspend('d1')],
      },
      {
        kind: 'set',
        record: {
          accountId: 'aa-1',
          email: 'a@x',
          keycloakUserId: 'kc-1',
          action: 'suspend',
          directoryIds: ['d1', 'd2'],
          ...stamp,
        },
      },
    ],
    [
      'no suspension holds: nothing to record',
      { action: 'suspend', account: account('active', [m('d1', 'active')]), done: [suspend('d1')] },
      null,
    ],
    ['a reactivation done drops the record', { action: 'reactivate', outcome: 'done' }, { kind: 'delete' }],
    [
      'a reactivation with nothing to do drops it too',
      { action: 'reactivate', outcome: 'no-op' },
      { kind: 'delete' },
    ],
    ['a partial reactivation keeps it', { action: 'reactivate', outcome: 'partial' }, null],
    ['a blocked reactivation keeps it', { action: 'reactivate', outcome: 'blocked' }, null],
  ])('%s', (_name, over, expected) => {
    expect(recordUpdate(change(over), undefined, stamp)).toEqual(expected);
  });

  test.each<[string, string | null, string | null]>([
    ['the same Keycloak user keeps its name', 'kc-1', 'kc-1'],
    ['two users name neither', 'kc-other', null],
    ['an unnamed record stays unnamed', null, null],
  ])('suspensions merge with the earlier record: %s', (_name, previousUser, expectedUser) => {
    const previous = record('aa-1', 'suspend', ['d9'], previousUser);
    const update = recordUpdate(
      change({
        action: 'suspend',
        account: account('active', [m('d1', 'suspended')]),
        done: [suspend('d1')],
      }),
      previous,
      stamp,
    );
    expect(update).toMatchObject({
      kind: 'set',
      record: { keycloakUserId: expectedUser, directoryIds: ['d1', 'd9'] },
    });
  });
});

describe('isSpent and sameRecords', () => {
  const r = record('aa-1', 'deactivate');
  test.each<[string, { record: typeof r | null; skip: string | null }, boolean]>([
    ['a record with nothing left to undo', { record: r, skip: 'nothing-to-do' }, true],
    ['a record whose returner is unproven', { record: r, skip: 'identity-unproven' }, false],
    ['no record', { record: null, skip: 'nothing-to-do' }, false],
  ])('%s → %p', (_name, item, spent) => {
    expect(isSpent(item)).toBe(spent);
  });

  test.each<[string, [string, typeof r][], [string, typeof r][], boolean]>([
    ['both empty', [], [], true],
    ['same entries', [['aa-1', r]], [['aa-1', { ...r }]], true],
    ['one removed', [['aa-1', r]], [], false],
    ['one changed', [['aa-1', r]], [['aa-1', { ...r, requestId: 'other' }]], false],
  ])('%s → %p', (_name, a, b, same) => {
    expect(sameRecords(new Map(a), new Map(b))).toBe(same);
  });
});
