import {
  blockerGroups,
  countOutcomes,
  dedupeRefs,
  estimateSeconds,
  shouldRetry,
} from '../../../../src/proxy/batches/domain/batch-rules';
import type { BatchAccountOutcome } from '../../../../src/contract/proxy';

describe('dedupeRefs', () => {
  test.each([
    ['no duplicates', ['a-1', 'x@y.example'], ['a-1', 'x@y.example'], 0],
    [
      'emails compare case-insensitively, first spelling kept',
      ['X@Y.example', 'x@y.example'],
      ['X@Y.example'],
      1,
    ],
    ['account ids compare exactly', ['Ab-1', 'ab-1', 'Ab-1'], ['Ab-1', 'ab-1'], 1],
    ['an email and an id never collide', ['a@b.example', 'a'], ['a@b.example', 'a'], 0],
  ])('%s', (_name, input, refs, duplicates) => {
    expect(dedupeRefs(input)).toEqual({ refs, duplicates });
  });
});

describe('shouldRetry', () => {
  test.each<[BatchAccountOutcome, number, boolean]>([
    ['partial', 1, true],
    ['failed', 2, true],
    ['failed', 3, false],
    ['unlocked', 1, false],
    ['blocked', 1, false],
    ['not-found', 1, false],
    ['already-active', 1, false],
  ])('%s after %i attempt(s) → %s', (outcome, attempts, expected) => {
    expect(shouldRetry(outcome, attempts, 3)).toBe(expected);
  });
});

test('countOutcomes lists every outcome, zero included', () => {
  const counts = countOutcomes([{ outcome: 'unlocked' }, { outcome: 'unlocked' }, { outcome: 'blocked' }]);
  expect(counts).toMatchObject({ unlocked: 2, blocked: 1, pending: 0, cancelled: 0 });
});

test('blockerGroups: blocked accounts only, most frequent first, ties by name', () => {
  expect(
    blockerGroups([
      { outcome: 'blocked', blockers: ['export-control'] },
      { outcome: 'blocked', blockers: ['protected-account', 'export-control'] },
      { outcome: 'blocked', blockers: [] },
      { outcome: 'unlocked', blockers: ['export-control'] },
    ]),
  ).toEqual([
    { blocker: 'export-control', count: 2 },
    { blocker: 'protected-account', count: 1 },
    { blocker: 'unknown', count: 1 },
  ]);
});

describe('estimateSeconds', () => {
  test.each([
    ['the slowest family decides', { org: 400, scim: 100 }, { org: 4, scim: 10 }, 100],
    ['unknown family uses the fallback rate', { userManagement: 30 }, {}, 30],
    ['rounded up', { org: 5 }, { org: 2 }, 3],
    ['no calls', {}, { org: 1 }, 0],
  ])('%s', (_name, calls, rates, expected) => {
    expect(estimateSeconds(calls, rates, 1)).toBe(expected);
  });
});
