import { Queue } from '@forge/events';
import { z } from 'zod';
import type { IdpSyncView } from '../../contract/app/resolvers';
import { ConflictError, ForgeAppError, toErrorBody } from '../platform/errors';
import { IDP_ISSUE_LABEL, idpIssueDescription, idpIssueSummary } from './report-issue';
import { EMPTY_IDP_STATE, IdpRun, IdpRunId, IdpSyncState } from '../../contract/app/idp-records';
import { newIdpRunId } from '../platform/ids';
import { jira } from '../platform/jira';
import { proxyClient } from '../platform/proxy-client';
import type { Settings } from '../../contract/app/records';
import { KEYS, repository } from '../platform/repository';
import { audit } from '../audit/audit-log';
import { isScanDue } from '../settings/domain/cadence';
import {
  auditOutcome,
  auditRemaining,
  answeredRun,
  auditSummary,
  failedRun,
  issueDecision,
  newRun,
  nextOpenAbort,
  onBehalfOf,
} from './domain/run-report';
import { SCAN_QUEUE_KEY } from '../scan/scan';
import {
  forgeInvocationClock,
  InvocationBudget,
  reserveFor,
  type InvocationClock,
} from '../scan/invocation-budget';
import { judgeStatus, LOST_RUN_ERROR, MAX_HOPS, TOO_MANY_HOPS_ERROR, waitSecondsFor } from './domain/follow';
import { getSettings } from '../settings/settings';

/**
 * IdP offboarding from the Forge side: a run is started by "Run now" or by the hourly trigger when the
 * mode is not off and its cadence is due, and worked by the queue consumer — the proxy's sync can take
 * longer than a resolver's 25 s. The app's work queue (the scan queue) carries it as `{kind: 'idp-sync'}`.
 *
 * One run at a time: starting takes `idp:lock` (FAIL_IF_EXISTS, ttl past the consumer's timeout, so a
 * run that died frees it), and a run executes once even if its event arrives twice (`idp:exec:<runId>`).
 * Every finished run is stored (compactly), audited, and — when it applied changes or the breaker
 * tripped — reported in ONE Jira issue.
 */

/** The time now; the run's stamps and the open-abort window read it. Tests pass a fixed one. */
export type Clock = () => Date;
const systemClock: Clock = () => new Date();

/** `hop`: how many invocations followed the run before this one (absent on the first). */
export const IdpSyncEvent = z.strictObject({
  kind: z.literal('idp-sync'),
  runId: IdpRunId,
  hop: z.number().int().min(0).max(MAX_HOPS).optional(),
});
export type IdpSyncEvent = z.infer<typeof IdpSyncEvent>;

/** Longer than the consumer's 900 s timeout, so a live run never loses its lock; renewed at each hop. */
export const IDP_LOCK_TTL_SECONDS = 960;
const EXEC_CLAIM_TTL_SECONDS = 86_400;

const IdpLock = z.object({ runId: IdpRunId, at: z.string() });

export async function getIdpState(): Promise<IdpSyncState> {
  return (await repository.get(KEYS.idpState, IdpSyncState)) ?? EMPTY_IDP_STATE;
}

async function saveIdpState(state: IdpSyncState): Promise<void> {
  await repository.set(KEYS.idpState, state);
}

async function releaseLock(runId: string): Promise<void> {
  const lock = await repository.get(KEYS.idpLock, IdpLock);
  if (lock?.runId === runId) await repository.delete(KEYS.idpLock);
}

export const idpQueue = {
  push(event: IdpSyncEvent): Promise<unknown> {
    return new Queue({ key: SCAN_QUEUE_KEY }).push([{ body: event }]);
  },
};

function errorText(err: unknown): string {
  return err instanceof ForgeAppError ? err.message : 'unexpected error';
}

async function postIssue(run: IdpRun, settings: Settings): Promise<IdpRun> {
  if (settings.projectKey === null) {
    return { ...run, issueNote: 'No Jira project is chosen in the settings, so no issue was posted.' };
  }
  try {
    const issue = await jira.createRunIssue({
      projectKey: settings.projectKey,
      issueTypeName: settings.issueTypeName,
      summary: idpIssueSummary(run),
      description: idpIssueDescription(run),
      labels: [...new Set([settings.label, IDP_ISSUE_LABEL])],
      runId: run.runId,
    });
    await audit.recordQuietly({
      actor: 'app',
      action: 'issue-posted',
      outcome: 'success',
      summary: `Posted ${issue.key}: the report of IdP sync run ${run.runId}.`,
      issueKey: issue.key,
    });
    return { ...run, issue, issueNote: null };
  } catch (err) {
    await audit.recordQuietly({
      actor: 'app',
      action: 'issue-post-failed',
      outcome: 'failed',
      summary: `Posting the report of IdP sync run ${run.runId} to Jira failed: ${errorText(err)}`,
    });
    return { ...run, issueNote: `Posting the report to Jira failed: ${errorText(err)}` };
  }
}

/** Reports (Jira, when due), stores and audits a run that has its result or its error. */
async function finish(run: IdpRun, clock: Clock): Promise<IdpRun> {
  const [settings, before] = await Promise.all([getSettings(), getIdpState()]);
  const decision = issueDecision(run, before.openAbort);
  const done = decision.post
    ? await postIssue(run, settings)
    : { ...run, issue: decision.reuse, issueNote: decision.note };
  const fresh = await getIdpState();
  await saveIdpState({
    lastScheduledAt: fresh.lastScheduledAt,
    // A newer run can only own the record if this one outlived its lock; its record then stays.
    lastRun: fresh.lastRun === null || fresh.lastRun.runId === run.runId ? done : fresh.lastRun,
    openAbort: nextOpenAbort(done, fresh.openAbort, clock()),
  });
  await audit.recordQuietly({
    actor: run.startedBy,
    action: 'idp-sync',
    outcome: auditOutcome(done),
    summary: auditSummary(done),
    remaining: auditRemaining(done),
    dryRun: run.dryRun,
    issueKey: done.issue?.key ?? null,
  });
  return done;
}

/** Keeps what the proxy last reported on the stored run, so the admin page shows the run's progress. */
async function saveProgress(run: IdpRun): Promise<void> {
  const state = await getIdpState();
  if (state.lastRun?.runId === run.runId) await saveIdpState({ ...state, lastRun: run });
}

/** Errors after which the proxy's run may well still be going: the next invocation asks again. */
const TRANSIENT = new Set(['unavailable', 'rate-limited']);

/**
 * Starts the proxy's background run (once per app run), then long-polls its status while this
 * invocation's time lasts. Answers the finished run, or null when the run was handed to the next
 * invocation — the proxy's run outlives any one invocation when it deactivates many accounts.
 */
async function follow(
  run: IdpRun,
  hop: number,
  clock: Clock,
  invocation: InvocationClock,
): Promise<IdpRun | null> {
  let current = run;
  if (current.proxyRunId === null) {
    try {
      // `dryRun` is always sent, so the proxy's default never decides what happens; the queue consumer
      // calls as the app, so `onBehalfOf` tells the proxy's audit who started the run.
      const started = await proxyClient.startIdpRun({
        body: {
          dryRun: run.dryRun,
          ...(run.maxDeactivations === null ? {} : { maxDeactivations: run.maxDeactivations }),
          onBehalfOf: onBehalfOf(run),
        },
      });
      const { phase, toApply, attempted } = started.progress;
      current = { ...current, proxyRunId: started.runId, progress: { phase, toApply, attempted, hops: hop } };
      await saveProgress(current);
    } catch (err) {
      const { code, message } = toErrorBody(err);
      return failedRun(current, { code, message }, clock());
    }
  }
  const proxyRunId = current.proxyRunId;
  if (proxyRunId === null) return failedRun(current, LOST_RUN_ERROR, clock());
  const budget = new InvocationBudget(invocation);
  const reserveMs = reserveFor(invocation.remainingMs());
  while (budget.next()) {
    let verdict: ReturnType<typeof judgeStatus>;
    try {
      const status = await proxyClient.idpRunStatus({
        path: { runId: proxyRunId },
        query: { waitSeconds: waitSecondsFor(invocation.remainingMs(), reserveMs) },
      });
      verdict = judgeStatus(status, hop);
    } catch (err) {
      const { code, message } = toErrorBody(err);
      if (code === 'not-found') return failedRun(current, LOST_RUN_ERROR, clock());
      if (TRANSIENT.has(code)) break;
      return failedRun(current, { code, message }, clock());
    }
    if (verdict.kind === 'finished') return answeredRun(current, verdict.response, clock());
    if (verdict.kind === 'failed') return failedRun(current, verdict.error, clock());
    current = { ...current, progress: verdict.progress };
    await saveProgress(current);
  }
  if (hop + 1 >= MAX_HOPS) return failedRun(current, TOO_MANY_HOPS_ERROR, clock());
  await repository.set(KEYS.idpLock, { runId: run.runId, at: clock().toISOString() }, IDP_LOCK_TTL_SECONDS);
  await idpQueue.push({ kind: 'idp-sync', runId: run.runId, hop: hop + 1 });
  return null;
}

export const idpSync = {
  async view(): Promise<IdpSyncView> {
    const [settings, state, lock] = await Promise.all([
      getSettings(),
      getIdpState(),
      repository.get(KEYS.idpLock, IdpLock),
    ]);
    return { settings, state, running: lock !== undefined };
  },

  /** Takes the lock, records the run as running and queues it; ConflictError while another run holds it. */
  async start(
    trigger: IdpRun['trigger'],
    startedBy: string,
    opts: { dryRun: boolean; reason: string | null },
    clock: Clock = systemClock,
  ): Promise<IdpRun> {
    const settings = await getSettings();
    const now = clock();
    const runId = newIdpRunId(now);
    const won = await repository.claim(KEYS.idpLock, { runId, at: now.toISOString() }, IDP_LOCK_TTL_SECONDS);
    if (!won) {
      throw new ConflictError('An IdP sync is already running. Wait for it to finish, then run it again.');
    }
    const run = newRun({
      runId,
      trigger,
      startedBy,
      at: now,
      dryRun: opts.dryRun,
      maxDeactivations: settings.idpSyncMaxDeactivations,
      reason: opts.reason,
    });
    try {
      const state = await getIdpState();
      await saveIdpState({
        ...state,
        lastRun: run,
        lastScheduledAt: trigger === 'schedule' ? run.startedAt : state.lastScheduledAt,
      });
    } catch (err) {
      await releaseLock(runId);
      throw err;
    }
    try {
      await idpQueue.push({ kind: 'idp-sync', runId });
    } catch {
      await finish(
        failedRun(run, { code: 'unavailable', message: 'The IdP sync could not be queued.' }, clock()),
        clock,
      );
      await releaseLock(runId);
      throw new ForgeAppError('unavailable', 'The IdP sync could not be queued. Try again shortly.');
    }
    return run;
  },

  /** The hourly trigger's part: starts a run when the mode is on and its cadence is due. */
  async startIfDue(clock: Clock = systemClock): Promise<IdpRun | null> {
    const now = clock();
    const settings = await getSettings();
    if (settings.idpSync === 'off') return null;
    const state = await getIdpState();
    if (!isScanDue(settings.idpSyncCadence, state.lastScheduledAt, now)) return null;
    try {
      return await idpSync.start(
        'schedule',
        'app',
        { dryRun: settings.idpSync === 'dry-run', reason: null },
        clock,
      );
    } catch (err) {
      // A run in progress (e.g. a "Run now") covers this hour; the next trigger checks again.
      if (err instanceof ConflictError) return null;
      throw err;
    }
  },

  /**
   * The consumer's part: follows the proxy's run for as long as this invocation lasts, then either
   * reports, stores and audits the finished run, or hands it to the next invocation (`hop` + 1).
   */
  async execute(
    runId: string,
    hop = 0,
    clock: Clock = systemClock,
    invocation: InvocationClock = forgeInvocationClock,
  ): Promise<IdpRun | null> {
    const state = await getIdpState();
    const run = state.lastRun;
    if (run === null || run.runId !== runId || run.status !== 'running') return null;
    // Each hop runs once, even if its event arrives twice.
    const first = await repository.claim(
      KEYS.idpExec(runId, hop),
      { at: clock().toISOString() },
      EXEC_CLAIM_TTL_SECONDS,
    );
    if (!first) return null;
    let handedOff = false;
    try {
      const followed = await follow(run, hop, clock, invocation);
      if (followed === null) {
        handedOff = true;
        return null;
      }
      return await finish(followed, clock);
    } finally {
      // The lock goes with a run handed to the next invocation; anything else ends the run here.
      if (!handedOff) await releaseLock(runId);
    }
  },
};
