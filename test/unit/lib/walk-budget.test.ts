import { DEFAULT_WALK_BOUNDS, WalkBudget } from '../../../src/lib/walk-budget';

const budget = (
  opts: { maxPages?: number; maxDurationMs?: number; now?: () => number; signal?: AbortSignal } = {},
) =>
  new WalkBudget({
    operation: 'org.searchUsers',
    bounds: { maxPages: opts.maxPages ?? 3, maxDurationMs: opts.maxDurationMs ?? 1000 },
    now: opts.now ?? (() => 0),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });

/** Asks for pages until the budget says stop; returns how many it granted and the stop. */
function drain(b: WalkBudget, max = 100) {
  for (let granted = 0; granted < max; granted++) {
    const stop = b.nextPage();
    if (stop) return { granted, stop };
  }
  return { granted: max, stop: null };
}

describe('WalkBudget', () => {
  test('grants maxPages pages, then stops with page-limit naming the operation and the pages read', () => {
    const { granted, stop } = drain(budget({ maxPages: 3 }));
    expect(granted).toBe(3);
    expect(stop).toMatchObject({ operation: 'org.searchUsers', pagesRead: 3, why: 'page-limit' });
    expect(stop?.detail).toBe(
      'org.searchUsers: listing stopped after 3 pages: the upstream still reported more after 3 pages, the most this listing may read (LISTING_MAX_PAGES).',
    );
  });

  test.each<[string, number, number, number | null, number]>([
    // name, ceiling, needed pages, expected stop pagesRead (null: no stop at limitPages), granted pages
    ['a total within the ceiling narrows the bound', 10, 2, null, 2],
    ['a fractional need rounds up', 10, 2.5, null, 3],
    ['a total never widens the bound', 3, 2, null, 2],
    ['a need at the ceiling is allowed', 3, 3, null, 3],
    ['a need above the ceiling is refused at once', 3, 4, 0, 0],
  ])('limitPages: %s', (_name, ceiling, needed, refusedAt, granted) => {
    const b = budget({ maxPages: ceiling });
    const refused = b.limitPages(needed, 'the count of 42 users');
    expect(refused?.pagesRead ?? null).toBe(refusedAt);
    if (refused) {
      expect(refused.why).toBe('page-limit');
      expect(refused.detail).toMatch(/the count of 42 users needs 4 pages, more than the 3/);
      return;
    }
    const { granted: got, stop } = drain(b);
    expect(got).toBe(granted);
    expect(stop?.detail).toMatch(needed < ceiling ? /\(the count of 42 users\)/ : /LISTING_MAX_PAGES/);
  });

  test('the time bound counts from the start of the walk', () => {
    let t = 5_000;
    const b = budget({ maxPages: 100, maxDurationMs: 1000, now: () => t });
    expect(b.nextPage()).toBeNull();
    t = 5_999;
    expect(b.nextPage()).toBeNull();
    t = 6_000;
    expect(b.nextPage()).toMatchObject({ why: 'time-limit', pagesRead: 2 });
  });

  test("the caller's deadline stops it before the next page", () => {
    const deadline = new AbortController();
    const b = budget({ maxPages: 100, signal: deadline.signal });
    expect(b.nextPage()).toBeNull();
    deadline.abort();
    expect(b.nextPage()).toMatchObject({ why: 'deadline', pagesRead: 1 });
  });

  test('a repeated cursor is its own reason', () => {
    const b = budget();
    b.nextPage();
    expect(b.cursorRepeated()).toMatchObject({ why: 'cursor-repeated', pagesRead: 1 });
  });

  test.each([
    [{ maxPages: 0, maxDurationMs: 1 }],
    [{ maxPages: 1.5, maxDurationMs: 1 }],
    [{ maxPages: 1, maxDurationMs: 0 }],
  ])('refuses bounds %p', (bounds) => {
    expect(() => new WalkBudget({ operation: 'x', bounds })).toThrow(RangeError);
  });

  test('the defaults are what the README says', () => {
    expect(DEFAULT_WALK_BOUNDS).toEqual({ maxPages: 1000, maxDurationMs: 120_000 });
  });
});
