import { randomBytes, randomUUID } from 'node:crypto';
import { OPERATIONS, type OperationId } from '../../atlassian/operations';
import { runInLane, type UpstreamLimiter } from '../../atlassian/http/limiter';
import type {
  BatchAccountResult,
  BatchAccountsPage,
  BatchAccountsQuery,
  BatchStatus,
  CreateBatchRequest,
  UnlinkMethod,
  UnlockResponse,
} from '../../contract/proxy';
import type { AuditLog } from '../audit';
import {
  BatchNotFoundError,
  DirectoryNotAllowedError,
  ProtectedAccountError,
  StoppingError,
} from '../operation-errors';
import type { Logger } from '../server/logger';
import type { AccountOperations, OperationContext } from '../operation-context';
import type { BatchRecord, BatchStore } from './batch-store';
import {
  batchesToPrune,
  blockerGroups,
  countOutcomes,
  dedupeRefs,
  estimateSeconds,
  FINAL_OUTCOMES,
  isEmailRef,
  ownedBy,
  shouldRetry,
  type BatchCaller,
} from './domain/batch-rules';

/**
 * A batch is visible only to the principal that created it (see domain/batch-rules.ts `principalOf`):
 * to anyone else status, accounts and cancel answer exactly as for an id that does not exist, so an id
 * seen in a log cannot be probed or cancelled by another caller.
 */
export interface BatchService {
  create(request: CreateBatchRequest, ctx: OperationContext): Promise<BatchStatus>;
  status(id: string, caller: BatchCaller): BatchStatus;
  accounts(id: string, query: BatchAccountsQuery, caller: BatchCaller): BatchAccountsPage;
  cancel(id: string, caller: BatchCaller): Promise<BatchStatus>;
  /** Loads the state directory and resumes every unfinished batch; call once at startup. */
  resume(): Promise<void>;
  /** Stops taking accounts, lets the ones under way reach a step boundary, and stops writing. */
  close(): Promise<void>;
  /** Resolves when the batch's background work has ended, pruning included (tests, bench). */
  settled(id: string): Promise<void>;
}

export interface BatchServiceDeps {
  store: BatchStore;
  operations: Pick<AccountOperations, 'unlock' | 'lookup'>;
  limiter: UpstreamLimiter;
  audit: AuditLog;
  logger: Logger;
  defaultMethod: UnlinkMethod;
  /** Accounts worked on at once; the limiter, not this, sets the pace. Default 16. */
  concurrency?: number;
  /** Attempts per account for transient failures (each one audited). Default 3. */
  maxAttempts?: number;
  /**
   * Finished batches kept (BATCH_KEEP_FINISHED); when one more finishes, the oldest finished ones are
   * forgotten — file and memory — never a running one.
   */
  keepFinished: number;
  now?: () => number;
}

interface Live {
  record: BatchRecord;
  done: Promise<void>;
  cancelled: boolean;
}

export function createBatchService(deps: BatchServiceDeps): BatchService {
  const { store, logger } = deps;
  const now = deps.now ?? Date.now;
  const concurrency = deps.concurrency ?? 16;
  const maxAttempts = deps.maxAttempts ?? 3;
  const batches = new Map<string, Live>();
  const stopper = new AbortController();
  let closed = false;

  const iso = (): string => new Date(now()).toISOString();
  const persist = (record: BatchRecord): Promise<void> => (closed ? Promise.resolve() : store.save(record));

  function toStatus(r: BatchRecord): BatchStatus {
    return {
      id: r.id,
      state: r.state,
      dryRun: r.dryRun,
      reason: r.reason,
      method: r.method,
      createdBy: r.createdBy,
      createdAt: r.createdAt,
      finishedAt: r.finishedAt,
      total: r.accounts.length,
      duplicates: r.duplicates,
      counts: countOutcomes(r.accounts),
      blockedBy: blockerGroups(r.accounts),
      resumes: r.resumes,
      preview: r.preview,
    };
  }

  function get(id: string, caller: BatchCaller): Live {
    const live = batches.get(id);
    // The same error for "no such batch" and "not yours": the answer must not confirm that an id exists.
    if (!live || !ownedBy(live.record, caller)) throw new BatchNotFoundError(id);
    return live;
  }

  /**
   * Forgets the oldest finished batches beyond `keepFinished`. Each one leaves the map before its file
   * is deleted, in one synchronous step for all of them, so no request sees a batch half gone; a crash
   * between the two leaves only a file, pruned again at the next start.
   */
  async function prune(): Promise<void> {
    const ids = batchesToPrune(
      [...batches.values()].map((b) => b.record),
      deps.keepFinished,
    );
    for (const id of ids) batches.delete(id);
    for (const id of ids) {
      try {
        await store.remove(id);
      } catch (err) {
        logger.error({ err, batchId: id, dir: store.dir }, 'finished batch file could not be pruned');
      }
    }
  }

  function contextFor(record: BatchRecord): OperationContext {
    return {
      actor: {
        kind: record.createdBy.kind,
        id: record.createdBy.id,
        ...(record.installationId ? { installationId: record.installationId } : {}),
      },
      requestId: randomUUID(),
      callerRequestId: record.requestId,
      batchId: record.id,
      signal: stopper.signal,
    };
  }

  function addCalls(record: BatchRecord, calls: UnlockResponse['calls'], factor: number): void {
    for (const c of calls) {
      const api = OPERATIONS[c.operation as OperationId]?.api ?? 'other';
      record.callsByApi[api] = (record.callsByApi[api] ?? 0) + factor;
    }
  }

  /** One attempt at one account through the existing mutation path; never throws. */
  async function attempt(record: BatchRecord, entry: BatchAccountResult): Promise<void> {
    const ctx = contextFor(record);
    entry.attempts += 1;
    try {
      if (entry.accountId === null) {
        const found = await deps.operations.lookup({ email: entry.ref }, ctx);
        if (record.dryRun) addCalls(record, found.calls, 1);
        if (found.account === null) {
          entry.outcome = 'not-found';
          entry.detail = 'No Atlassian account has this email.';
          return;
        }
        entry.accountId = found.account.accountId;
      }
      if (!record.dryRun) {
        // Recorded before the first upstream mutation: after a crash this account is "unknown".
        entry.outcome = 'started';
        await persist(record);
      }
      const result = await deps.operations.unlock(
        entry.accountId,
        { reason: record.reason, dryRun: record.dryRun, method: record.method },
        ctx,
      );
      if (stopper.signal.aborted && result.outcome === 'partial') {
        // Stopped at a step boundary by shutdown: left as `started`, verified on the next start.
        return;
      }
      entry.outcome = result.outcome;
      entry.blockers = result.blockers.map((b) => b.code);
      entry.detail =
        result.outcome === 'partial'
          ? (result.steps.find((s) => s.status === 'failed')?.detail ?? 'Some steps did not complete.')
          : null;
      if (record.dryRun) {
        // A real run makes the planned mutations and then reads everything back once more.
        const reads = result.calls.filter((c) => c.status !== null);
        addCalls(record, result.calls, 1);
        if (result.outcome === 'planned') addCalls(record, reads, 1);
      }
    } catch (err) {
      if (stopper.signal.aborted) return;
      if (err instanceof ProtectedAccountError || err instanceof DirectoryNotAllowedError) {
        entry.outcome = 'blocked';
        entry.blockers = [err.code];
        entry.detail = err.message;
      } else {
        entry.outcome = 'failed';
        entry.detail = err instanceof Error ? err.message.slice(0, 300) : 'The attempt failed.';
      }
    }
  }

  async function work(live: Live): Promise<void> {
    const record = live.record;
    // Accounts a restart interrupted come first: they are verified even when the batch is cancelled.
    const queue = [
      ...record.accounts.filter((a) => a.outcome === 'started'),
      ...record.accounts.filter((a) => !FINAL_OUTCOMES.has(a.outcome) && a.outcome !== 'started'),
    ];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < queue.length) {
        if (stopper.signal.aborted) return;
        const entry = queue[next++]!;
        if (live.cancelled && entry.outcome === 'pending') continue;
        for (;;) {
          await attempt(record, entry);
          if (stopper.signal.aborted) return;
          if (!shouldRetry(entry.outcome, entry.attempts, maxAttempts)) break;
        }
        await persist(record);
      }
    };
    await runInLane('batch', () =>
      Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker)).then(() => undefined),
    );
    if (stopper.signal.aborted) return;
    if (live.cancelled) {
      for (const a of record.accounts) if (a.outcome === 'pending') a.outcome = 'cancelled';
    }
    record.state = live.cancelled ? 'cancelled' : 'done';
    record.finishedAt = iso();
    if (record.dryRun) record.preview = previewOf(record);
    await persist(record);
    const status = toStatus(record);
    deps.audit.record({
      actor: record.createdBy,
      installationId: record.installationId,
      requestId: record.requestId,
      batchId: record.id,
      action: 'batch-unlock',
      target: { batchId: record.id, accounts: record.accounts.length },
      reason: record.reason,
      dryRun: record.dryRun,
      steps: [],
      outcome: record.state,
      counts: Object.fromEntries(Object.entries(status.counts).filter(([, n]) => n > 0)),
    });
    await prune();
  }

  function previewOf(record: BatchRecord): BatchStatus['preview'] {
    const counts = countOutcomes(record.accounts);
    const planned = record.accounts.filter((a) => a.outcome === 'planned').length;
    const rates = Object.fromEntries(deps.limiter.view().map((f) => [f.api, f.ratePerSec]));
    const total = Object.values(record.callsByApi).reduce((a, b) => a + b, 0);
    return {
      willUnlock: planned,
      alreadyActive: counts['already-active'] ?? 0,
      blocked: counts.blocked ?? 0,
      blockedBy: blockerGroups(record.accounts),
      notFound: counts['not-found'] ?? 0,
      unreadable: counts.failed ?? 0,
      upstreamCalls: { total, byApi: { ...record.callsByApi } },
      estimatedSeconds: estimateSeconds(record.callsByApi, rates, 1),
    };
  }

  function launch(record: BatchRecord): Live {
    const live: Live = { record, done: Promise.resolve(), cancelled: record.state === 'cancelling' };
    batches.set(record.id, live);
    live.done = work(live).catch((err: unknown) => {
      logger.error({ err, batchId: record.id }, 'batch stopped unexpectedly');
    });
    return live;
  }

  return {
    async create(request, ctx) {
      if (closed) throw new StoppingError();
      const { refs, duplicates } = dedupeRefs(request.accounts);
      const record: BatchRecord = {
        version: 1,
        id: `b-${randomBytes(10).toString('hex')}`,
        state: 'running',
        dryRun: request.dryRun,
        reason: request.reason,
        method: request.method ?? deps.defaultMethod,
        createdBy: { kind: ctx.actor.kind, id: ctx.actor.id },
        installationId: ctx.actor.installationId ?? null,
        requestId: ctx.requestId,
        createdAt: iso(),
        finishedAt: null,
        duplicates,
        resumes: 0,
        callsByApi: {},
        preview: null,
        accounts: refs.map((ref) => ({
          ref,
          accountId: isEmailRef(ref) ? null : ref,
          outcome: 'pending',
          blockers: [],
          detail: null,
          attempts: 0,
          resumed: false,
        })),
      };
      // Durable before the answer: an accepted batch is never lost.
      await store.save(record);
      launch(record);
      return toStatus(record);
    },
    status: (id, caller) => toStatus(get(id, caller).record),
    accounts(id, query, caller) {
      const all = get(id, caller).record.accounts;
      const filtered = query.outcome ? all.filter((a) => a.outcome === query.outcome) : all;
      const from = query.cursor === undefined ? 0 : Number(query.cursor);
      const results = filtered.slice(from, from + query.limit);
      const end = from + results.length;
      return {
        results: results.map((r) => ({ ...r })),
        nextCursor: end < filtered.length ? String(end) : null,
      };
    },
    async cancel(id, caller) {
      const live = get(id, caller);
      if (live.record.state === 'running') {
        live.cancelled = true;
        live.record.state = 'cancelling';
        await persist(live.record);
      }
      return toStatus(live.record);
    },
    async resume() {
      const { records, unreadable } = await store.loadAll();
      for (const name of unreadable)
        logger.error({ file: name, dir: store.dir }, 'batch state file unreadable');
      for (const record of records) {
        if (record.state === 'done' || record.state === 'cancelled') {
          batches.set(record.id, {
            record,
            done: Promise.resolve(),
            cancelled: record.state === 'cancelled',
          });
          continue;
        }
        record.resumes += 1;
        for (const a of record.accounts) {
          if (a.outcome === 'started') {
            a.resumed = true;
            a.detail =
              'A proxy restart interrupted this account; it was verified with a fresh read and finished.';
          }
        }
        logger.info({ batchId: record.id }, 'resuming batch after restart');
        launch(record);
      }
      // A lowered BATCH_KEEP_FINISHED, or a crash mid-prune, is settled before the first request.
      await prune();
    },
    async close() {
      stopper.abort(new Error('the proxy is stopping'));
      await Promise.all([...batches.values()].map((b) => b.done));
      closed = true;
    },
    settled(id) {
      const live = batches.get(id);
      if (!live) throw new BatchNotFoundError(id);
      return live.done;
    },
  };
}
