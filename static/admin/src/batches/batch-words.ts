import type { BatchAccountOutcome, BatchState, BatchStatus } from '../../../../src/contract/proxy';
import type { Tone } from '../../../shared/format';

/** The batch's outcomes and states in words, and the arithmetic the progress view shows. Pure. */

export const OUTCOME_LABEL: Record<BatchAccountOutcome, string> = {
  pending: 'Not started',
  started: 'In progress',
  planned: 'Would unlock',
  unlocked: 'Unlocked',
  'already-active': 'Already active',
  blocked: 'Blocked',
  partial: 'Partly done',
  'not-found': 'Not found',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const OUTCOME_TONE: Record<BatchAccountOutcome, Tone> = {
  pending: 'default',
  started: 'inprogress',
  planned: 'new',
  unlocked: 'success',
  'already-active': 'default',
  blocked: 'moved',
  partial: 'moved',
  'not-found': 'removed',
  failed: 'removed',
  cancelled: 'default',
};

/** Counts shown in this order; outcomes with a zero count are left out. */
export const OUTCOME_ORDER: BatchAccountOutcome[] = [
  'unlocked',
  'already-active',
  'blocked',
  'partial',
  'not-found',
  'failed',
  'cancelled',
  'started',
  'pending',
  'planned',
];

export const STATE_LABEL: Record<BatchState, string> = {
  running: 'Running',
  cancelling: 'Cancelling',
  cancelled: 'Cancelled',
  done: 'Finished',
};

export function isFinal(state: BatchState): boolean {
  return state === 'done' || state === 'cancelled';
}

/** Accounts whose attempt has ended (anything but not started / in progress). */
export function settledCount(status: Pick<BatchStatus, 'total' | 'counts'>): number {
  const open = (status.counts.pending ?? 0) + (status.counts.started ?? 0);
  return Math.max(0, status.total - open);
}

export function countsInOrder(
  counts: BatchStatus['counts'],
): Array<{ outcome: BatchAccountOutcome; label: string; count: number }> {
  return OUTCOME_ORDER.filter((o) => (counts[o] ?? 0) > 0).map((o) => ({
    outcome: o,
    label: OUTCOME_LABEL[o],
    count: counts[o] ?? 0,
  }));
}

/** "about 40 seconds", "about 3 minutes", "about 1 hour 5 minutes"; rounded up, never "0". */
export function describeDuration(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 90) return `about ${s} second${s === 1 ? '' : 's'}`;
  const minutes = Math.ceil(s / 60);
  if (minutes < 60) return `about ${minutes} minutes`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `about ${h} hour${h === 1 ? '' : 's'}${m === 0 ? '' : ` ${m} minute${m === 1 ? '' : 's'}`}`;
}
