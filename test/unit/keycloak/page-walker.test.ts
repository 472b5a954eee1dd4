import { KeycloakListingError, walkAllUsers, type IdpUser } from '../../../src/keycloak';

const user = (i: number): IdpUser => ({
  id: `id-${i}`,
  username: `u${i}`,
  email: `u${i}@acme.example`,
  emailVerified: true,
  enabled: true,
});
const users = (from: number, n: number) => Array.from({ length: n }, (_, k) => user(from + k));

/** A realm as a list of answers: the counts in order, and each page keyed by `first`. */
function source(counts: number[], pages: Record<number, IdpUser[]>) {
  const asked: number[] = [];
  let c = 0;
  return {
    asked,
    count: async () => counts[Math.min(c++, counts.length - 1)] ?? 0,
    page: async (first: number) => {
      asked.push(first);
      return pages[first] ?? [];
    },
  };
}

describe('walkAllUsers', () => {
  test.each<[string, number[], Record<number, IdpUser[]>, number, number | string]>([
    ['an empty realm', [0, 0], { 0: [] }, 10, 0],
    ['one short page', [3, 3], { 0: users(0, 3) }, 10, 3],
    [
      'exact multiple: ends on the empty page after',
      [20, 20],
      { 0: users(0, 10), 10: users(10, 10), 20: [] },
      10,
      20,
    ],
    [
      'several pages and a short last one',
      [25, 25],
      { 0: users(0, 10), 10: users(10, 10), 20: users(20, 5) },
      10,
      25,
    ],
    [
      'a short page before the count is reached',
      [25, 25],
      { 0: users(0, 10), 10: users(10, 4) },
      10,
      'ended-early',
    ],
    ['an empty page before the count is reached', [25, 25], { 0: users(0, 10), 10: [] }, 10, 'ended-early'],
    ['more users than the count', [5, 5], { 0: users(0, 10), 10: [] }, 10, 'count-mismatch'],
    ['the count changes during the listing', [3, 4], { 0: users(0, 3) }, 10, 'count-mismatch'],
    ['a user on two pages', [20, 20], { 0: users(0, 10), 10: users(9, 10) }, 10, 'count-mismatch'],
    ['a page larger than asked', [12, 12], { 0: users(0, 12) }, 10, 'invalid-response'],
  ])('%s', async (_name, counts, pages, pageSize, expected) => {
    const src = source(counts, pages);
    const run = walkAllUsers(src, pageSize);
    if (typeof expected === 'number') {
      const got = await run;
      expect(got).toHaveLength(expected);
      expect(new Set(got.map((u) => u.id)).size).toBe(expected);
    } else {
      await expect(run).rejects.toBeInstanceOf(KeycloakListingError);
      await expect(walkAllUsers(source(counts, pages), pageSize)).rejects.toMatchObject({ kind: expected });
    }
  });

  test('pages advance by the page size', async () => {
    const src = source([25, 25], { 0: users(0, 10), 10: users(10, 10), 20: users(20, 5) });
    await walkAllUsers(src, 10);
    expect(src.asked).toEqual([0, 10, 20]);
  });

  test('a failing page fails the walk with that error', async () => {
    const boom = new KeycloakListingError('request', 'A Keycloak users request failed with HTTP 503.', {
      status: 503,
    });
    const src = {
      count: async () => 30,
      page: async (first: number) => (first === 10 ? Promise.reject(boom) : users(first, 10)),
    };
    await expect(walkAllUsers(src, 10)).rejects.toBe(boom);
  });

  describe('bounds', () => {
    /** A realm that answers every page in full with users never seen before. */
    const endless = (count: number) => {
      const asked: number[] = [];
      return {
        asked,
        count: async () => count,
        page: async (first: number, max: number) => {
          asked.push(first);
          return users(first, max);
        },
      };
    };

    test('a count that needs more pages than the ceiling is refused before any page is read', async () => {
      const src = endless(1_000_000_000);
      const err = await walkAllUsers(src, 100, { bounds: { maxPages: 1000, maxDurationMs: 60_000 } }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(KeycloakListingError);
      expect(err).toMatchObject({
        kind: 'stopped',
        stop: { operation: 'keycloak.listUsers', pagesRead: 0, why: 'page-limit' },
      });
      expect((err as Error).message).toMatch(/count of 1000000000 users needs 10000001 pages/);
      expect(src.asked).toEqual([]);
    });

    test('full pages past the count end as a count mismatch, within count / pageSize + 1 pages', async () => {
      const src = endless(25);
      await expect(walkAllUsers(src, 10)).rejects.toMatchObject({ kind: 'count-mismatch' });
      expect(src.asked).toEqual([0, 10, 20]);
    });

    test('the time bound stops the walk between pages', async () => {
      let t = 0;
      const src = endless(500);
      const slow = {
        ...src,
        page: async (first: number, max: number) => ((t += 25_000), src.page(first, max)),
      };
      const err = await walkAllUsers(slow, 10, {
        bounds: { maxPages: 1000, maxDurationMs: 60_000 },
        now: () => t,
      }).catch((e: unknown) => e);
      expect(err).toMatchObject({ kind: 'stopped', stop: { why: 'time-limit', pagesRead: 3 } });
      expect((err as Error).message).toMatch(/LISTING_MAX_SECONDS/);
    });

    test("the caller's deadline stops the walk at the next page", async () => {
      const deadline = new AbortController();
      const src = endless(500);
      const stopping = {
        ...src,
        page: async (first: number, max: number) => {
          if (first === 20) deadline.abort();
          return src.page(first, max);
        },
      };
      const err = await walkAllUsers(stopping, 10, { signal: deadline.signal }).catch((e: unknown) => e);
      expect(err).toMatchObject({ kind: 'stopped', stop: { why: 'deadline', pagesRead: 3 } });
      expect(src.asked).toEqual([0, 10, 20]);
    });
  });

  test.each([0, -1, 1.5])('refuses page size %p', async (size) => {
    await expect(walkAllUsers(source([0], {}), size)).rejects.toBeInstanceOf(RangeError);
  });
});
