import type { ScanRun } from '../../src/contract/app/records';
import { plural } from './format';

export function isScanRunning(run: ScanRun): boolean {
  return run.status === 'running';
}

/** A scan run's state and totals in words, for the progress line and the last result. */
/** Where a running scan is; a long one continues over several invocations. */
const PHASE_WORDS: Record<NonNullable<ScanRun['phase']>, string> = {
  candidates: 'Reading the deactivated accounts',
  rotation: 'Re-checking accounts verified earlier',
  relock: 'Re-checking unlocked accounts for re-locks by the IdP',
  post: 'Posting new flags and incidents to Jira',
  clear: 'Clearing flags that no longer match',
};

export function describeScanRun(run: ScanRun): { title: string; detail: string } {
  const t = run.totals;
  const counts = `${plural(t.pages, 'page')}, ${plural(t.seen, 'account')} checked, ${t.newlyFlagged} newly flagged, ${plural(t.posted, 'issue')} posted, ${t.cleared} cleared`;
  const relocked = (t.relocked ?? 0) > 0 ? `, ${t.relocked} re-locked by the IdP` : '';
  const work = `${plural(t.candidates, 'deactivated account')} read, ${t.verified} verified, ${t.rechecked} re-checked${relocked}`;
  const failedPosts =
    t.postFailed > 0
      ? ` ${plural(t.postFailed, 'issue')} could not be posted; they are retried on the next scan.`
      : '';
  switch (run.status) {
    case 'running':
      return {
        title: 'Scan in progress…',
        detail: `${PHASE_WORDS[run.phase ?? 'candidates']} (invocation ${run.hops + 1}). So far: ${counts}; ${work}.`,
      };
    case 'completed':
      return { title: 'Last scan completed', detail: `${counts}; ${work}.${failedPosts}` };
    case 'truncated':
      return {
        title: 'Last scan stopped early',
        detail: `${run.error ?? 'It reached its limit before covering every account.'} Flags were not cleared. So far: ${counts}.${failedPosts} Run the scan again.`,
      };
    case 'failed':
      return {
        title: 'Last scan failed',
        detail: `${run.error ?? 'The scan stopped with an error.'} Before it stopped: ${counts}.`,
      };
  }
}
