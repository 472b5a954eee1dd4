import { Queue } from '@forge/events';
import { z } from 'zod';
import type { ScanItem } from '../../contract/proxy';
import { ScanCursor } from '../../contract/proxy';
import { flagDescription, flagSummary } from '../content/adf';
import { ForgeAppError } from '../platform/errors';
import { newScanRunId } from '../platform/ids';
import { jira } from '../platform/jira';
import { proxyClient } from '../platform/proxy-client';
import {
  Flag,
  PostClaim,
  ScanRun,
  type IssueRef,
  type ScanTotals,
  type Settings,
} from '../../contract/app/records';
import { KEYS, repository } from '../platform/repository';
import { audit } from '../audit/audit-log';
import {
  clearIfUnseen,
  needsPost,
  recordPosted,
  recordPostFailure,
  upsertFlag,
} from '../flags/domain/flag-status';
import { flags } from '../flags/flags';
import { postedIssues } from './posted-issues';
import { getScanState, getSettings, saveScanState } from '../settings/settings';

/**
 * The scan: proxy pages → flags (upsert, clear) → one Jira issue per newly flagged account episode.
 *
 * A run handles `scanPagesPerInvocation` pages per invocation and continues through the scan queue with
 * its cursor; the chain is bounded by MAX_HOPS (well under Forge's 1000-push cyclic limit) and a run
 * that hits it ends `truncated` without clearing anything, since it did not see every account.
 *
 * Exactly-once posting, also across overlapping runs: a post first takes the claim
 * `post:<account>:<episode>` with FAIL_IF_EXISTS (one winner), then searches Jira for an issue that
 * already carries the account property (recovery from a run that died after creating it) and only then
 * creates the issue, with the property in the same request. The issue's account is then recorded under
 * the issue id (posted-issues.ts), the record the issue action relies on. Success turns the claim into a
 * permanent "posted" marker; a failure releases it and is recorded on the flag, so the next run retries.
 */

export const SCAN_QUEUE_KEY = 'scan-queue';
export const MAX_HOPS = 200;
/** A posting claim outlives any invocation (900 s max) so a live poster is never overtaken. */
const POSTING_CLAIM_TTL_SECONDS = 1800;

export const ScanContinuation = z.strictObject({
  runId: ScanRun.shape.runId,
  cursor: ScanCursor.nullable(),
  hop: z.number().int().min(0).max(MAX_HOPS),
});
export type ScanContinuation = z.infer<typeof ScanContinuation>;

const EMPTY_TOTALS: ScanTotals = { pages: 0, seen: 0, newlyFlagged: 0, posted: 0, postFailed: 0, cleared: 0 };

type PostResult = 'posted' | 'failed' | 'skipped';

function errorText(err: unknown): string {
  return err instanceof ForgeAppError ? err.message : 'unexpected error';
}

async function postFlag(flag: Flag, item: ScanItem, settings: Settings, runId: string): Promise<PostResult> {
  const now = new Date();
  if (settings.projectKey === null) {
    await flags.save({
      ...flag,
      post: { ...flag.post, lastError: 'No Jira project is chosen in the settings yet.' },
    });
    return 'skipped';
  }
  const claimKey = KEYS.postClaim(flag.accountId, flag.episode);
  const won = await repository.claim(
    claimKey,
    { state: 'posting', runId, at: now.toISOString() },
    POSTING_CLAIM_TTL_SECONDS,
  );
  if (!won) {
    // Another run holds or finished this post. If it finished but its flag write was overwritten by an
    // overlapping upsert, the permanent claim still knows the issue: repair the flag from it.
    const claim = await repository.get(claimKey, PostClaim);
    if (claim?.state === 'posted' && claim.issue !== undefined) {
      const fresh = (await flags.get(flag.accountId)) ?? flag;
      if (fresh.episode === flag.episode && fresh.issue === null) {
        await flags.save(recordPosted(fresh, claim.issue, now, false));
      }
    }
    return 'skipped';
  }

  const property = { accountId: flag.accountId, episode: flag.episode };
  let issue: IssueRef;
  let adopted = false;
  try {
    const existing = await jira.findFlagIssues(property);
    if (existing[0] !== undefined) {
      issue = existing[0];
      adopted = true;
    } else {
      issue = await jira.createFlagIssue({
        projectKey: settings.projectKey,
        issueTypeName: settings.issueTypeName,
        summary: flagSummary(item),
        description: flagDescription(item),
        label: settings.label,
        property,
      });
    }
    // The app's own record of whose issue this is; the issue action trusts this, never the property.
    // Inside the try: if it cannot be stored, the post counts as failed and the next run adopts the issue.
    await postedIssues.record(issue, flag.accountId, flag.episode, now);
  } catch (err) {
    const fresh = (await flags.get(flag.accountId)) ?? flag;
    await flags.save(recordPostFailure(fresh, errorText(err), now));
    await repository.delete(claimKey);
    await audit.recordQuietly({
      actor: 'app',
      action: 'issue-post-failed',
      outcome: 'failed',
      accountId: flag.accountId,
      summary: `Posting the flag to Jira failed: ${errorText(err)}`,
    });
    return 'failed';
  }
  await repository.set(claimKey, { state: 'posted', runId, at: now.toISOString(), issue });
  const fresh = (await flags.get(flag.accountId)) ?? flag;
  await flags.save(recordPosted(fresh.episode === flag.episode ? fresh : flag, issue, now, !adopted));
  await audit.recordQuietly({
    actor: 'app',
    action: 'issue-posted',
    outcome: 'success',
    accountId: flag.accountId,
    summary: adopted ? `Found the issue an earlier run posted: ${issue.key}` : `Posted ${issue.key}`,
    issueKey: issue.key,
  });
  return adopted ? 'skipped' : 'posted';
}

async function processItem(
  item: ScanItem,
  settings: Settings,
  run: ScanRun,
  totals: ScanTotals,
): Promise<void> {
  const existing = await flags.get(item.account.accountId);
  const { flag, opened } = upsertFlag(existing, item, new Date());
  await flags.save(flag);
  totals.seen++;
  if (opened) totals.newlyFlagged++;
  if (!needsPost(flag)) return;
  const result = await postFlag(flag, item, settings, run.runId);
  if (result === 'posted') totals.posted++;
  if (result === 'failed') totals.postFailed++;
}

async function clearUnseen(run: ScanRun): Promise<number> {
  let cleared = 0;
  const now = new Date();
  for await (const { value } of repository.scanAll(KEYS.flagPrefix, Flag)) {
    const next = clearIfUnseen(value, run.startedAt, now);
    if (next === null) continue;
    // Re-read right before writing: a sighting by an overlapping run since the listing wins.
    const fresh = await flags.get(value.accountId);
    const confirmed = fresh === undefined ? null : clearIfUnseen(fresh, run.startedAt, now);
    if (confirmed === null) continue;
    await flags.save(confirmed);
    cleared++;
  }
  return cleared;
}

async function loadRun(runId: string): Promise<ScanRun> {
  const run = await repository.get(KEYS.scanRun(runId), ScanRun);
  if (run === undefined) throw new ForgeAppError('not-found', 'The scan run no longer exists.');
  return run;
}

async function finishRun(run: ScanRun, status: ScanRun['status'], error: string | null): Promise<ScanRun> {
  const finished: ScanRun = { ...run, status, error, finishedAt: new Date().toISOString() };
  await repository.set(KEYS.scanRun(run.runId), finished);
  const state = await getScanState();
  await saveScanState({ ...state, lastRun: finished });
  const t = finished.totals;
  await audit.recordQuietly({
    actor: 'app',
    action: 'scan-finished',
    outcome: status === 'completed' ? 'success' : status === 'truncated' ? 'partial' : 'failed',
    summary:
      `Scan ${status}: ${t.pages} pages, ${t.seen} accounts flagged, ${t.newlyFlagged} new, ` +
      `${t.posted} posted, ${t.postFailed} posts failed, ${t.cleared} cleared` +
      (error === null ? '.' : `. ${error}`),
    remaining:
      status === 'truncated' ? ['The scan stopped before the last page; flags were not cleared.'] : [],
  });
  return finished;
}

/** Ends a run whose invocation failed outside the page loop, so it does not stay `running` forever. */
async function failQuietly(runId: string, error: string): Promise<void> {
  try {
    const run = await loadRun(runId);
    if (run.status === 'running') await finishRun(run, 'failed', error);
  } catch (err) {
    console.error('scan run could not be marked failed', { error: (err as Error).name });
  }
}

export const scanQueue = {
  push(next: ScanContinuation): Promise<unknown> {
    return new Queue({ key: SCAN_QUEUE_KEY }).push([{ body: next }]);
  },
};

export const scan = {
  async startRun(trigger: ScanRun['trigger'], startedBy: string): Promise<ScanRun> {
    const now = new Date();
    const run: ScanRun = {
      runId: newScanRunId(now),
      trigger,
      startedBy,
      startedAt: now.toISOString(),
      finishedAt: null,
      status: 'running',
      hops: 0,
      totals: { ...EMPTY_TOTALS },
      error: null,
    };
    await repository.set(KEYS.scanRun(run.runId), run);
    await saveScanState({ lastStartedAt: run.startedAt, lastRun: run });
    await audit.recordQuietly({
      actor: startedBy,
      action: 'scan-started',
      outcome: 'success',
      summary: `Scan started (${trigger}).`,
    });
    return run;
  },

  /**
   * Handles this invocation's share of pages. Returns the continuation to push, or null when the run has
   * ended (completed, truncated or failed — the run record says which).
   */
  async step(cont: ScanContinuation): Promise<ScanContinuation | null> {
    let run = await loadRun(cont.runId);
    if (run.status !== 'running') return null;
    const settings = await getSettings();
    const totals = { ...run.totals };
    let cursor = cont.cursor;
    try {
      for (let page = 0; page < settings.scanPagesPerInvocation; page++) {
        const answer = await proxyClient.scan({
          body: { limit: settings.scanPageSize, ...(cursor === null ? {} : { cursor }) },
        });
        totals.pages++;
        for (const item of answer.items) await processItem(item, settings, run, totals);
        cursor = answer.nextCursor;
        if (cursor === null) break;
      }
    } catch (err) {
      await finishRun({ ...run, totals, hops: cont.hop }, 'failed', errorText(err));
      return null;
    }
    run = { ...run, totals, hops: cont.hop };
    if (cursor === null) {
      run.totals.cleared += await clearUnseen(run);
      await finishRun(run, 'completed', null);
      return null;
    }
    if (cont.hop + 1 > MAX_HOPS) {
      await finishRun(run, 'truncated', `The scan needed more than ${MAX_HOPS} continuations.`);
      return null;
    }
    await repository.set(KEYS.scanRun(run.runId), run);
    return { runId: run.runId, cursor, hop: cont.hop + 1 };
  },

  /** A manual run: started here, worked by the queue consumer (a resolver has only 25 s). */
  async queueRun(startedBy: string): Promise<{ runId: string; queued: boolean }> {
    const run = await scan.startRun('manual', startedBy);
    try {
      await scanQueue.push({ runId: run.runId, cursor: null, hop: 0 });
    } catch {
      await failQuietly(run.runId, 'The scan could not be queued.');
      throw new ForgeAppError('unavailable', 'The scan could not be queued. Try again shortly.');
    }
    return { runId: run.runId, queued: true };
  },

  /** One invocation's work plus the hand-off to the queue. */
  async drive(cont: ScanContinuation): Promise<void> {
    let next: ScanContinuation | null;
    try {
      next = await scan.step(cont);
    } catch (err) {
      await failQuietly(cont.runId, errorText(err));
      return;
    }
    if (next === null) return;
    try {
      await scanQueue.push(next);
    } catch {
      await failQuietly(cont.runId, 'The scan could not be continued through the queue.');
    }
  },
};
