import type { IdpUser } from '../../idp/keycloak';
import type { Blocker, IdpBreakerRule, IdpState } from '../../contract';
import { accountWideBlocker, enableBlockers } from '../domain/diagnose';
import { blocker } from '../domain/findings';
import type { Plan, PlanContext, PlanStep } from '../domain/plan';
import type { AccountSnapshot, OrgUser } from '../domain/snapshot';
import { disallowedDirectories, isProtected, type Policy } from '../policy';
import type { IdpDeactivationRecord } from './idp-sync-state';

/**
 * The pure decisions of the IdP sync: who is a leaver, who may be reactivated, and whether the
 * circuit breaker trips. Everything here works on data already read, so it is tested by tables.
 */

/** The share of matched accounts a single run may deactivate (the 5 % rule). */
export const MAX_SHARE = 0.05;

export interface Candidate {
  user: OrgUser;
  idpState: IdpState;
}

export interface Prejudged {
  candidate: Candidate;
  code: 'protected' | 'already-inactive';
  reason: string;
}

export interface Candidates {
  /** Leavers whose action needs the account's full state (memberships, SCIM links). */
  leavers: Candidate[];
  /** Accounts this feature deactivated whose user is enabled again (reactivation on only). */
  returners: Candidate[];
  /** Leavers decided without further reads: protected or already inactive. */
  prejudged: Prejudged[];
  /** Realm users with no email or no Atlassian account. */
  unmatchedIdpUsers: number;
  /** Atlassian accounts found for the realm's emails. */
  matchedAccounts: number;
}

export interface CandidateInput {
  idpUsers: readonly IdpUser[];
  /** Accounts found by searching the realm's emails. */
  matched: readonly OrgUser[];
  /** Every active account the org manages (claimed domains), for users absent from the realm. */
  managedActive: readonly OrgUser[];
  policy: Policy;
  /** What this feature deactivated before (the state file), keyed by account id. */
  records: ReadonlyMap<string, IdpDeactivationRecord>;
  reactivate: boolean;
}

const lower = (s: string | null) => (s === null ? null : s.trim().toLowerCase());

const byEmail = (a: Candidate, b: Candidate) =>
  (a.user.email ?? '').localeCompare(b.user.email ?? '') || a.user.accountId.localeCompare(b.user.accountId);

/**
 * A leaver is an account whose email is disabled in the realm (whatever its domain: an unmanaged
 * account can still be suspended), or a managed account — one on a claimed domain — whose email is
 * absent from the realm. External accounts are never expected in the IdP, so their absence means
 * nothing. Matching is by email, case-insensitively; the first realm user of an email wins, and a
 * disabled duplicate never outvotes an enabled one.
 */
export function findCandidates(input: CandidateInput): Candidates {
  const realm = new Map<string, boolean>();
  let noEmail = 0;
  for (const u of input.idpUsers) {
    if (u.email === null) {
      noEmail += 1;
      continue;
    }
    realm.set(u.email, (realm.get(u.email) ?? false) || u.enabled);
  }

  const seen = new Set<string>();
  const leavers: Candidate[] = [];
  const returners: Candidate[] = [];
  const matchedEmails = new Set<string>();
  let matchedAccounts = 0;

  for (const user of input.matched) {
    const email = lower(user.email);
    if (email === null || !realm.has(email) || seen.has(user.accountId)) continue;
    seen.add(user.accountId);
    matchedEmails.add(email);
    matchedAccounts += 1;
    if (realm.get(email) === false) leavers.push({ user, idpState: 'disabled' });
    else if (input.reactivate && input.records.has(user.accountId))
      returners.push({ user, idpState: 'enabled' });
  }
  for (const user of input.managedActive) {
    const email = lower(user.email);
    if (email === null || seen.has(user.accountId) || realm.has(email)) continue;
    seen.add(user.accountId);
    leavers.push({ user, idpState: 'missing' });
  }

  const prejudged: Prejudged[] = [];
  const toCheck: Candidate[] = [];
  for (const c of leavers.sort(byEmail)) {
    if (isProtected(c.user, input.policy)) {
      prejudged.push({
        candidate: c,
        code: 'protected',
        reason: 'Protected account: the proxy never changes it.',
      });
    } else if (c.user.accountStatus !== 'active') {
      prejudged.push({
        candidate: c,
        code: 'already-inactive',
        reason: `The account is already ${c.user.accountStatus === 'closed' ? 'closed' : 'deactivated'}.`,
      });
    } else {
      toCheck.push(c);
    }
  }
  const unmatchedIdpUsers = noEmail + [...realm.keys()].filter((e) => !matchedEmails.has(e)).length;
  return {
    leavers: toCheck,
    returners: returners.filter((c) => !isProtected(c.user, input.policy)).sort(byEmail),
    prejudged,
    unmatchedIdpUsers,
    matchedAccounts,
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

/** What planDeactivate decided, in the sync's words. */
export function describeDeactivation(plan: Plan): {
  action: 'deactivate' | 'suspend' | 'none';
  reason: string;
  blocked: boolean;
} {
  if (plan.blockers.length > 0) {
    return { action: 'none', reason: plan.blockers.map((b: Blocker) => b.message).join(' '), blocked: true };
  }
  const planned = plan.steps.filter((s) => s.status === 'planned');
  if (planned.some((s) => s.action === 'disable-account')) {
    return {
      action: 'deactivate',
      reason: 'Deactivate the account (user-management lifecycle disable).',
      blocked: false,
    };
  }
  if (planned.length > 0) {
    return {
      action: 'suspend',
      reason: `The org does not manage this account, so its access is suspended in ${planned.length} director${planned.length === 1 ? 'y' : 'ies'} (Org v2 suspend).`,
      blocked: false,
    };
  }
  return {
    action: 'none',
    reason: plan.steps.map((s) => s.detail).join(' ') || 'Nothing to do.',
    blocked: false,
  };
}

const skipped = (action: PlanStep['action'], target: string, detail: string): PlanStep => ({
  action,
  target,
  status: 'skipped',
  detail,
  call: null,
});

/**
 * Undo exactly what the sync did to this account and nothing more: lifecycle enable when it was
 * deactivated, restore only in the directories it suspended. A membership someone else suspended
 * stays suspended, and an account someone else deactivated is never in the record at all.
 */
export function planIdpReactivate(
  snapshot: AccountSnapshot,
  record: IdpDeactivationRecord,
  ctx: PlanContext,
): Plan {
  const user = snapshot.user;
  if (user === null) return { blockers: [blocker('not-found')], warnings: [], steps: [] };
  if (isProtected(user, ctx.policy))
    return { blockers: [blocker('protected-account')], warnings: [], steps: [] };
  const target = `account ${user.accountId}`;
  if (record.action === 'deactivate') {
    if (user.accountStatus === 'closed')
      return { blockers: [blocker('account-closed')], warnings: [], steps: [] };
    if (user.accountStatus === 'active') {
      return {
        blockers: [],
        warnings: [],
        steps: [skipped('enable-account', target, 'The account is already active.')],
      };
    }
    const scope = accountWideBlocker(snapshot, ctx.policy);
    const blockers = [
      ...enableBlockers(snapshot, user, { linksWillBeRemoved: false }),
      ...(scope ? [scope] : []),
    ];
    if (blockers.length > 0) return { blockers, warnings: [], steps: [] };
    return {
      blockers: [],
      warnings: [],
      steps: [
        {
          action: 'enable-account',
          target,
          status: 'planned',
          detail: 'Reactivate the account the IdP sync deactivated (user-management lifecycle enable).',
          call: { operation: 'um.enable', params: { account_id: user.accountId } },
        },
      ],
    };
  }
  const ours = new Set(record.directoryIds);
  const toRestore = snapshot.memberships.filter(
    (m) => m.membershipStatus === 'suspended' && ours.has(m.directoryId),
  );
  // The allowlist may have shrunk since the sync suspended the account: restore only where allowed.
  const bad = disallowedDirectories(
    toRestore.map((m) => m.directoryId),
    ctx.policy,
  );
  if (bad.length > 0)
    return {
      blockers: [blocker('directory-not-allowed', `Directories: ${bad.join(', ')}.`)],
      warnings: [],
      steps: [],
    };
  if (toRestore.length === 0) {
    return {
      blockers: [],
      warnings: [],
      steps: [
        skipped('restore-membership', target, 'No membership the IdP sync suspended is still suspended.'),
      ],
    };
  }
  return {
    blockers: [],
    warnings: [],
    steps: toRestore.map((m) => ({
      action: 'restore-membership' as const,
      target: `directory ${m.directoryId}`,
      status: 'planned' as const,
      detail: 'Restore the access the IdP sync suspended in this directory (Org v2 restore).',
      call: {
        operation: 'org.restoreUser' as const,
        params: { orgId: ctx.orgId, directoryId: m.directoryId, accountId: user.accountId },
      },
    })),
  };
}
