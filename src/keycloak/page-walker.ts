import { DEFAULT_WALK_BOUNDS, WalkBudget, type WalkBounds } from '../lib/walk-budget';
import { KeycloakListingError } from './errors';

/** One Keycloak user as the sync needs it; email lower-cased (Keycloak compares emails case-insensitively). */
export interface IdpUser {
  id: string;
  username: string;
  /** Null when the Keycloak user has no email: such a user cannot be matched to an Atlassian account. */
  email: string | null;
  /**
   * Whether Keycloak verified that the user controls the address. An unverified address may have been
   * typed by anyone (self-registration, a user allowed to edit their profile), so it never drives a
   * change in Atlassian.
   */
  emailVerified: boolean;
  enabled: boolean;
}

export interface PageSource {
  count(): Promise<number>;
  page(first: number, max: number): Promise<IdpUser[]>;
}

export interface WalkLimits {
  /** The ceiling and time bound (default DEFAULT_WALK_BOUNDS); the page bound comes from the count. */
  bounds?: WalkBounds;
  now?: () => number;
  /** The caller's deadline. */
  signal?: AbortSignal;
}

/**
 * Walks a realm with first/max paging and proves the listing complete before returning it: the count
 * is read before and after, every page but the last must be full, and the users seen must equal the
 * count. Anything else means users were skipped or the realm changed underneath the listing — and a
 * sync that trusted such a listing would take the missing users for leavers (admin-scenarios E8).
 *
 * The count also bounds the walk: it needs floor(count / pageSize) + 1 pages (the last one short or
 * empty), never more, and a count that needs more pages than the ceiling is refused before any page is
 * read. The time bound and the caller's deadline stop it too (kind `stopped`, with the WalkStop).
 */
export async function walkAllUsers(
  source: PageSource,
  pageSize: number,
  limits: WalkLimits = {},
): Promise<IdpUser[]> {
  if (!Number.isInteger(pageSize) || pageSize < 1)
    throw new RangeError('pageSize must be a positive integer');
  const budget = new WalkBudget({
    operation: 'keycloak.listUsers',
    bounds: limits.bounds ?? DEFAULT_WALK_BOUNDS,
    ...(limits.now ? { now: limits.now } : {}),
    ...(limits.signal ? { signal: limits.signal } : {}),
  });
  const expected = await source.count();
  const tooMany = budget.limitPages(
    Math.floor(expected / pageSize) + 1,
    `the realm's count of ${expected} users`,
  );
  if (tooMany) throw new KeycloakListingError('stopped', tooMany.detail, { stop: tooMany });
  const users: IdpUser[] = [];
  const ids = new Set<string>();
  for (let first = 0; ; first += pageSize) {
    const stop = budget.nextPage();
    if (stop) throw new KeycloakListingError('stopped', stop.detail, { stop });
    const page = await source.page(first, pageSize);
    if (page.length > pageSize) {
      throw new KeycloakListingError(
        'invalid-response',
        `A page held ${page.length} users, more than the ${pageSize} asked for.`,
      );
    }
    for (const u of page) {
      if (ids.has(u.id)) {
        throw new KeycloakListingError(
          'count-mismatch',
          'A user appeared on two pages: the realm changed during the listing.',
        );
      }
      ids.add(u.id);
      users.push(u);
    }
    if (page.length < pageSize) {
      if (users.length < expected) {
        throw new KeycloakListingError(
          'ended-early',
          `The listing ended after ${users.length} of ${expected} users.`,
        );
      }
      break;
    }
    if (users.length > expected) break;
  }
  if (users.length !== expected) {
    throw new KeycloakListingError(
      'count-mismatch',
      `The listing returned ${users.length} users but the count was ${expected}.`,
    );
  }
  const after = await source.count();
  if (after !== expected) {
    throw new KeycloakListingError(
      'count-mismatch',
      `The user count changed from ${expected} to ${after} during the listing.`,
    );
  }
  return users;
}
