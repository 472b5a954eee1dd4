import type { IdpAction, IdpPlanEntry, IdpSyncResponse, OnBehalfOf } from '../../../contract/proxy';
import {
  IDP_EMAIL_MAX,
  IDP_STORED_MAX,
  IDP_TEXT_MAX,
  type ActionCounts,
  type IdpRun,
  type IdpRunResult,
  type OpenAbort,
  type StoredPlanEntry,
} from '../../../contract/app/idp-records';
import type { AuditOutcome, IssueRef } from '../../../contract/app/records';
import { clip } from '../../../lib/clip';

/**
 * The IdP offboarding decisions that need no I/O: what of the proxy's answer is stored, whether a run is
 * reported in Jira, and how it reads in the audit. Table-tested in test/unit/forge/idp-sync/domain/run-report.test.ts.
 */

const clipEmail = (email: string | null) => (email === null ? null : clip(email, IDP_EMAIL_MAX));

/** Accounts that change come first, so the stored part of a long plan is the part an admin acts on. */
const ACTION_ORDER: Record<IdpAction, number> = { deactivate: 0, suspend: 1, reactivate: 2, none: 3 };

function storedPlan(plan: IdpPlanEntry[]): StoredPlanEntry[] {
  return plan
    .map((p, i) => ({ p, i }))
    .sort((a, b) => ACTION_ORDER[a.p.action] - ACTION_ORDER[b.p.action] || a.i - b.i)
    .slice(0, IDP_STORED_MAX.plan)
    .map(({ p }) => ({
      accountId: clip(p.accountId, 128),
      email: clipEmail(p.email),
      idpState: p.idpState,
      action: p.action,
      reason: clip(p.reason, IDP_TEXT_MAX),
      callCount: p.calls.length,
    }));
}

export function countActions(entries: Array<{ action: IdpAction }>): ActionCounts {
  const counts: ActionCounts = { deactivate: 0, suspend: 0, reactivate: 0, none: 0 };
  for (const p of entries) counts[p.action]++;
  return counts;
}

/** The proxy's answer cut to what the app keeps: every count, the first entries of each list. */
export function compactResult(r: IdpSyncResponse): IdpRunResult {
  return {
    realm: clip(r.realm, 200),
    summary: r.summary,
    aborted:
      r.aborted === undefined ? null : { rule: r.aborted.rule, reason: clip(r.aborted.reason, IDP_TEXT_MAX) },
    actions: countActions(r.plan),
    appliedActions: countActions(r.applied),
    plan: { items: storedPlan(r.plan), total: r.plan.length },
    applied: {
      items: r.applied.slice(0, IDP_STORED_MAX.applied).map((a) => ({
        ...a,
        accountId: clip(a.accountId, 128),
        email: clipEmail(a.email),
        detail: clip(a.detail, IDP_TEXT_MAX),
      })),
      total: r.applied.length,
    },
    skipped: {
      items: r.skipped.slice(0, IDP_STORED_MAX.skipped).map((s) => ({
        ...s,
        accountId: clip(s.accountId, 128),
        email: clipEmail(s.email),
        detail: clip(s.detail, IDP_TEXT_MAX),
      })),
      total: r.skipped.length,
    },
    calls: r.calls.length,
  };
}

export const changesPlanned = (a: ActionCounts): number => a.deactivate + a.suspend + a.reactivate;

/**
 * Skip codes that mean "meant to happen, did not": the run is then partial, not a success. `blocked`
 * (e.g. still SCIM-managed), `protected` and the like are decisions, not failures.
 */
const UNFINISHED_SKIPS = new Set(['failed', 'not-run']);

function unfinished(result: IdpRunResult): number {
  return result.skipped.items.filter((s) => UNFINISHED_SKIPS.has(s.code)).length;
}

export type IssueDecision = { post: true } | { post: false; note: string | null; reuse: IssueRef | null };

/**
 * One Jira issue for a run that applied changes or tripped the breaker; none for a clean dry run, a
 * no-op or a failed call. A breaker that trips again by the same rule while its issue is still the
 * open report is not reported again.
 */
export function issueDecision(run: IdpRun, openAbort: OpenAbort | null): IssueDecision {
  const result = run.result;
  if (run.status === 'failed' || result === null) return { post: false, note: null, reuse: null };
  if (result.aborted !== null) {
    if (openAbort !== null && openAbort.rule === result.aborted.rule) {
      return {
        post: false,
        note: `The breaker tripped on the same rule as before; already reported in ${openAbort.issue.key}.`,
        reuse: openAbort.issue,
      };
    }
    return { post: true };
  }
  if (!run.dryRun && result.applied.total > 0) return { post: true };
  return { post: false, note: null, reuse: null };
}

/** The open-abort report after this run: kept while the breaker keeps tripping, cleared once it does not. */
export function nextOpenAbort(run: IdpRun, previous: OpenAbort | null, at: Date): OpenAbort | null {
  const result = run.result;
  if (run.status === 'failed' || result === null) return previous;
  if (result.aborted === null) return null;
  if (previous !== null && previous.rule === result.aborted.rule) return previous;
  return run.issue === null ? null : { rule: result.aborted.rule, issue: run.issue, since: at.toISOString() };
}

export function auditOutcome(run: IdpRun): AuditOutcome {
  const result = run.result;
  if (run.status === 'failed' || result === null) return 'failed';
  if (result.aborted !== null) return 'blocked';
  if (run.dryRun) return changesPlanned(result.actions) > 0 ? 'planned' : 'no-op';
  const partial = result.applied.items.some((a) => a.outcome === 'partial') || unfinished(result) > 0;
  if (result.applied.total === 0) return partial ? 'failed' : 'no-op';
  return partial ? 'partial' : 'success';
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "2 to deactivate, 1 to suspend" — only the actions that occur. */
export function actionWords(a: ActionCounts, tense: 'plan' | 'done'): string {
  const words: Record<Exclude<IdpAction, 'none'>, [string, string]> = {
    deactivate: ['to deactivate', 'deactivated'],
    suspend: ['to suspend', 'suspended'],
    reactivate: ['to reactivate', 'reactivated'],
  };
  const parts = (['deactivate', 'suspend', 'reactivate'] as const)
    .filter((k) => a[k] > 0)
    .map((k) => `${a[k]} ${words[k][tense === 'plan' ? 0 : 1]}`);
  return parts.length === 0 ? 'no account to change' : parts.join(', ');
}

/** "; the plan had 3 to deactivate" — empty when the breaker tripped before planning account by account. */
export function planWords(result: IdpRunResult): string {
  return changesPlanned(result.actions) === 0 ? '' : `; the plan had ${actionWords(result.actions, 'plan')}`;
}

export function runLabel(run: IdpRun): string {
  return `IdP sync (${run.dryRun ? 'dry run' : 'apply'}, ${run.trigger === 'schedule' ? 'scheduled' : 'Run now'})`;
}

/** The audit entry's one-line summary; the entry's own fields carry actor, dry run and outcome. */
export function auditSummary(run: IdpRun): string {
  const label = runLabel(run);
  const reason = run.reason === null ? '' : ` Reason: ${run.reason}`;
  const result = run.result;
  if (run.status === 'failed' || result === null) {
    const why = (run.error?.message ?? 'no answer from the proxy').replace(/\.$/, '');
    return `${label} failed: ${why}.${reason}`;
  }
  const realm = `realm ${result.realm}`;
  if (result.aborted !== null) {
    return (
      `${label}, ${realm}: stopped by the circuit breaker (${result.aborted.rule}): ${result.aborted.reason} ` +
      `Nothing was applied${planWords(result)}.${reason}`
    );
  }
  if (run.dryRun) return `${label}, ${realm}: ${actionWords(result.actions, 'plan')}. Nothing was applied.`;
  return (
    `${label}, ${realm}: ${actionWords(result.appliedActions, 'done')}; ` +
    `${plural(result.skipped.total, 'account')} skipped.${reason}`
  );
}

/** Audit `remaining`: what the run meant to do and did not. */
export function auditRemaining(run: IdpRun): string[] {
  const result = run.result;
  if (result === null || run.dryRun || result.aborted !== null) return [];
  return result.skipped.items
    .filter((s) => UNFINISHED_SKIPS.has(s.code))
    .map((s) => `${s.email ?? s.accountId} (${s.code}): ${s.detail}`)
    .concat(
      result.applied.items
        .filter((a) => a.outcome === 'partial')
        .map((a) => `${a.email ?? a.accountId} (partial): ${a.detail}`),
    );
}

/** Who the run is for, as the proxy's audit records it: the admin who pressed "Run now", or the schedule. */
export function onBehalfOf(run: Pick<IdpRun, 'trigger' | 'startedBy'>): OnBehalfOf {
  return run.trigger === 'manual' ? { kind: 'user', accountId: run.startedBy } : { kind: 'scheduled' };
}

/** A run as it is recorded when it starts. */
export function newRun(input: {
  runId: string;
  trigger: IdpRun['trigger'];
  startedBy: string;
  at: Date;
  dryRun: boolean;
  maxDeactivations: IdpRun['maxDeactivations'];
  reason: string | null;
}): IdpRun {
  return {
    runId: input.runId,
    trigger: input.trigger,
    startedBy: input.startedBy,
    startedAt: input.at.toISOString(),
    finishedAt: null,
    dryRun: input.dryRun,
    maxDeactivations: input.maxDeactivations,
    reason: input.reason,
    status: 'running',
    result: null,
    error: null,
    proxyRunId: null,
    progress: null,
    issue: null,
    issueNote: null,
  };
}

/** The run once the proxy answered: completed, or aborted when its breaker tripped. */
export function answeredRun(run: IdpRun, response: IdpSyncResponse, at: Date): IdpRun {
  const result = compactResult(response);
  return {
    ...run,
    status: result.aborted === null ? 'completed' : 'aborted',
    result,
    finishedAt: at.toISOString(),
  };
}

/** The run when no answer came (the proxy refused, failed or could not be reached), or it never queued. */
export function failedRun(run: IdpRun, error: NonNullable<IdpRun['error']>, at: Date): IdpRun {
  return { ...run, status: 'failed', error, finishedAt: at.toISOString() };
}
