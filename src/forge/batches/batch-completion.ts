import { clip } from '../../lib/clip';
import type { BatchStatus } from '../../contract/proxy';
import { BatchCompletion, type BatchRecord } from '../../contract/app/records';
import { audit } from '../audit/audit-log';
import { flags } from '../flags/flags';
import { relockWatch } from '../relock/relock-watch';
import { ForgeAppError } from '../platform/errors';
import { proxyClient } from '../platform/proxy-client';
import { KEYS, repository } from '../platform/repository';
import { commentQuietly } from '../requests/comments';
import { batchRuns } from './batch-runs';
import { accountLabel, completionComment, groupByIssue } from './domain/completion-comments';

/**
 * What the app owes once a batch run is final: the flags of the accounts it unlocked resolved, and each
 * posted Jira issue of those accounts commented with the outcome — as a single unlock does
 * (src/forge/accounts/account-actions.ts) — plus one `batch-finished` audit line.
 *
 * Whoever sees the batch final first does it: the page's poll (getBatch, currentBatch) or the scheduled
 * trigger when nobody polls. It is idempotent and resumable:
 * - one completion step at a time (a short-lived lock), so two admins polling do not comment twice;
 * - progress is stored after each page and each comment, so an invocation that runs out of its time
 *   budget leaves the rest to the next caller;
 * - a flag is resolved at most once (flags.resolve answers null for a flag already resolved), and only a
 *   flag this step resolved earns a comment, so a page read again never comments again;
 * - the audit line is claimed once per batch (`batch:finished:<id>`).
 */

/** The proxy pages at most 200 results; 1,000 accounts take 5 pages, 10 leaves room and bounds the loop. */
const PAGE_SIZE = 200;
const MAX_PAGES = 10;
/** Longer than one step may take, so a crashed step's lock expires and the next caller resumes. */
const LOCK_TTL_SECONDS = 60;
/** A resolver has 25 s; the completion shares it with the status read and the answer. */
export const DEFAULT_BUDGET_MS = 8000;
const LABEL_MAX = 300;

const FINAL_STATES = new Set<BatchStatus['state']>(['done', 'cancelled']);

function fresh(batchId: string): BatchCompletion {
  return {
    batchId,
    state: 'running',
    cursor: null,
    pagesRead: 0,
    unlocked: 0,
    flagsResolved: 0,
    issuesCommented: 0,
    commentsFailed: 0,
    comments: [],
    finishedAt: null,
  };
}

async function save(c: BatchCompletion): Promise<BatchCompletion> {
  await repository.set(KEYS.batchCompletion(c.batchId), c);
  return c;
}

export function completionOf(batchId: string): Promise<BatchCompletion | undefined> {
  return repository.get(KEYS.batchCompletion(batchId), BatchCompletion);
}

/** Resolves the flags of one page of unlocked accounts; the comments they earn are stored with the page. */
async function readPage(record: BatchRecord, c: BatchCompletion): Promise<BatchCompletion> {
  const page = await proxyClient.batchAccounts({
    path: { batchId: record.batchId },
    query: { outcome: 'unlocked', limit: PAGE_SIZE, ...(c.cursor === null ? {} : { cursor: c.cursor }) },
  });
  const accountIds = page.results.map((r) => r.accountId).filter((id): id is string => id !== null);
  const resolved = [];
  for (const accountId of accountIds) {
    const flag = await flags.resolve(accountId);
    if (flag !== null) {
      resolved.push({
        accountId,
        label: clip(accountLabel(flag), LABEL_MAX),
        issueKey: flag.issue?.key ?? null,
      });
    }
  }
  // Unlocked accounts are watched for re-locks by the IdP like single unlocks (src/forge/relock);
  // a page read again after a lost invocation only restarts their watch.
  await relockWatch.watch(accountIds);
  return save({
    ...c,
    cursor: page.nextCursor,
    pagesRead: c.pagesRead + 1,
    unlocked: c.unlocked + accountIds.length,
    flagsResolved: c.flagsResolved + resolved.length,
    comments: groupByIssue(resolved),
  });
}

async function finish(record: BatchRecord, status: BatchStatus, c: BatchCompletion, now: Date) {
  const done = await save({ ...c, state: 'done', finishedAt: now.toISOString() });
  if (await repository.claim(KEYS.batchFinished(record.batchId), { at: now.toISOString() })) {
    const counts = Object.entries(status.counts)
      .filter(([, n]) => n > 0)
      .map(([outcome, n]) => `${outcome} ${n}`)
      .join(', ');
    await audit.recordQuietly({
      actor: 'app',
      action: 'batch-finished',
      outcome: done.commentsFailed > 0 ? 'partial' : 'success',
      summary:
        `Batch ${record.batchId} ${status.state} (${counts || 'no accounts'}); started by ${record.startedBy}: ` +
        `${done.flagsResolved} flag(s) resolved, ${done.issuesCommented} issue(s) commented` +
        (done.commentsFailed > 0 ? `, ${done.commentsFailed} comment(s) failed` : '') +
        '.',
      remaining: done.commentsFailed > 0 ? ['Comment the issues that failed by hand.'] : [],
    });
  }
  await batchRuns.closeOpen(record.batchId);
  return done;
}

/**
 * Does (or continues) the app's part for a batch whose status was just read. Answers the completion as
 * it stands: null when there is nothing to do (a dry run, a batch still running, a batch the app did
 * not start), `running` when time ran out or another caller holds the step, `done` once complete.
 */
export async function completeBatch(
  status: BatchStatus,
  opts: { budgetMs?: number; now?: () => Date } = {},
): Promise<BatchCompletion | null> {
  if (status.dryRun || !FINAL_STATES.has(status.state)) return null;
  const now = opts.now ?? (() => new Date());
  const existing = await completionOf(status.id);
  if (existing?.state === 'done') return existing;
  const record = await batchRuns.get(status.id);
  if (record === undefined) return null;

  const lock = KEYS.batchCompletionLock(status.id);
  if (!(await repository.claim(lock, { at: now().toISOString() }, LOCK_TTL_SECONDS))) return existing ?? null;
  try {
    const deadline = now().getTime() + (opts.budgetMs ?? DEFAULT_BUDGET_MS);
    let c = existing ?? (await save(fresh(status.id)));
    for (;;) {
      while (c.comments.length > 0) {
        if (now().getTime() > deadline) return c;
        const [next, ...rest] = c.comments;
        if (next === undefined) break;
        const words = completionComment(record, next);
        const ok = await commentQuietly(next.issueKey, record.startedBy, words.message, words.details);
        c = await save({
          ...c,
          comments: rest,
          issuesCommented: c.issuesCommented + (ok ? 1 : 0),
          commentsFailed: c.commentsFailed + (ok ? 0 : 1),
        });
      }
      const allRead = c.pagesRead > 0 && c.cursor === null;
      if (allRead || c.pagesRead >= MAX_PAGES) return await finish(record, status, c, now());
      if (now().getTime() > deadline) return c;
      c = await readPage(record, c);
    }
  } finally {
    await repository.delete(lock);
  }
}

/** For the scheduled trigger: finishes the app's part of open runs nobody polled. Never throws. */
export async function completeOpenBatches(limit = 5): Promise<void> {
  let open: BatchRecord[];
  try {
    open = await batchRuns.open(limit);
  } catch (err) {
    console.error('listing open batches failed', { error: (err as Error).name });
    return;
  }
  for (const record of open) {
    try {
      const status = await proxyClient.batchStatus({ path: { batchId: record.batchId } });
      await completeBatch(status);
    } catch (err) {
      // The proxy no longer knows the batch (its state directory was cleared): nothing is left to finish.
      if (err instanceof ForgeAppError && err.code === 'not-found') {
        await batchRuns.closeOpen(record.batchId);
        continue;
      }
      console.error('batch completion failed', { batchId: record.batchId, error: (err as Error).name });
    }
  }
}
