import type { Blocker, IdpPlanEntry, IdpSkippedEntry, UpstreamCall } from '../../../contract/proxy';
import { toPlannedStep, type Plan } from '../../accounts/domain/plan';
import type { IdpDeactivationRecord } from '../state-file';
import type { Candidate, Prejudged } from './match';

/**
 * The plan step of the IdP sync in the sync's own words: each candidate's account plan (made by the
 * account rules in src/proxy/accounts/domain/plan.ts or ./reactivation.ts) becomes one plan entry, an
 * admin-readable reason, and — for accounts left alone — a skip code.
 */

export interface PlannedItem {
  candidate: Candidate;
  entry: IdpPlanEntry;
  /** The account plan to apply; null when the account is left alone. */
  plan: Plan | null;
  skip: IdpSkippedEntry['code'] | null;
  /** The state-file record the item acts on (a reactivation, or a record whose work is spent). */
  record: IdpDeactivationRecord | null;
}

const idpWords = (c: Candidate) => (c.idpState === 'disabled' ? 'disabled in' : 'missing from');

/** The message lifecycle disable stores with the account: a durable marker of who did it and why. */
export function disableMessage(c: Candidate, realm: string): string {
  return `Deactivated by SCIM Unlock IdP sync: the user is ${idpWords(c)} Keycloak realm ${realm}.`;
}

/** The reason the mutation (and so its audit line) carries. */
export function mutationReason(c: Candidate, action: 'deactivate' | 'reactivate', realm: string): string {
  return action === 'reactivate'
    ? `IdP sync: enabled again in Keycloak realm ${realm}`
    : `IdP sync: ${idpWords(c)} Keycloak realm ${realm}`;
}

export function plannedCalls(plan: Plan): UpstreamCall[] {
  return plan.steps
    .filter((s) => s.status === 'planned' && s.call !== null)
    .flatMap((s) => {
      const call = toPlannedStep(s).call;
      return call === null ? [] : [call];
    });
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

/** A leaver, once its fresh state is planned: deactivate, suspend, or nothing (blocked or done). */
export function leaverItem(c: Candidate, plan: Plan): PlannedItem {
  const d = describeDeactivation(plan);
  return {
    candidate: c,
    plan: d.action === 'none' ? null : plan,
    skip: d.action === 'none' ? (d.blocked ? 'blocked' : 'nothing-to-do') : null,
    record: null,
    entry: {
      accountId: c.user.accountId,
      email: c.user.email,
      idpState: c.idpState,
      action: d.action,
      reason: `${c.idpState === 'disabled' ? 'Disabled in Keycloak.' : 'Not in the Keycloak realm.'} ${d.reason}`,
      calls: d.action === 'none' ? [] : plannedCalls(plan),
    },
  };
}

/** A returner, once its fresh state is planned against the record of what the sync did. */
export function returnerItem(c: Candidate, record: IdpDeactivationRecord, plan: Plan): PlannedItem {
  const work = plan.blockers.length === 0 && plan.steps.some((s) => s.status === 'planned');
  const why =
    plan.blockers.length > 0
      ? plan.blockers.map((b) => b.message).join(' ')
      : work
        ? 'Enabled in Keycloak again; undo what the IdP sync did.'
        : plan.steps.map((s) => s.detail).join(' ');
  return {
    candidate: c,
    plan: work ? plan : null,
    skip: work ? null : plan.blockers.length > 0 ? 'blocked' : 'nothing-to-do',
    record,
    entry: {
      accountId: c.user.accountId,
      email: c.user.email,
      idpState: 'enabled',
      action: work ? 'reactivate' : 'none',
      reason: why,
      calls: work ? plannedCalls(plan) : [],
    },
  };
}

/** An account decided without further reads. */
export function prejudgedItem(
  p: Prejudged,
  records: ReadonlyMap<string, IdpDeactivationRecord>,
): PlannedItem {
  return {
    candidate: p.candidate,
    plan: null,
    skip: p.code,
    // A spent record goes with its item, so an applying run drops it (see ./records.ts).
    record: p.code === 'nothing-to-do' ? (records.get(p.candidate.user.accountId) ?? null) : null,
    entry: {
      accountId: p.candidate.user.accountId,
      email: p.candidate.user.email,
      idpState: p.candidate.idpState,
      action: 'none',
      reason: p.reason,
      calls: [],
    },
  };
}

export function skippedOf(items: readonly PlannedItem[]): IdpSkippedEntry[] {
  return items.flatMap((i) =>
    i.skip === null
      ? []
      : [{ accountId: i.entry.accountId, email: i.entry.email, code: i.skip, detail: i.entry.reason }],
  );
}
