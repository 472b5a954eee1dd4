import type { IdpBreakerRule, IdpPlanEntry } from '../../../contract/proxy';
import type { KeycloakListingFailure } from '../../../keycloak';

/**
 * The judge step of the IdP sync: the circuit breaker. Each rule looks at counts only — the listing's
 * health, the accounts matched, the changes planned — and names the rule that stopped the run, so an
 * admin sees why nothing was applied.
 */

/** The share of matched accounts a single run may deactivate. */
export const MAX_SHARE = 0.05;

/** The caps in force for one run: the lower of the configuration and the request. */
export interface RunLimits {
  maxDeactivations: number;
  maxReactivations: number;
}

export function runLimits(
  configured: RunLimits,
  request: { maxDeactivations?: number | undefined; maxReactivations?: number | undefined },
): RunLimits {
  return {
    maxDeactivations: Math.min(
      configured.maxDeactivations,
      request.maxDeactivations ?? configured.maxDeactivations,
    ),
    maxReactivations: Math.min(
      configured.maxReactivations,
      request.maxReactivations ?? configured.maxReactivations,
    ),
  };
}

/** Deactivations the 5 % rule allows: rounded down, so fewer than 20 matched accounts allow none. */
export function shareLimit(matchedAccounts: number): number {
  return Math.floor(matchedAccounts * MAX_SHARE);
}

export interface Trip {
  rule: IdpBreakerRule;
  reason: string;
}

/** The cap rules of the breaker; null when the plan may be applied. */
export function capTrip(planned: number, maxDeactivations: number, matchedAccounts: number): Trip | null {
  if (planned > maxDeactivations) {
    return {
      rule: 'over-cap',
      reason: `${planned} deactivations planned, more than the cap of ${maxDeactivations} (IDP_SYNC_MAX_DEACTIVATIONS or the request's maxDeactivations).`,
    };
  }
  const share = shareLimit(matchedAccounts);
  if (planned > share) {
    return {
      rule: 'over-share',
      reason: `${planned} deactivations planned, more than 5 % of the ${matchedAccounts} Atlassian accounts matched to the realm (at most ${share}).`,
    };
  }
  return null;
}

/** The reactivation cap: reactivations have their own, so a bad listing cannot undo more than it may. */
export function reactivationTrip(planned: number, maxReactivations: number): Trip | null {
  if (planned <= maxReactivations) return null;
  return {
    rule: 'over-reactivation-cap',
    reason: `${planned} reactivations planned, more than the cap of ${maxReactivations} (IDP_SYNC_MAX_REACTIVATIONS or the request's maxReactivations).`,
  };
}

/**
 * Before reading each leaver's full state: when the leavers already outnumber what the cap could
 * allow by far, the listing is wrong (a wrong realm, a half-synced LDAP) and reading thousands of
 * accounts one by one would only burn the rate limit. Reads can only remove leavers from the plan
 * (blocked, nothing to do), so past this bound the plan cannot fit under the cap in any realistic case.
 */
export function preReadTrip(leavers: number, maxDeactivations: number, matchedAccounts: number): Trip | null {
  const allowed = Math.min(maxDeactivations, shareLimit(matchedAccounts));
  const bound = allowed * 4 + 20;
  if (leavers <= bound) return null;
  const rule: IdpBreakerRule = maxDeactivations <= shareLimit(matchedAccounts) ? 'over-cap' : 'over-share';
  return {
    rule,
    reason: `${leavers} active Atlassian accounts look like leavers, far more than the ${allowed} this run may deactivate; the plan was not examined account by account. Check the realm before raising any limit.`,
  };
}

/** The same early judgement for reactivations: each returner costs a read of the account. */
export function preReadReactivationTrip(returners: number, maxReactivations: number): Trip | null {
  const bound = maxReactivations * 4 + 20;
  if (returners <= bound) return null;
  return {
    rule: 'over-reactivation-cap',
    reason: `${returners} accounts the sync deactivated look like returners, far more than the ${maxReactivations} this run may reactivate; the plan was not examined account by account. Check the realm before raising any limit.`,
  };
}

/** A Keycloak listing that failed or cannot be proven complete: nothing is decided from it. */
export function keycloakListingTrip(kind: KeycloakListingFailure, message: string): Trip {
  const incomplete = kind === 'ended-early' || kind === 'count-mismatch';
  return {
    rule: kind === 'stopped' ? 'listing-stopped' : incomplete ? 'listing-incomplete' : 'listing-failed',
    reason: `Keycloak listing: ${message}`,
  };
}

/** An Atlassian listing (the org's accounts, its directories) that did not end proves nothing either. */
export function atlassianListingTrip(message: string): Trip {
  return { rule: 'listing-stopped', reason: `Atlassian listing: ${message}` };
}

/** An empty realm is far more likely a wrong realm or a broken federation than everyone leaving. */
export function emptyRealmTrip(realm: string): Trip {
  return {
    rule: 'empty-listing',
    reason: `Keycloak realm ${realm} returned no users; an empty realm is never taken to mean everyone left.`,
  };
}

/** Before any per-account read: leavers and returners by far too many for the caps. */
export function earlyTrip(
  counts: { leavers: number; returners: number; matchedAccounts: number },
  limits: RunLimits,
): Trip | null {
  return (
    preReadTrip(counts.leavers, limits.maxDeactivations, counts.matchedAccounts) ??
    preReadReactivationTrip(counts.returners, limits.maxReactivations)
  );
}

/** The whole plan against the caps: the breaker judges it before anything is applied. */
export function judgePlan(
  plan: readonly Pick<IdpPlanEntry, 'action'>[],
  limits: RunLimits,
  matchedAccounts: number,
): Trip | null {
  const deactivations = plan.filter((p) => p.action === 'deactivate' || p.action === 'suspend').length;
  const reactivations = plan.filter((p) => p.action === 'reactivate').length;
  return (
    capTrip(deactivations, limits.maxDeactivations, matchedAccounts) ??
    reactivationTrip(reactivations, limits.maxReactivations)
  );
}
