import type { BatchAccountResult, BatchStatus, UnlinkMethod } from '../../contract/proxy';
import type { ProxyClient } from '../../contract/proxy/client';
import type { CliContext } from '../io/context';
import { CliError } from '../io/errors';
import { EXIT, type ExitCode } from '../io/exit-codes';
import { styleFor, type CliIo } from '../io/terminal';
import type { AccountList } from './account-list';
import { allBatchResults, followBatch, type Followed } from './batch-follow';
import {
  batchExitCode,
  followUpLines,
  previewExitCode,
  previewLines,
  progressLine,
  reportLines,
  settledCount,
} from './batch-render';
import type { ProxyConnection } from './connection';
import { explainProxyFailure } from './proxy-api';

export interface BatchUnlockOptions {
  reason: string;
  method?: UnlinkMethod;
  dryRun?: boolean;
  yes?: boolean;
  json?: boolean;
  /** Poll interval while following (default src/cli/admin/batch-follow.ts FOLLOW_INTERVAL_MS). */
  intervalMs?: number;
}

/** What `--json` prints, once, at the end. */
export interface BatchUnlockDocument {
  list: { accounts: number; duplicates: number };
  /** The finished dry-run batch: its `preview` is the combined preview. */
  preview: BatchStatus | null;
  /** The real run, or null when the command stopped after the preview. */
  batch: BatchStatus | null;
  /** Per-account results of the run, or of the preview when nothing ran. */
  accounts: BatchAccountResult[];
  /** True when Ctrl-C stopped following: `batch` is then the last status seen, still running. */
  detached: boolean;
}

/** Between two plain progress lines when stderr is not a terminal (a log, CI). */
const PLAIN_LINE_EVERY_MS = 5000;

/**
 * Progress on stderr: on a terminal one line with a bar redrawn in place; otherwise a plain line when
 * the counts moved, at most every few seconds, so a log of a long batch stays readable.
 */
function progressView(io: CliIo, enabled: boolean): { update(status: BatchStatus): void; end(): void } {
  let drawn = false;
  let lastAt = Number.NEGATIVE_INFINITY;
  let lastSettled = -1;
  if (!enabled) return { update: () => undefined, end: () => undefined };
  if (io.errTty && io.errRaw) {
    const raw = io.errRaw.bind(io);
    return {
      update(status) {
        raw(`\r\u001b[2K${progressLine(status, true)}`);
        drawn = true;
      },
      end() {
        if (drawn) raw('\n');
        drawn = false;
      },
    };
  }
  return {
    update(status) {
      const settled = settledCount(status.counts);
      const finished = status.state === 'done' || status.state === 'cancelled';
      const now = Date.now();
      if (settled === lastSettled && !finished) return;
      if (!finished && now - lastAt < PLAIN_LINE_EVERY_MS && lastSettled >= 0) return;
      lastAt = now;
      lastSettled = settled;
      io.err(progressLine(status, false));
    },
    end: () => undefined,
  };
}

async function follow(
  ctx: CliContext,
  client: ProxyClient,
  conn: ProxyConnection,
  id: string,
  opts: BatchUnlockOptions,
  signal: AbortSignal,
): Promise<Followed> {
  const view = progressView(ctx.io, !opts.json);
  try {
    return await followBatch(client, conn, id, {
      signal,
      onStatus: (status) => view.update(status),
      ...(opts.intervalMs === undefined ? {} : { intervalMs: opts.intervalMs }),
    });
  } finally {
    view.end();
  }
}

/**
 * Runs `work` with Ctrl-C turned into an abort signal, from before a batch is created until following
 * it ends: an interrupt at any point in between still leaves the id printed, never a batch nobody saw.
 */
async function interruptible<T>(io: CliIo, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const stop = new AbortController();
  const undo = io.onInterrupt?.(() => stop.abort()) ?? (() => undefined);
  try {
    return await work(stop.signal);
  } finally {
    undo();
  }
}

async function start(
  client: ProxyClient,
  conn: ProxyConnection,
  refs: string[],
  opts: BatchUnlockOptions,
  dryRun: boolean,
): Promise<BatchStatus> {
  try {
    return await client.createBatch({
      body: { accounts: refs, reason: opts.reason, dryRun, ...(opts.method ? { method: opts.method } : {}) },
    });
  } catch (err) {
    throw explainProxyFailure(err, conn, dryRun ? undefined : 'batch unlock');
  }
}

/**
 * `unlock --from-file`: the same rule as a single unlock, for a list. First a dry-run batch gives one
 * combined preview; then, after "y" on a terminal or with --yes, the real batch runs in the proxy while
 * its progress is shown. Without a terminal and without --yes it stops after the preview (exit 2).
 * Ctrl-C while following detaches (exit 130): the batch goes on, and the commands to check or cancel it
 * are printed.
 */
export async function runBatchUnlock(
  ctx: CliContext,
  conn: ProxyConnection,
  client: ProxyClient,
  list: AccountList,
  opts: BatchUnlockOptions,
): Promise<ExitCode> {
  const { io } = ctx;
  const s = styleFor(io);
  const doc: BatchUnlockDocument = {
    list: { accounts: list.refs.length, duplicates: list.duplicates },
    preview: null,
    batch: null,
    accounts: [],
    detached: false,
  };
  const emit = (code: ExitCode): ExitCode => {
    if (opts.json) io.out(JSON.stringify(doc, null, 2));
    return code;
  };
  if (!opts.json && list.duplicates > 0) {
    io.err(
      `${list.duplicates} duplicate line${list.duplicates === 1 ? '' : 's'} removed: ${list.refs.length} account${list.refs.length === 1 ? '' : 's'} left.`,
    );
  }

  const { dry, previewed } = await interruptible(io, async (signal) => {
    const dry = await start(client, conn, list.refs, opts, true);
    if (!opts.json) io.err(`Previewing ${list.refs.length} accounts (batch ${dry.id}, changes nothing)…`);
    const previewed: Followed = signal.aborted
      ? { kind: 'detached', last: dry }
      : await follow(ctx, client, conn, dry.id, opts, signal);
    return { dry, previewed };
  });
  if (previewed.kind === 'detached') {
    io.err('Stopped during the preview: nothing was changed.');
    doc.preview = previewed.last;
    doc.detached = true;
    return emit(EXIT.detached);
  }
  doc.preview = previewed.status;
  const preview = previewed.status.preview;
  if (preview === null) {
    throw new CliError('The proxy finished the preview without its summary.', [
      'Upgrade the proxy and the command line to the same release.',
    ]);
  }
  if (!opts.json) io.out(previewLines(previewed.status, preview, s).join('\n'));

  if (opts.dryRun || preview.willUnlock === 0) {
    if (!opts.json && preview.willUnlock === 0) io.out('Nothing to unlock.');
    if (opts.json) doc.accounts = await allBatchResults(client, conn, dry.id);
    return emit(previewExitCode(preview));
  }
  if (!opts.yes) {
    if (!io.interactive) {
      io.err(
        `Stopped after the preview: nothing was changed. No terminal to confirm on; run again with --yes to unlock ${preview.willUnlock} account${preview.willUnlock === 1 ? '' : 's'}.`,
      );
      if (opts.json) doc.accounts = await allBatchResults(client, conn, dry.id);
      return emit(EXIT.usage);
    }
    const question = `Unlock ${preview.willUnlock} account${preview.willUnlock === 1 ? '' : 's'} (about ${Math.max(1, preview.upstreamCalls.total)} upstream calls)?`;
    if (!(await io.confirm(question))) {
      io.err('Cancelled: nothing was changed.');
      if (opts.json) doc.accounts = await allBatchResults(client, conn, dry.id);
      return emit(EXIT.failed);
    }
  }

  const { run, followed } = await interruptible(io, async (signal) => {
    const run = await start(client, conn, list.refs, opts, false);
    if (!opts.json) {
      io.err(`Batch ${run.id} started. Ctrl-C stops following; the batch goes on in the proxy.`);
    }
    const followed: Followed = signal.aborted
      ? { kind: 'detached', last: run }
      : await follow(ctx, client, conn, run.id, opts, signal);
    return { run, followed };
  });
  doc.batch = run;
  if (followed.kind === 'detached') {
    doc.batch = followed.last ?? run;
    doc.detached = true;
    io.err(
      [
        `Stopped following batch ${run.id}: it goes on in the proxy, nothing was cancelled.`,
        'Check on it, or cancel the accounts not started yet, with:',
        ...followUpLines(run.id),
      ].join('\n'),
    );
    return emit(EXIT.detached);
  }
  doc.batch = followed.status;
  doc.accounts = await allBatchResults(client, conn, run.id);
  if (!opts.json) io.out(['', ...reportLines(followed.status, doc.accounts, s)].join('\n'));
  return emit(batchExitCode(followed.status));
}
