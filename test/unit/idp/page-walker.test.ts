import { KeycloakListingError, walkAllUsers, type IdpUser } from '../../../src/idp/keycloak';

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

  test.each([0, -1, 1.5])('refuses page size %p', async (size) => {
    await expect(walkAllUsers(source([0], {}), size)).rejects.toBeInstanceOf(RangeError);
  });
});
