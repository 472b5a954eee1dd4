/**
 * The batch's pure rules: which references are the same account, what an unlock answer means for one
 * account of a batch, when an account is tried again, the counts and the time estimate.
 */
import type { BatchAccountOutcome, BatchAccountResult, BatchCounts } from '../../../contract/proxy';
import { BatchAccountOutcome as OutcomeEnum } from '../../../contract/proxy';

/** Emails compare case-insensitively, account ids exactly; the first spelling sent is kept. */
export function dedupeRefs(refs: readonly string[]): { refs: string[]; duplicates: number } {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const ref of refs) {
    const key = ref.includes('@') ? `e:${ref.toLowerCase()}` : `a:${ref}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(ref);
  }
  return { refs: out, duplicates: refs.length - out.length };
}

export const isEmailRef = (ref: string): boolean => ref.includes('@');

/** A finished outcome is never attempted again, whatever happens to the process. */
export const FINAL_OUTCOMES: ReadonlySet<BatchAccountOutcome> = new Set(
  OutcomeEnum.options.filter((outcome) => outcome !== 'pending' && outcome !== 'started'),
);

/**
 * Another attempt is worth making when the last one ended short for a transient reason (`partial`:
 * some step failed and the read-back shows work left; `failed`: an upstream error or unreadable state).
 * Each attempt runs the whole mutation path again — fresh read first — so a step that landed is skipped,
 * never sent twice.
 */
export function shouldRetry(outcome: BatchAccountOutcome, attempts: number, maxAttempts: number): boolean {
  return (outcome === 'partial' || outcome === 'failed') && attempts < maxAttempts;
}

export function countOutcomes(results: readonly Pick<BatchAccountResult, 'outcome'>[]): BatchCounts {
  const counts = Object.fromEntries(OutcomeEnum.options.map((o) => [o, 0])) as BatchCounts;
  for (const r of results) counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
  return counts;
}

/** Blocked accounts per blocker code, most frequent first (an account with two blockers counts twice). */
export function blockerGroups(
  results: readonly Pick<BatchAccountResult, 'outcome' | 'blockers'>[],
): Array<{ blocker: string; count: number }> {
  const groups = new Map<string, number>();
  for (const r of results) {
    if (r.outcome !== 'blocked') continue;
    for (const b of r.blockers.length > 0 ? r.blockers : ['unknown']) groups.set(b, (groups.get(b) ?? 0) + 1);
  }
  return [...groups]
    .map(([blocker, count]) => ({ blocker, count }))
    .sort((a, b) => b.count - a.count || a.blocker.localeCompare(b.blocker));
}

/**
 * Seconds the calls take when each API family is paced at its own sustainable rate and families run
 * side by side: the slowest family decides. A family with no known rate counts at `fallbackRate`.
 */
export function estimateSeconds(
  callsByApi: Readonly<Record<string, number>>,
  ratesByApi: Readonly<Record<string, number>>,
  fallbackRate: number,
): number {
  let worst = 0;
  for (const [api, calls] of Object.entries(callsByApi)) {
    const rate = ratesByApi[api] ?? fallbackRate;
    if (calls > 0) worst = Math.max(worst, rate > 0 ? calls / rate : Infinity);
  }
  return Number.isFinite(worst) ? Math.ceil(worst) : 0;
}

/** What a batch's owner is made of: the creator as the batch record keeps it. */
export interface BatchCreator {
  createdBy: { kind: 'forge' | 'token'; id: string };
  installationId: string | null;
}

/** The authenticated caller, as far as ownership goes. */
export interface BatchCaller {
  kind: 'forge' | 'token';
  id: string;
  installationId?: string | undefined;
}

/**
 * The principal a batch belongs to: a static token by its name; a Forge caller by its installation, so
 * every admin of the same installation (and the app's own scheduled calls) sees the batch another admin
 * started. A Forge record without an installation belongs to nobody: fail closed.
 */
export function principalOf(who: BatchCaller | BatchCreator): string | null {
  if ('createdBy' in who) {
    if (who.createdBy.kind === 'token') return `token:${who.createdBy.id}`;
    return who.installationId === null ? null : `forge:${who.installationId}`;
  }
  if (who.kind === 'token') return `token:${who.id}`;
  return who.installationId === undefined ? null : `forge:${who.installationId}`;
}

export function ownedBy(record: BatchCreator, caller: BatchCaller): boolean {
  const owner = principalOf(record);
  return owner !== null && owner === principalOf(caller);
}

export interface FinishedBatch {
  id: string;
  state: 'running' | 'cancelling' | 'cancelled' | 'done';
  createdAt: string;
  finishedAt: string | null;
}

/**
 * The finished batches to forget so that at most `keep` remain: the oldest by finishing time (then
 * creation, then id, so the choice is deterministic). A running or cancelling batch is never chosen.
 */
export function batchesToPrune(batches: readonly FinishedBatch[], keep: number): string[] {
  const finished = batches
    .filter((b) => (b.state === 'done' || b.state === 'cancelled') && b.finishedAt !== null)
    .sort(
      (a, b) =>
        (a.finishedAt ?? '').localeCompare(b.finishedAt ?? '') ||
        a.createdAt.localeCompare(b.createdAt) ||
        a.id.localeCompare(b.id),
    );
  const excess = finished.length - Math.max(0, keep);
  return excess > 0 ? finished.slice(0, excess).map((b) => b.id) : [];
}
