import type { Diagnosis, DiagnosisState } from '../../../../../src/contract/proxy';
import type { LockState } from '../../../../../src/contract/app/resolvers';
import {
  lockStateOf,
  myRequestOf,
  requestRefusal,
} from '../../../../../src/forge/requests/domain/request-views';
import { request } from '../../fixtures';

function diagnosis(state: DiagnosisState, blockers: Diagnosis['blockers'] = []): Diagnosis {
  return { state, canUnlock: blockers.length === 0, blockers, warnings: [], recommended: '' };
}

const JOINER = {
  accountId: 'acc-3',
  reason: 'mine too',
  at: '2026-01-02T00:00:00.000Z',
  issue: { key: 'ITSUP-2', id: '10002' },
};

describe('what a requester may see and ask for', () => {
  it.each<[DiagnosisState | null, LockState]>([
    ['active', 'not-locked'],
    ['locked-by-scim', 'locked'],
    ['deactivated', 'locked'],
    ['suspended', 'locked'],
    ['closed', 'locked'],
    ['not-managed', 'locked'],
    ['not-found', 'unknown'],
    [null, 'unknown'],
  ])('state %s reads as %s', (state, lock) => {
    expect(lockStateOf(state === null ? null : diagnosis(state))).toBe(lock);
  });

  it.each([
    ['the first requester', 'acc-2', { askedAt: '2026-01-01T00:00:00.000Z', reason: 'needs access back' }],
    ['a requester who joined', 'acc-3', { askedAt: JOINER.at, reason: 'mine too' }],
    ['someone who did not ask', 'acc-4', null],
  ])('their own request, for %s', (_who, accountId, expected) => {
    const r = request({ additionalRequesters: [JOINER] });
    const mine = myRequestOf(r, accountId);
    expect(mine).toEqual(expected === null ? null : { requestId: r.id, status: 'pending', ...expected });
  });

  const protectedBlocker = { code: 'protected-account' as const, message: 'on the protected list' };
  it.each<[string, Diagnosis, string | null]>([
    ['a locked account', diagnosis('locked-by-scim'), null],
    [
      'a locked account with other blockers',
      diagnosis('locked-by-scim', [{ code: 'pending-deletion', message: 'x' }]),
      null,
    ],
    ['a protected locked account', diagnosis('locked-by-scim', [protectedBlocker]), 'policy-refused'],
    ['a protected suspended account', diagnosis('suspended', [protectedBlocker]), 'policy-refused'],
    ['an active account', diagnosis('active'), 'conflict'],
    ['an account the proxy cannot find', diagnosis('not-found', [{ code: 'not-found', message: 'x' }]), null],
  ])('a request for %s: %s', (_what, d, code) => {
    const refusal = requestRefusal(d);
    expect(refusal?.code ?? null).toBe(code);
    // The requester's message never names the protection; the audit note (admins only) does.
    if (refusal !== null) expect(refusal.message).not.toMatch(/protected/i);
  });
});
