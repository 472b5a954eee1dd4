import type { IdpUser } from '../../../keycloak';
import type { Blocker, IdpBreakerRule, IdpState } from '../../../contract/proxy';
import { accountWideBlocker, enableBlockers } from '../../accounts/domain/diagnose';
import { blocker } from '../../accounts/domain/findings';
import type { Plan, PlanContext, PlanStep } from '../../accounts/domain/plan';
import type { AccountSnapshot, OrgUser } from '../../accounts/domain/snapshot';
import { disallowedDirectories, isProtected, type Policy } from '../../accounts/domain/policy';
import type { IdpDeactivationRecord } from '../state-file';

/**
 * The pure decisions of the IdP sync: who is a leaver, who may be reactivated, and whether the
 * circuit breaker trips. Everything here works on data already read, so it is tested by tables.
 */

/** The share of matched accounts a single run may deactivate (the 5 % rule). */
export const MAX_SHARE = 0.05;

export interface Candidate {
  user: OrgUser;
  idpState: IdpState;
  /**
   * The Keycloak user behind the state: the disabled user of a leaver, the returning user of a
   * reactivation; null for an account missing from the realm (no user) or when several users hold
   * the email (none can be named).
   */
  idpUserId: string | null;
}

export interface Prejudged {
  candidate: Candidate;
  code: 'protected' | 'already-inactive' | 'email-unverified' | 'identity-unproven' | 'nothing-to-do';
  reason: string;
}

export interface Candidates {
  /** Leavers whose action needs the account's full state (memberships, SCIM links). */
  leavers: Candidate[];
  /** Accounts this feature deactivated whose very Keycloak user is enabled again (reactivation on only). */
  returners: Candidate[];
  /**
   * Decided without further reads: protected or already inactive leavers, users whose email is not
   * verified, and reactivations whose returning user is not proven to be the one the sync acted on.
   */
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

const byEmail = (a: { user: OrgUser }, b: { user: OrgUser }) =>
  (a.user.email ?? '').localeCompare(b.user.email ?? '') || a.user.accountId.localeCompare(b.user.accountId);

export const UNVERIFIED_REASON =
  'The Keycloak user’s email is not verified, so it may not belong to this person; an unverified email never changes an Atlassian account.';

/**
 * Whether the returning user may undo what the sync did: only the Keycloak user the account was
 * deactivated for, enabled, with a verified email. An email alone proves nothing — it can pass to
 * someone else (self-registration, a user allowed to edit their email, an admin mistake).
 */
function judgeReturner(
  user: OrgUser,
  holders: readonly IdpUser[],
  record: IdpDeactivationRecord,
): Candidate | Prejudged {
  const candidate: Candidate = { user, idpState: 'enabled', idpUserId: null };
  const unproven = (reason: string): Prejudged => ({ candidate, code: 'identity-unproven', reason });
  // Someone already reactivated it: nothing is left to undo, whoever holds the email now.
  if (record.action === 'deactivate' && user.accountStatus === 'active') {
    return {
      candidate,
      code: 'nothing-to-do',
      reason: 'The account is already active; the record of what the sync did has served.',
    };
  }
  if (record.keycloakUserId === null) {
    return unproven(
      'The record names no Keycloak user (the account was deactivated because no single realm user held its email, or by a version that did not keep user ids), so the returning user cannot be proven to be the same person. Reactivate it by hand if it is.',
    );
  }
  const same = holders.find((u) => u.id === record.keycloakUserId);
  if (same === undefined) {
    return unproven(
      `The email now belongs to a different Keycloak user than the one (${record.keycloakUserId}) the sync deactivated the account for; it is not reactivated.`,
    );
  }
  if (!same.enabled) {
    return unproven(
      `The Keycloak user the sync deactivated the account for (${same.id}) is still disabled; another user with the same email is enabled.`,
    );
  }
  if (!same.emailVerified) return { candidate, code: 'email-unverified', reason: UNVERIFIED_REASON };
  return { ...candidate, idpUserId: same.id };
}

/**
 * A leaver is an account whose email is disabled in the realm (whatever its domain: an unmanaged
 * account can still be suspended), or a managed account — one on a claimed domain — whose email is
 * absent from the realm. External accounts are never expected in the IdP, so their absence means
 * nothing. Matching is by email, case-insensitively; an email counts as disabled only when every
 * realm user holding it is disabled, and then only when each of them has it verified. A realm user
 * with an unverified email still counts as present (the account is not "missing"), but never drives
 * a change.
 */
export function findCandidates(input: CandidateInput): Candidates {
  const realm = new Map<string, IdpUser[]>();
  let noEmail = 0;
  for (const u of input.idpUsers) {
    if (u.email === null) {
      noEmail += 1;
      continue;
    }
    realm.set(u.email, [...(realm.get(u.email) ?? []), u]);
  }

  const seen = new Set<string>();
  const leavers: Array<Candidate & { verified: boolean }> = [];
  const returners: Candidate[] = [];
  const returnerSkips: Prejudged[] = [];
  const matchedEmails = new Set<string>();
  let matchedAccounts = 0;

  for (const user of input.matched) {
    const email = lower(user.email);
    const holders = email === null ? undefined : realm.get(email);
    if (email === null || holders === undefined || seen.has(user.accountId)) continue;
    seen.add(user.accountId);
    matchedEmails.add(email);
    matchedAccounts += 1;
    if (holders.every((u) => !u.enabled)) {
      leavers.push({
        user,
        idpState: 'disabled',
        idpUserId: holders.length === 1 ? (holders[0]?.id ?? null) : null,
        verified: holders.every((u) => u.emailVerified),
      });
      continue;
    }
    const record = input.reactivate ? input.records.get(user.accountId) : undefined;
    if (record === undefined || isProtected(user, input.policy)) continue;
    const judged = judgeReturner(user, holders, record);
    if ('code' in judged) returnerSkips.push(judged);
    else returners.push(judged);
  }
  for (const user of input.managedActive) {
    const email = lower(user.email);
    if (email === null || seen.has(user.accountId) || realm.has(email)) continue;
    seen.add(user.accountId);
    leavers.push({ user, idpState: 'missing', idpUserId: null, verified: true });
  }

  const prejudged: Prejudged[] = [];
  const toCheck: Candidate[] = [];
  for (const { verified, ...c } of leavers.sort(byEmail)) {
    if (isProtected(c.user, input.policy)) {
      prejudged.push({
        candidate: c,
        code: 'protected',
        reason: 'Protected account: the proxy never changes it.',
      });
    } else if (!verified) {
      prejudged.push({
        candidate: c,
        code: 'email-unverified',
        reason: `Disabled in Keycloak. ${UNVERIFIED_REASON}`,
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
    returners: returners.sort(byEmail),
    prejudged: [...prejudged, ...returnerSkips.sort((a, b) => byEmail(a.candidate, b.candidate))],
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
