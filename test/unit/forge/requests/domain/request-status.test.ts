import {
  canTransition,
  isOpen,
  join,
  requestersByIssue,
  requesterIds,
  transition,
  TransitionError,
} from '../../../../../src/forge/requests/domain/request-status';
import { REQUESTERS_MAX, RequestStatus, type Requester } from '../../../../../src/contract/app/records';
import { request } from '../../fixtures';

const ALLOWED = new Set(['pending>approved', 'pending>denied', 'approved>done', 'approved>failed']);

describe('request state machine', () => {
  const all = RequestStatus.options.flatMap((from) => RequestStatus.options.map((to) => ({ from, to })));
  it.each(all)('$from → $to', ({ from, to }) => {
    const allowed = ALLOWED.has(`${from}>${to}`);
    expect(canTransition(from, to)).toBe(allowed);
    const r = request({ status: from });
    const at = new Date('2026-02-01T00:00:00.000Z');
    if (allowed) {
      const next = transition(r, to, 'admin-1', at, 'because');
      expect(next.status).toBe(to);
      expect(next.history.at(-1)).toEqual({
        status: to,
        by: 'admin-1',
        at: at.toISOString(),
        why: 'because',
      });
      expect(next.history).toHaveLength(r.history.length + 1);
    } else {
      expect(() => transition(r, to, 'admin-1', at, null)).toThrow(TransitionError);
    }
  });

  it.each([
    ['pending', true],
    ['approved', true],
    ['denied', false],
    ['done', false],
    ['failed', false],
  ] as const)('%s is open: %s', (status, open) => expect(isOpen(status)).toBe(open));

  it('records what remains on failure', () => {
    const approved = transition(request(), 'approved', 'a', new Date(), null);
    const failed = transition(approved, 'failed', 'a', new Date(), 'partial', ['enable-account: not run']);
    expect(failed.remaining).toEqual(['enable-account: not run']);
  });
});

const asker = (accountId: string, issueKey = 'ITSUP-2'): Requester => ({
  accountId,
  reason: `reason of ${accountId}`,
  at: '2026-01-02T00:00:00.000Z',
  issue: { key: issueKey, id: issueKey === 'ITSUP-1' ? '10001' : '10002' },
});

describe('joining an open request', () => {
  it.each([
    ['a new person, pending', request(), asker('acc-3'), 'joined'],
    ['the first requester again', request(), asker('acc-2'), 'already-asked'],
    [
      'someone who already joined',
      request({ additionalRequesters: [asker('acc-3')] }),
      asker('acc-3'),
      'already-asked',
    ],
    [
      'a new person, approved (being carried out)',
      request({ status: 'approved' }),
      asker('acc-3'),
      'not-pending',
    ],
    ['a new person, denied', request({ status: 'denied' }), asker('acc-3'), 'not-pending'],
    [
      'a new person, the request full',
      request({ additionalRequesters: Array.from({ length: REQUESTERS_MAX }, (_, i) => asker(`acc-x${i}`)) }),
      asker('acc-3'),
      'full',
    ],
  ] as const)('%s → %s', (_case, r, who, kind) => {
    const result = join(r, who);
    expect(result.kind).toBe(kind);
    if (result.kind === 'joined') {
      expect(requesterIds(result.request)).toEqual(['acc-2', 'acc-3']);
      expect(result.request.status).toBe('pending');
      expect(result.request.history).toEqual(r.history);
    }
  });

  it('groups the requesters by the issue they asked from, first issue first', () => {
    const r = request({
      additionalRequesters: [asker('acc-3'), asker('acc-4', 'ITSUP-1'), asker('acc-5')],
    });
    expect(requestersByIssue(r)).toEqual([
      { issue: { key: 'ITSUP-1', id: '10001' }, accountIds: ['acc-2', 'acc-4'] },
      { issue: { key: 'ITSUP-2', id: '10002' }, accountIds: ['acc-3', 'acc-5'] },
    ]);
  });
});
