import type { BatchAccountResult, BatchStatus } from '../../contract/proxy';
import { ProxyClientError, ProxyProblemError, type ProxyClient } from '../../contract/proxy/client';
import { CliError } from '../io/errors';
import { followUpLines } from './batch-render';
import type { ProxyConnection } from './connection';
import { explainProxyFailure } from './proxy-api';

/** How often a followed batch is polled; a status read is one cheap request, no upstream call. */
export const FOLLOW_INTERVAL_MS = 1000;
/** Status reads that may fail in a row (a proxy restarting) before following gives up. */
const MAX_FAILED_POLLS = 10;
/** Polls before following gives up; the batch goes on in the proxy regardless. At 1 s: 6 hours. */
const MAX_POLLS = 6 * 3600;

export interface FollowOptions {
  /** Aborted by Ctrl-C: following stops, the batch is left alone. */
  signal: AbortSignal;
  onStatus(status: BatchStatus): void;
  intervalMs?: number;
}

export type Followed =
  { kind: 'finished'; status: BatchStatus } | { kind: 'detached'; last: BatchStatus | null };

/** Waits `ms`, or less when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** A failure worth polling through: the connection, or a proxy answering 5xx while it restarts. */
function transient(err: unknown): boolean {
  if (err instanceof ProxyProblemError) return err.status >= 500;
  return !(err instanceof ProxyClientError);
}

/**
 * Polls a batch until it is done or cancelled, reporting each status. A proxy restart mid-batch is
 * ridden out (the batch resumes there); Ctrl-C ends the wait without touching the batch.
 */
export async function followBatch(
  client: ProxyClient,
  conn: ProxyConnection,
  id: string,
  opts: FollowOptions,
): Promise<Followed> {
  const interval = opts.intervalMs ?? FOLLOW_INTERVAL_MS;
  let last: BatchStatus | null = null;
  let failures = 0;
  for (let poll = 0; poll < MAX_POLLS; poll += 1) {
    if (opts.signal.aborted) return { kind: 'detached', last };
    try {
      last = await client.batchStatus({ path: { batchId: id } });
      failures = 0;
    } catch (err) {
      if (opts.signal.aborted) return { kind: 'detached', last };
      failures += 1;
      if (!transient(err) || failures >= MAX_FAILED_POLLS) {
        const cause = explainProxyFailure(err, conn);
        throw new CliError(cause.message, [
          ...cause.detail,
          'The batch itself may still be running in the proxy; check it with:',
          ...followUpLines(id),
        ]);
      }
      await pause(interval, opts.signal);
      continue;
    }
    opts.onStatus(last);
    if (last.state === 'done' || last.state === 'cancelled') return { kind: 'finished', status: last };
    await pause(interval, opts.signal);
  }
  throw new CliError('Stopped following: the batch is still running in the proxy.', followUpLines(id));
}

/** Every per-account result of a batch (at most 1,000: five pages of 200), in the order sent. */
export async function allBatchResults(
  client: ProxyClient,
  conn: ProxyConnection,
  id: string,
): Promise<BatchAccountResult[]> {
  const out: BatchAccountResult[] = [];
  let cursor: string | undefined;
  // 1,000 accounts at 200 a page, plus one: a proxy answering endless cursors is stopped.
  for (let page = 0; page < 6; page += 1) {
    let answer;
    try {
      answer = await client.batchAccounts({
        path: { batchId: id },
        query: { limit: 200, ...(cursor === undefined ? {} : { cursor }) },
      });
    } catch (err) {
      throw explainProxyFailure(err, conn);
    }
    out.push(...answer.results);
    if (answer.nextCursor === null) return out;
    cursor = answer.nextCursor;
  }
  throw new CliError('The proxy kept answering more pages of batch results than a batch can hold.', [
    'Upgrade the proxy and the command line to the same release.',
  ]);
}
