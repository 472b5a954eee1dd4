import {
  countsInOrder,
  describeDuration,
  isFinal,
  settledCount,
} from '../../../../../../static/admin/src/batches/batch-words';

test.each<[number, string]>([
  [0, 'about 1 second'],
  [0.2, 'about 1 second'],
  [42, 'about 42 seconds'],
  [89, 'about 89 seconds'],
  [90, 'about 2 minutes'],
  [3540, 'about 59 minutes'],
  [3600, 'about 1 hour'],
  [3900, 'about 1 hour 5 minutes'],
  [7260, 'about 2 hours 1 minute'],
])('describeDuration(%s) = %s', (seconds, words) => {
  expect(describeDuration(seconds)).toBe(words);
});

test.each<[string, Record<string, number>, number, number]>([
  ['nothing started', { pending: 5 }, 5, 0],
  ['some in flight', { pending: 2, started: 1, unlocked: 2 }, 5, 2],
  ['all ended', { unlocked: 3, blocked: 1, failed: 1 }, 5, 5],
  ['cancelled ones count as ended', { unlocked: 1, cancelled: 4 }, 5, 5],
])('settledCount: %s', (_name, counts, total, settled) => {
  expect(settledCount({ total, counts })).toBe(settled);
});

test('countsInOrder leaves out zeros and keeps the reading order', () => {
  const counts: Record<string, number> = { pending: 0, blocked: 2, unlocked: 5, failed: 0 };
  expect(countsInOrder(counts)).toEqual([
    { outcome: 'unlocked', label: 'Unlocked', count: 5 },
    { outcome: 'blocked', label: 'Blocked', count: 2 },
  ]);
});

test.each([
  ['running', false],
  ['cancelling', false],
  ['cancelled', true],
  ['done', true],
] as const)('isFinal(%s) = %s', (state, final) => {
  expect(isFinal(state)).toBe(final);
});
