import {
  canTransition,
  isOpen,
  transition,
  TransitionError,
} from '../../../src/forge/services/request-machine';
import { RequestStatus } from '../../../src/forge/records';
import { request } from './fixtures';

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
