import {
  rotationBudget,
  selectRotation,
  type RotationEntry,
} from '../../../../src/forge/scan/domain/rotation';

const H = 3_600_000;
const T0 = Date.parse('2026-01-02T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('rotationBudget', () => {
  it.each([
    [0, H, 24 * H, 0],
    [1, H, 24 * H, 1],
    [24, H, 24 * H, 1],
    [25, H, 24 * H, 2],
    [2008, H, 24 * H, 84],
    [2008, 6 * H, 24 * H, 502],
    [100, 24 * H, 24 * H, 100],
    [100, 7 * 24 * H, 24 * H, 100],
  ])('%i known, interval %i ms, window %i ms → %i', (known, interval, window, expected) => {
    expect(rotationBudget(known, interval, window)).toBe(expected);
  });
});

describe('selectRotation', () => {
  const entry = (accountId: string, hoursAgo: number): RotationEntry => ({
    accountId,
    lastVerifiedAt: iso(T0 - hoursAgo * H),
  });
  const base = {
    runStartedAt: iso(T0),
    now: new Date(T0),
    intervalMs: H,
    windowMs: 24 * H,
    alreadyRechecked: 0,
    max: 50,
  };
  const many = (n: number, hoursAgo: number) =>
    Array.from({ length: n }, (_, i) => entry(`a${String(i).padStart(3, '0')}`, hoursAgo));

  it.each<[string, RotationEntry[], Partial<typeof base>, string[]]>([
    ['nothing known, nothing to do', [], {}, []],
    ['oldest verification first', [entry('a', 1), entry('b', 5), entry('c', 3)], {}, ['b']],
    ['ties broken by account id', [entry('b', 2), entry('a', 2)], {}, ['a']],
    ['verified during this run: not again', [entry('a', -0.5), entry('b', 1)], {}, ['b']],
    ['the share already taken this run leaves none', many(24, 2), { alreadyRechecked: 1 }, []],
    [
      'overdue by the next run is taken beyond the share',
      [entry('a', 23.5), entry('b', 23.2), entry('c', 2)],
      {},
      ['a', 'b'],
    ],
    ['overdue still capped by one call', many(3, 30), { max: 2 }, ['a000', 'a001']],
    [
      'daily cadence with a 24 h window: everyone',
      many(3, 24),
      { intervalMs: 24 * H },
      ['a000', 'a001', 'a002'],
    ],
  ])('%s', (_name, known, over, expected) => {
    expect(selectRotation(known, { ...base, ...over })).toEqual(expected);
  });

  it('goes through every account within the window at an hourly cadence, new accounts included', () => {
    // 240 accounts verified at once, hourly runs, 2 new accounts a run: none ever goes unverified 24 h.
    const known = new Map<string, string>();
    for (let i = 0; i < 240; i++) known.set(`k${String(i).padStart(4, '0')}`, iso(T0));
    let worst = 0;
    for (let run = 1; run <= 72; run++) {
      const now = T0 + run * H;
      for (let j = 0; j < 2; j++) known.set(`n${run}-${j}`, iso(now));
      const entries = [...known].map(([accountId, lastVerifiedAt]) => ({ accountId, lastVerifiedAt }));
      let rechecked = 0;
      for (;;) {
        const picked = selectRotation(entries, {
          ...base,
          runStartedAt: iso(now),
          now: new Date(now),
          alreadyRechecked: rechecked,
        });
        if (picked.length === 0) break;
        for (const id of picked) {
          known.set(id, iso(now));
          const e = entries.find((x) => x.accountId === id);
          if (e) e.lastVerifiedAt = iso(now);
        }
        rechecked += picked.length;
      }
      for (const at of known.values()) worst = Math.max(worst, now - Date.parse(at));
    }
    expect(worst).toBeLessThanOrEqual(24 * H);
  });
});
