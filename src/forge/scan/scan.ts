import { Queue } from '@forge/events';
import { z } from 'zod';
import { ScanCursor, VERIFY_MAX_ACCOUNTS, type VerifiedAccount } from '../../contract/proxy';
import { mapConcurrent } from '../../lib/map-concurrent';
import { flagDescription, flagSummary, type FlagContent } from '../content/adf';
import { ForgeAppError } from '../platform/errors';
import { newScanRunId } from '../platform/ids';
import { jira } from '../platform/jira';
import { proxyClient } from '../platform/proxy-client';
import {
  type Flag,
  PostClaim,
  ScanPhase,
  ScanRun,
  type IssueRef,
  type ScanTotals,
  type Settings,
} from '../../contract/app/records';
import { KEYS, repository } from '../platform/repository';
import { audit } from '../audit/audit-log';
import {
  clearIfUnseen,
  recordPosted,
  recordPostFailure,
  upsertFlag,
  type Sighting,
} from '../flags/domain/flag-status';
import { CADENCE_INTERVAL_MS } from '../settings/domain/cadence';
import { selectRotation } from './domain/rotation';
import {
  clearOnVerdict,
  isFlagged,
  leftCandidates,
  linkRefs,
  markSeen,
  needsVerification,
  recheckMode,
  sameLinks,
} from './domain/verification';
import { forgeInvocationClock, InvocationBudget, type InvocationClock } from './invocation-budget';
import { knownCandidates } from './known-candidates';
import { flags } from '../flags/flags';
import { postedIssues } from './posted-issues';
import { relockWatch } from '../relock/relock-watch';
import { getScanState, getSettings, saveScanState } from '../settings/settings';
import { createPostStep, type PostResult } from './incident-posts';

/**
 * The incremental scan: candidate pages → verify what is new or due → flags (upsert, clear) → one Jira
 * issue per incident (many locks by one directory within minutes) and per single flagged episode. The proxy keeps no state; what the app verified and when is
 * kept per account under `scan:known:<accountId>` (known-candidates.ts).
 *
 * A run has three phases, each worked in units while the invocation has time left (invocation-budget.ts)
 * and continued through the scan queue:
 * 1. `candidates`: one proxy page of deactivated managed accounts per unit (one Org v2 search per 100);
 *    candidates never verified (or flagged before but without a live flag) are verified in full (links
 *    and SCIM records), known ones are only marked seen;
 * 2. `rotation`: known accounts re-checked oldest first, their share per run (domain/rotation.ts), so
 *    each is verified again within `scanVerifyWindowHours`; a flagged account's links are re-read and its
 *    records only when the links changed (domain/verification.ts);
 * 3. `relock`: accounts unlocked through the app within `relockWatchDays` are re-checked for the IdP
 *    linking or deactivating them again, one verify call per unit (src/forge/relock/relock-watch.ts);
 * 4. `post`: the open flags without an issue are posted — one issue per incident, a comment on it for
 *    a later member, one issue per single lock (incident-posts.ts); after the candidates, so the locks
 *    of one incident are seen together;
 * 5. `clear`: flags of accounts no longer among the candidates are cleared, and their known records
 *    dropped. A run that hits MAX_HOPS ends `truncated` without clearing anything.
 *
 * Exactly-once posting of a single, also across overlapping runs: a post first takes the claim
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
/** Known records read at once while a candidate page is matched against them. */
const STORAGE_CONCURRENCY = 10;

export const ScanContinuation = z.strictObject({
  runId: ScanRun.shape.runId,
  /** Defaulted so a continuation queued before the incremental scan still reads (as its first phase). */
  phase: ScanPhase.default('candidates'),
  cursor: ScanCursor.nullable(),
  hop: z.number().int().min(0).max(MAX_HOPS),
});
export type ScanContinuation = z.input<typeof ScanContinuation>;

const HOUR_MS = 3_600_000;

const EMPTY_TOTALS: ScanTotals = {
  pages: 0,
  candidates: 0,
  verified: 0,
  rechecked: 0,
  seen: 0,
  newlyFlagged: 0,
  posted: 0,
  postFailed: 0,
  cleared: 0,
};

function errorText(err: unknown): string {
  return err instanceof ForgeAppError ? err.message : 'unexpected error';
}

async function postFlag(
  flag: Flag,
  item: FlagContent,
  settings: Settings,
  runId: string,
): Promise<PostResult> {
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

/** A flagged sighting: upsert the flag; the `post` phase posts it (alone or in an incident). */
async function processItem(item: FlagContent & Sighting, totals: ScanTotals): Promise<void> {
  const existing = await flags.get(item.account.accountId);
  const { flag, opened } = upsertFlag(existing, item, new Date());
  await flags.save(flag);
  totals.seen++;
  if (opened) totals.newlyFlagged++;
}

interface CandidateInfo {
  accountId: string;
  email: string | null;
  name: string | null;
}

/**
 * Applies a full verification (links and records) of one candidate: the known record, then the flag —
 * upserted (and posted) when the evidence flags the account, cleared at once when it no longer does.
 */
async function applyVerified(
  who: CandidateInfo,
  verified: VerifiedAccount,
  run: ScanRun,
  totals: ScanTotals,
): Promise<void> {
  const now = new Date();
  const confidence = verified.verdict?.confidence ?? null;
  const flagged = isFlagged(confidence);
  const previous = await knownCandidates.get(who.accountId);
  await knownCandidates.save({
    accountId: who.accountId,
    email: who.email,
    name: who.name,
    lastSeenAt: laterOf(previous?.lastSeenAt, run.startedAt),
    lastVerifiedAt: now.toISOString(),
    flagged,
    links: linkRefs(verified.links).slice(0, 20),
  });
  if (flagged) {
    await processItem(
      {
        account: { ...who, accountStatus: 'inactive' },
        scimLinks: verified.links,
        reason: verified.verdict?.reason ?? '',
        confidence,
        evidence: { links: verified.links.slice(0, 20), verifiedAt: now.toISOString() },
      },
      totals,
    );
    return;
  }
  const existing = await flags.get(who.accountId);
  const cleared = existing === undefined ? null : clearOnVerdict(existing, now);
  if (cleared !== null) {
    await flags.save(cleared);
    totals.cleared++;
  }
}

/** The issue's content for a flag posted again from what was stored at its verification. */
function contentOf(flag: Flag): FlagContent {
  return {
    account: { accountId: flag.accountId, email: flag.email, name: flag.name, accountStatus: 'inactive' },
    scimLinks: flag.evidence?.links ?? [],
    reason: flag.reason,
    confidence: flag.confidence,
  };
}

function laterOf(a: string | undefined, b: string): string {
  return a !== undefined && a > b ? a : b;
}

async function verifyInBatches(
  ids: readonly string[],
  read: 'records' | 'links',
): Promise<VerifiedAccount[]> {
  const out: VerifiedAccount[] = [];
  for (let i = 0; i < ids.length; i += VERIFY_MAX_ACCOUNTS) {
    const answer = await proxyClient.scanVerify({
      body: { accountIds: ids.slice(i, i + VERIFY_MAX_ACCOUNTS), read },
    });
    out.push(...answer.accounts);
  }
  return out;
}

/** One candidate page: verify what is new (or lost its flag), mark the rest seen. */
async function candidatePage(
  cursor: string | null,
  settings: Settings,
  run: ScanRun,
  totals: ScanTotals,
): Promise<string | null> {
  const page = await proxyClient.scanCandidates({
    body: { limit: settings.scanPageSize, ...(cursor === null ? {} : { cursor }) },
  });
  totals.pages++;
  totals.candidates += page.candidates.length;
  const ids = page.candidates.map((c) => c.accountId);
  const known = await knownCandidates.getMany(ids, STORAGE_CONCURRENCY);
  const flagged = await mapConcurrent(ids, STORAGE_CONCURRENCY, (id) =>
    known.get(id)?.flagged === true ? flags.get(id) : Promise.resolve(undefined),
  );
  const toVerify: CandidateInfo[] = [];
  const now = new Date();
  for (const [i, c] of page.candidates.entries()) {
    const k = known.get(c.accountId);
    const flag = flagged[i];
    if (k === undefined || needsVerification(k, flag)) {
      toVerify.push({ accountId: c.accountId, email: c.email, name: c.name });
      continue;
    }
    await knownCandidates.save({
      ...k,
      email: c.email,
      name: c.name,
      lastSeenAt: laterOf(k.lastSeenAt, run.startedAt),
    });
    const seen = flag === undefined ? null : markSeen(flag, now);
    if (seen !== null) await flags.save(seen);
    if (k.flagged) totals.seen++;
  }
  const verified = await verifyInBatches(
    toVerify.map((c) => c.accountId),
    'records',
  );
  const byId = new Map(verified.map((v) => [v.accountId, v]));
  for (const who of toVerify) {
    const v = byId.get(who.accountId);
    if (v === undefined) throw new ForgeAppError('upstream-error', 'The proxy left a candidate unverified.');
    await applyVerified(who, v, run, totals);
    totals.verified++;
  }
  return page.nextCursor;
}

/**
 * One rotation unit: up to one verify call's worth of known accounts, oldest verification first.
 * Returns false when the rotation has nothing left to re-check in this run.
 */
async function rotationUnit(settings: Settings, run: ScanRun, totals: ScanTotals): Promise<boolean> {
  const now = new Date();
  const seenThisRun = (await knownCandidates.all()).filter((k) => !leftCandidates(k, run.startedAt));
  const picked = selectRotation(seenThisRun, {
    runStartedAt: run.startedAt,
    now,
    intervalMs: CADENCE_INTERVAL_MS[settings.cadence],
    windowMs: settings.scanVerifyWindowHours * HOUR_MS,
    alreadyRechecked: totals.rechecked,
    max: VERIFY_MAX_ACCOUNTS,
  });
  if (picked.length === 0) return false;
  const byId = new Map(seenThisRun.map((k) => [k.accountId, k]));
  const chosen = picked.flatMap((id) => byId.get(id) ?? []);
  const linkOnly = chosen.filter((k) => recheckMode(k) === 'links');
  const full = chosen.filter((k) => recheckMode(k) === 'records');
  const linkAnswers = new Map(
    (
      await verifyInBatches(
        linkOnly.map((k) => k.accountId),
        'links',
      )
    ).map((v) => [v.accountId, v]),
  );
  for (const k of linkOnly) {
    const v = linkAnswers.get(k.accountId);
    if (v !== undefined && sameLinks(k.links, linkRefs(v.links))) {
      await knownCandidates.save({ ...k, lastVerifiedAt: now.toISOString() });
    } else {
      full.push(k);
    }
  }
  const answers = await verifyInBatches(
    full.map((k) => k.accountId),
    'records',
  );
  const fullById = new Map(answers.map((v) => [v.accountId, v]));
  for (const k of full) {
    const v = fullById.get(k.accountId);
    if (v === undefined) throw new ForgeAppError('upstream-error', 'The proxy left an account unverified.');
    await applyVerified(k, v, run, totals);
  }
  totals.rechecked += chosen.length;
  return true;
}

/** One unit of the `relock` phase; false when the re-lock watch has nothing left for this run. */
async function relockUnit(run: ScanRun, totals: ScanTotals): Promise<boolean> {
  const done = await relockWatch.recheckUnit({
    runStartedAt: run.startedAt,
    alreadyChecked: totals.relockChecked ?? 0,
  });
  if (done === null) return false;
  totals.relockChecked = (totals.relockChecked ?? 0) + done.checked;
  totals.relocked = (totals.relocked ?? 0) + done.relocked;
  return true;
}

async function clearUnseen(run: ScanRun): Promise<number> {
  let cleared = 0;
  const now = new Date();
  // Listed first, written after: a cleared flag leaves the index being read, and a cursor must not skip.
  const unseen: string[] = [];
  for await (const flag of flags.unseenSince(run.startedAt)) unseen.push(flag.accountId);
  for (const accountId of unseen) {
    // Re-read right before writing: a sighting by an overlapping run since the listing wins.
    const fresh = await flags.get(accountId);
    const confirmed = fresh === undefined ? null : clearIfUnseen(fresh, run.startedAt, now);
    if (confirmed === null) continue;
    await flags.save(confirmed);
    cleared++;
  }
  // The accounts that left the candidates are forgotten: if they come back they are verified anew.
  for (const k of await knownCandidates.all()) {
    if (leftCandidates(k, run.startedAt)) await knownCandidates.delete(k.accountId);
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
      `${t.posted} posted, ${t.postFailed} posts failed, ${t.cleared} cleared, ` +
      `${t.relocked ?? 0} re-locked by the IdP` +
      (error === null ? '.' : `. ${error}`),
    remaining:
      status === 'truncated' ? ['The scan stopped before the last page; flags were not cleared.'] : [],
  });
  return finished;
}

/** A run that continues in another invocation shows where it is on the admin page (`scan:state`). */
async function saveProgress(run: ScanRun): Promise<void> {
  await repository.set(KEYS.scanRun(run.runId), run);
  const state = await getScanState();
  if (state.lastRun === null || state.lastRun.runId === run.runId)
    await saveScanState({ ...state, lastRun: run });
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
      phase: 'candidates',
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
  async step(
    cont: ScanContinuation,
    clock: InvocationClock = forgeInvocationClock,
  ): Promise<ScanContinuation | null> {
    const parsed = ScanContinuation.parse(cont);
    let run = await loadRun(parsed.runId);
    if (run.status !== 'running') return null;
    const settings = await getSettings();
    const budget = new InvocationBudget(clock);
    const totals = { ...run.totals };
    let { phase, cursor } = parsed;
    const poster = createPostStep({
      settings,
      runId: run.runId,
      postSingle: (flag) => postFlag(flag, contentOf(flag), settings, run.runId),
    });
    try {
      while (phase !== 'clear' && budget.next()) {
        if (phase === 'candidates') {
          cursor = await candidatePage(cursor, settings, run, totals);
          if (cursor === null) phase = 'rotation';
        } else if (phase === 'rotation') {
          if (!(await rotationUnit(settings, run, totals))) phase = 'relock';
        } else if (phase === 'relock') {
          if (!(await relockUnit(run, totals))) phase = 'post';
        } else if (!(await poster.unit(totals))) {
          phase = 'clear';
        }
      }
    } catch (err) {
      await finishRun({ ...run, totals, hops: parsed.hop }, 'failed', errorText(err));
      return null;
    }
    run = { ...run, totals, phase, hops: parsed.hop };
    if (phase === 'clear' && budget.next()) {
      run.totals.cleared += await clearUnseen(run);
      await finishRun({ ...run, phase: null }, 'completed', null);
      return null;
    }
    if (parsed.hop + 1 > MAX_HOPS) {
      await finishRun(run, 'truncated', `The scan needed more than ${MAX_HOPS} continuations.`);
      return null;
    }
    await saveProgress(run);
    return { runId: run.runId, phase, cursor, hop: parsed.hop + 1 };
  },

  /** A manual run: started here, worked by the queue consumer (a resolver has only 25 s). */
  async queueRun(startedBy: string): Promise<{ runId: string; queued: boolean }> {
    const run = await scan.startRun('manual', startedBy);
    try {
      await scanQueue.push({ runId: run.runId, phase: 'candidates', cursor: null, hop: 0 });
    } catch {
      await failQuietly(run.runId, 'The scan could not be queued.');
      throw new ForgeAppError('unavailable', 'The scan could not be queued. Try again shortly.');
    }
    return { runId: run.runId, queued: true };
  },

  /** One invocation's work plus the hand-off to the queue. */
  async drive(cont: ScanContinuation, clock: InvocationClock = forgeInvocationClock): Promise<void> {
    let next: ScanContinuation | null;
    try {
      next = await scan.step(cont, clock);
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
