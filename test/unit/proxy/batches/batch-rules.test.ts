import {
  batchesToPrune,
  blockerGroups,
  countOutcomes,
  dedupeRefs,
  estimateSeconds,
  ownedBy,
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

describe('ownership', () => {
  const token = (id: string) => ({ createdBy: { kind: 'token' as const, id }, installationId: null });
  const forge = (user: string, installationId: string | null) => ({
    createdBy: { kind: 'forge' as const, id: user },
    installationId,
  });
  test.each([
    ['the same token', token('cli'), { kind: 'token', id: 'cli' }, true],
    ['another token', token('cli'), { kind: 'token', id: 'ci' }, false],
    [
      'a token named like a Forge installation',
      forge('u1', 'inst-1'),
      { kind: 'token', id: 'inst-1' },
      false,
    ],
    [
      'another admin of the same installation',
      forge('u1', 'inst-1'),
      { kind: 'forge', id: 'u2', installationId: 'inst-1' },
      true,
    ],
    [
      'the installation’s own scheduled call',
      forge('u1', 'inst-1'),
      { kind: 'forge', id: 'installation:inst-1', installationId: 'inst-1' },
      true,
    ],
    [
      'another installation',
      forge('u1', 'inst-1'),
      { kind: 'forge', id: 'u1', installationId: 'inst-2' },
      false,
    ],
    ['a Forge record without installation', forge('u1', null), { kind: 'forge', id: 'u1' }, false],
    [
      'a Forge caller named like a token',
      token('u1'),
      { kind: 'forge', id: 'u1', installationId: 'u1' },
      false,
    ],
  ] as const)('%s: %s', (_name, record, caller, expected) => {
    expect(ownedBy(record, caller)).toBe(expected);
  });
});

describe('batchesToPrune', () => {
  const b = (
    id: string,
    state: 'running' | 'cancelling' | 'cancelled' | 'done',
    finishedAt: string | null,
  ) => ({
    id,
    state,
    createdAt: '2026-01-01T00:00:00.000Z',
    finishedAt,
  });
  test.each([
    ['under the cap: nothing', [b('b1', 'done', '2026-01-01T00:01:00.000Z')], 2, []],
    [
      'over the cap: the oldest finished first',
      [
        b('b3', 'done', '2026-01-01T00:03:00.000Z'),
        b('b1', 'cancelled', '2026-01-01T00:01:00.000Z'),
        b('b2', 'done', '2026-01-01T00:02:00.000Z'),
      ],
      1,
      ['b1', 'b2'],
    ],
    [
      'running and cancelling batches are neither pruned nor counted',
      [
        b('b0', 'running', null),
        b('b9', 'cancelling', null),
        b('b1', 'done', '2026-01-01T00:01:00.000Z'),
        b('b2', 'done', '2026-01-01T00:02:00.000Z'),
      ],
      1,
      ['b1'],
    ],
    [
      'equal finishing times: by id, deterministically',
      [b('b2', 'done', '2026-01-01T00:01:00.000Z'), b('b1', 'done', '2026-01-01T00:01:00.000Z')],
      1,
      ['b1'],
    ],
  ] as const)('%s', (_name, batches, keep, expected) => {
    expect(batchesToPrune(batches, keep)).toEqual(expected);
  });
});
