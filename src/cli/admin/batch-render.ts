/**
 * Batch unlock in words: the combined preview, the progress line, the final report and the exit code a
 * finished batch ends the command with. Pure (table-tested in test/unit/cli/batch-render.test.ts).
 */
import type {
  BatchAccountOutcome,
  BatchAccountResult,
  BatchCounts,
  BatchPreview,
  BatchStatus,
} from '../../contract/proxy';
import { EXIT, type ExitCode } from '../io/exit-codes';
import type { Style } from '../io/terminal';
import { table } from './render';

export const OUTCOME_LABEL: Record<BatchAccountOutcome, string> = {
  pending: 'not started',
  started: 'under way',
  planned: 'would unlock',
  unlocked: 'unlocked',
  'already-active': 'already active',
  blocked: 'blocked',
  partial: 'partial',
  'not-found': 'not found',
  failed: 'failed',
  cancelled: 'cancelled (not started)',
};

/** Outcomes a person has to look at after the run, listed account by account in the report. */
export const NEEDS_ATTENTION: readonly BatchAccountOutcome[] = [
  'failed',
  'partial',
  'blocked',
  'not-found',
  'started',
  'pending',
];

/** Outcomes that end an account's part of a run. */
const SETTLED: readonly BatchAccountOutcome[] = [
  'planned',
  'unlocked',
  'already-active',
  'blocked',
  'partial',
  'not-found',
  'failed',
  'cancelled',
];

export function settledCount(counts: BatchCounts): number {
  return SETTLED.reduce((n, o) => n + (counts[o] ?? 0), 0);
}

export function durationWords(seconds: number): string {
  if (seconds < 1) return 'under a second';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

const n = (x: number): string => x.toLocaleString('en-US');

/** The combined preview of a finished dry-run batch. */
export function previewLines(status: BatchStatus, preview: BatchPreview, s: Style): string[] {
  const dup =
    status.duplicates > 0
      ? `, ${n(status.duplicates)} duplicate${status.duplicates === 1 ? '' : 's'} counted once`
      : '';
  const lines = [
    s.bold(
      `Preview of ${n(status.total)} account${status.total === 1 ? '' : 's'}${dup} (dry run, nothing changed):`,
    ),
    ...table([
      ['  will unlock', s.green(n(preview.willUnlock))],
      ['  already active', n(preview.alreadyActive)],
      ['  blocked', preview.blocked > 0 ? s.red(n(preview.blocked)) : '0'],
      ...preview.blockedBy.map((g) => [`    ${g.blocker}`, n(g.count)]),
      ['  not found', n(preview.notFound)],
      ...(preview.unreadable > 0 ? [['  could not be read', s.yellow(n(preview.unreadable))]] : []),
    ]),
  ];
  const byApi = Object.entries(preview.upstreamCalls.byApi)
    .filter(([, c]) => c > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([api, c]) => `${api} ${n(c)}`)
    .join(', ');
  lines.push(
    `  Upstream calls: ${n(preview.upstreamCalls.total)}${byApi ? ` (${byApi})` : ''}`,
    `  Time: about ${durationWords(preview.estimatedSeconds)} under the current rate limit`,
  );
  return lines;
}

/** How the preview ends the command when nothing runs after it. */
export function previewExitCode(preview: BatchPreview): ExitCode {
  if (preview.willUnlock > 0) return EXIT.done;
  return preview.blocked + preview.notFound + preview.unreadable > 0 ? EXIT.failed : EXIT.done;
}

/** `[#########-----------]`: `done` of `total`, in `width` cells. */
export function bar(done: number, total: number, width = 24): string {
  const filled = total <= 0 ? width : Math.min(width, Math.floor((done / total) * width));
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

/** The counts that matter while a run goes on, the ones that are 0 left out. */
export function countsText(counts: BatchCounts): string {
  const parts = (
    ['unlocked', 'already-active', 'blocked', 'partial', 'not-found', 'failed', 'cancelled'] as const
  )
    .filter((o) => (counts[o] ?? 0) > 0)
    .map((o) => `${OUTCOME_LABEL[o]} ${n(counts[o] ?? 0)}`);
  return parts.length > 0 ? parts.join(', ') : 'nothing finished yet';
}

export function progressLine(status: BatchStatus, withBar: boolean): string {
  const done = settledCount(status.counts);
  const head = `${n(done)}/${n(status.total)}`;
  const state = status.state === 'cancelling' ? ' (cancelling)' : '';
  return withBar
    ? `${bar(done, status.total)} ${head}${state}  ${countsText(status.counts)}`
    : `${status.id}: ${head} done${state}: ${countsText(status.counts)}`;
}

/** The final report: counts per outcome, then every account that needs a look. */
export function reportLines(status: BatchStatus, results: readonly BatchAccountResult[], s: Style): string[] {
  const headline =
    status.state === 'cancelled'
      ? s.yellow(s.bold(`Batch ${status.id} cancelled`))
      : s.bold(`Batch ${status.id} finished`);
  const lines = [
    headline,
    ...table(
      (Object.keys(OUTCOME_LABEL) as BatchAccountOutcome[])
        .filter((o) => (status.counts[o] ?? 0) > 0)
        .map((o) => [`  ${OUTCOME_LABEL[o]}`, n(status.counts[o] ?? 0)]),
    ),
  ];
  if (status.resumes > 0)
    lines.push(`  A proxy restart interrupted it ${status.resumes}×; interrupted accounts were verified.`);
  const attention = results.filter((r) => NEEDS_ATTENTION.includes(r.outcome));
  if (attention.length > 0) {
    lines.push('', s.bold('  Accounts to look at:'));
    lines.push(
      ...table(
        attention.map((r) => [
          `   ${r.outcome === 'blocked' || r.outcome === 'failed' ? s.red(r.outcome) : r.outcome}`,
          r.ref,
          [r.blockers.join(', '), r.detail ?? ''].filter((x) => x !== '').join(': '),
        ]),
      ),
    );
  }
  return lines;
}

/**
 * How a finished run ends the command, on the same codes as a single mutation: accounts left partial,
 * failed or unverified → 3 (running the same list again is safe: each account starts from a fresh read);
 * otherwise blocked, not found or a cancelled batch → 1; everything unlocked or already active → 0.
 */
export function batchExitCode(status: Pick<BatchStatus, 'state' | 'counts'>): ExitCode {
  const c = (o: BatchAccountOutcome): number => status.counts[o] ?? 0;
  if (c('partial') + c('failed') + c('started') + c('pending') > 0) return EXIT.partial;
  if (status.state === 'cancelled' || c('blocked') + c('not-found') > 0) return EXIT.failed;
  return EXIT.done;
}

/** What to run after Ctrl-C, or to check later. */
export function followUpLines(id: string): string[] {
  return [`  scim-unlock batch status ${id}`, `  scim-unlock batch cancel ${id}`];
}
