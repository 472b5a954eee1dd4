import type { IdpSyncResponse, SyncRunStatus } from '../../../contract/proxy';
import type { IdpRun } from '../../../contract/app/idp-records';

/**
 * Following the proxy's background run from the queue: each invocation long-polls the run's status
 * while its time lasts, then hands the run to the next invocation. Pure: the consumer does the I/O.
 */

/** The proxy holds a status request at most this long (its route's own limit). */
export const MAX_WAIT_SECONDS = 20;

/**
 * Invocations a run may take before the app gives up following it: at 900 s each this covers a day,
 * far past the proxy's own IDP_RUN_MAX_SECONDS limit (at most 86,400 s), so it only ends a run the proxy
 * lost without saying so.
 */
export const MAX_HOPS = 100;

/** How long the next status request may wait, leaving `reserveMs` of the invocation for the hand-off. */
export function waitSecondsFor(remainingMs: number, reserveMs: number): number {
  const spare = Math.floor((remainingMs - reserveMs) / 1000) - 1;
  return Math.max(0, Math.min(MAX_WAIT_SECONDS, spare));
}

export type StatusVerdict =
  | { kind: 'finished'; response: IdpSyncResponse }
  | { kind: 'failed'; error: NonNullable<IdpRun['error']> }
  | { kind: 'running'; progress: NonNullable<IdpRun['progress']> };

/** What a status answer means for the app's run. */
export function judgeStatus(status: SyncRunStatus, hops: number): StatusVerdict {
  if (status.state === 'finished' && status.result !== null) {
    return { kind: 'finished', response: status.result };
  }
  if (status.state === 'running') {
    const { phase, toApply, attempted } = status.progress;
    return { kind: 'running', progress: { phase, toApply, attempted, hops } };
  }
  const why =
    status.error === null ? 'it ended without an answer' : `${status.error.title}: ${status.error.detail}`;
  return {
    kind: 'failed',
    error: {
      code: 'upstream-error',
      message: `The org-admin proxy's run failed (${why}). Its audit log records what was applied; run a dry run to see what remains.`,
    },
  };
}

/** The proxy no longer knows the run: it restarted (runs are kept in memory) or forgot it. */
export const LOST_RUN_ERROR: NonNullable<IdpRun['error']> = {
  code: 'unavailable',
  message:
    'The org-admin proxy no longer knows this run (it restarted while the run was under way). Its audit log records what was applied; run a dry run to see what remains.',
};

/** The run outlived every invocation the app gives it. */
export const TOO_MANY_HOPS_ERROR: NonNullable<IdpRun['error']> = {
  code: 'unavailable',
  message: `The org-admin proxy's run did not end within ${MAX_HOPS} queue invocations; the app stopped following it. Check the proxy's audit log, then run a dry run.`,
};
