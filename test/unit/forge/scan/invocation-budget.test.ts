import { InvocationBudget, reserveFor } from '../../../../src/forge/scan/invocation-budget';

/** A clock that reports the given remaining times, one per call, then stays at the last. */
function clock(...remaining: number[]) {
  let i = 0;
  return { remainingMs: () => remaining[Math.min(i++, remaining.length - 1)] ?? 0 };
}

/** Units started before the budget said stop. */
function unitsRun(budget: InvocationBudget, cap = 100): number {
  let n = 0;
  while (n < cap && budget.next()) n++;
  return n;
}

describe('InvocationBudget', () => {
  it.each<[string, number[], number]>([
    ['always one unit, even with no time left', [0, 0], 1],
    ['no runtime answer (0): one unit', [0], 1],
    // 900 s, reserve 60 s; units take 10 s: stops once under 60 + 2 × 10.
    ['900 s of 10 s units', Array.from({ length: 100 }, (_, k) => 900_000 - k * 10_000), 83],
    // 55 s, reserve 11 s; units take 5 s: stops under 21 s.
    ['55 s of 5 s units', Array.from({ length: 20 }, (_, k) => 55_000 - k * 5_000), 7],
    // A 250 s unit makes the next one need 60 + 2 × 250 s left.
    ['a slow unit raises the bar', [900_000, 800_000, 700_000, 450_000, 300_000], 3],
  ])('%s', (_name, remaining, expected) => {
    expect(unitsRun(new InvocationBudget(clock(...remaining)))).toBe(expected);
  });

  it.each([
    [900_000, 60_000],
    [55_000, 11_000],
    [10_000, 5_000],
    [0, 5_000],
  ])('reserve for %i ms left is %i ms', (left, reserve) => {
    expect(reserveFor(left)).toBe(reserve);
  });
});
