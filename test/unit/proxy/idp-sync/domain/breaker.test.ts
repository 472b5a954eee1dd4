import type { IdpAction } from '../../../../../src/contract/proxy';
import type { KeycloakListingFailure } from '../../../../../src/keycloak';
import {
  atlassianListingTrip,
  capTrip,
  earlyTrip,
  emptyRealmTrip,
  judgePlan,
  keycloakListingTrip,
  runLimits,
  type RunLimits,
  preReadReactivationTrip,
  preReadTrip,
  reactivationTrip,
  shareLimit,
} from '../../../../../src/proxy/idp-sync/domain/breaker';

describe('breaker rules', () => {
  test.each([
    [0, 0],
    [19, 0],
    [20, 1],
    [230, 11],
    [10_000, 500],
  ])('shareLimit(%p) = %p', (matched, limit) => expect(shareLimit(matched)).toBe(limit));

  test.each<[number, number, number, string | null]>([
    [0, 10, 0, null],
    [3, 10, 230, null],
    [10, 10, 230, null],
    [11, 10, 230, 'over-cap'],
    [2, 10, 39, 'over-share'],
    [1, 10, 39, null],
    [1, 0, 1000, 'over-cap'],
    [1, 10, 10, 'over-share'],
  ])('capTrip(planned %p, cap %p, matched %p) → %p', (planned, cap, matched, rule) => {
    expect(capTrip(planned, cap, matched)?.rule ?? null).toBe(rule);
  });

  test.each<[number, number, number, string | null]>([
    [60, 10, 230, null],
    [61, 10, 230, 'over-cap'],
    [190, 10, 39, 'over-share'],
    [20, 10, 0, null],
  ])('preReadTrip(leavers %p, cap %p, matched %p) → %p', (leavers, cap, matched, rule) => {
    expect(preReadTrip(leavers, cap, matched)?.rule ?? null).toBe(rule);
  });

  test.each<[number, number, string | null]>([
    [0, 0, null],
    [10, 10, null],
    [11, 10, 'over-reactivation-cap'],
    [1, 0, 'over-reactivation-cap'],
  ])('reactivationTrip(planned %p, cap %p) → %p', (planned, cap, rule) => {
    expect(reactivationTrip(planned, cap)?.rule ?? null).toBe(rule);
  });

  test.each<[number, number, string | null]>([
    [60, 10, null],
    [61, 10, 'over-reactivation-cap'],
    [20, 0, null],
    [21, 0, 'over-reactivation-cap'],
  ])('preReadReactivationTrip(returners %p, cap %p) → %p', (returners, cap, rule) => {
    expect(preReadReactivationTrip(returners, cap)?.rule ?? null).toBe(rule);
  });

  test('the reason names the numbers', () => {
    expect(reactivationTrip(3, 2)?.reason).toMatch(/3 reactivations planned, more than the cap of 2/);
    expect(capTrip(11, 10, 230)?.reason).toMatch(/11 deactivations planned, more than the cap of 10/);
    expect(capTrip(2, 10, 39)?.reason).toMatch(/5 % of the 39/);
  });
});

describe('runLimits: the lower of the configuration and the request', () => {
  test.each<[object, { maxDeactivations?: number; maxReactivations?: number }, object]>([
    [{ maxDeactivations: 10, maxReactivations: 5 }, {}, { maxDeactivations: 10, maxReactivations: 5 }],
    [
      { maxDeactivations: 10, maxReactivations: 5 },
      { maxDeactivations: 3 },
      { maxDeactivations: 3, maxReactivations: 5 },
    ],
    [
      { maxDeactivations: 10, maxReactivations: 5 },
      { maxDeactivations: 50, maxReactivations: 1 },
      { maxDeactivations: 10, maxReactivations: 1 },
    ],
    [
      { maxDeactivations: 10, maxReactivations: 5 },
      { maxDeactivations: 0 },
      { maxDeactivations: 0, maxReactivations: 5 },
    ],
  ])('%j with request %j → %j', (configured, request, limits) => {
    expect(runLimits(configured as RunLimits, request)).toEqual(limits);
  });
});

describe('listing trips', () => {
  test.each<[KeycloakListingFailure, string]>([
    ['auth', 'listing-failed'],
    ['request', 'listing-failed'],
    ['invalid-response', 'listing-failed'],
    ['ended-early', 'listing-incomplete'],
    ['count-mismatch', 'listing-incomplete'],
    ['stopped', 'listing-stopped'],
  ])('Keycloak %s → %s', (kind, rule) => {
    expect(keycloakListingTrip(kind, 'why')).toEqual({ rule, reason: 'Keycloak listing: why' });
  });

  test('an Atlassian listing that did not end stops the run', () => {
    expect(atlassianListingTrip('page bound')).toEqual({
      rule: 'listing-stopped',
      reason: 'Atlassian listing: page bound',
    });
  });

  test('an empty realm is never everyone leaving', () => {
    expect(emptyRealmTrip('acme')).toEqual({
      rule: 'empty-listing',
      reason: 'Keycloak realm acme returned no users; an empty realm is never taken to mean everyone left.',
    });
  });
});

describe('earlyTrip and judgePlan combine the rules', () => {
  const limits = { maxDeactivations: 10, maxReactivations: 2 };
  test.each<[number, number, number, string | null]>([
    [0, 0, 230, null],
    [60, 28, 230, null],
    [61, 0, 230, 'over-cap'],
    [0, 29, 230, 'over-reactivation-cap'],
    [61, 29, 230, 'over-cap'],
  ])('earlyTrip(leavers %p, returners %p, matched %p) → %p', (leavers, returners, matchedAccounts, rule) => {
    expect(earlyTrip({ leavers, returners, matchedAccounts }, limits)?.rule ?? null).toBe(rule);
  });

  const entries = (counts: Partial<Record<IdpAction, number>>) =>
    (Object.entries(counts) as [IdpAction, number][]).flatMap(([action, n]) =>
      Array.from({ length: n }, () => ({ action })),
    );
  test.each<[Partial<Record<IdpAction, number>>, number, string | null]>([
    [{}, 230, null],
    [{ none: 500 }, 230, null],
    [{ deactivate: 6, suspend: 5 }, 230, 'over-cap'],
    [{ deactivate: 5, suspend: 5, reactivate: 2, none: 9 }, 230, null],
    [{ deactivate: 2 }, 39, 'over-share'],
    [{ reactivate: 3 }, 230, 'over-reactivation-cap'],
    [{ deactivate: 11, reactivate: 3 }, 230, 'over-cap'],
  ])('judgePlan(%j, matched %p) → %p', (counts, matched, rule) => {
    expect(judgePlan(entries(counts), limits, matched)?.rule ?? null).toBe(rule);
  });
});
