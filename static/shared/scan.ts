import type { ScanRun } from '../../src/contract/app/records';
import { plural } from './format';

export function isScanRunning(run: ScanRun): boolean {
  return run.status === 'running';
}

/** A scan run's state and totals in words, for the progress line and the last result. */
export function describeScanRun(run: ScanRun): { title: string; detail: string } {
  const t = run.totals;
  const counts = `${plural(t.pages, 'page')}, ${plural(t.seen, 'account')} checked, ${t.newlyFlagged} newly flagged, ${plural(t.posted, 'issue')} posted, ${t.cleared} cleared`;
  const failedPosts =
    t.postFailed > 0
      ? ` ${plural(t.postFailed, 'issue')} could not be posted; they are retried on the next scan.`
      : '';
  switch (run.status) {
    case 'running':
      return { title: 'Scan in progress…', detail: `So far: ${counts}.` };
    case 'completed':
      return { title: 'Last scan completed', detail: `${counts}.${failedPosts}` };
    case 'truncated':
      return {
        title: 'Last scan stopped early',
        detail: `${run.error ?? 'It reached its limit before covering every account.'} Flags were not cleared. So far: ${counts}.${failedPosts} Raise "Pages per run" in Settings, or run the scan again.`,
      };
    case 'failed':
      return {
        title: 'Last scan failed',
        detail: `${run.error ?? 'The scan stopped with an error.'} Before it stopped: ${counts}.`,
      };
  }
}
