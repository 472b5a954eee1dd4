import { randomBytes } from 'node:crypto';
import type { SyncRunPhase, SyncRunStatus, IdpSyncRequest } from '../../contract/proxy';
import type { Actor } from '../auth/actor';
import { problemFor } from '../http/error-mapping';
import type { OperationContext } from '../operation-context';
import { IdpRunNotFoundError, IdpSyncRunningError } from '../operation-errors';
import type { Logger } from '../server/logger';
import type { IdpSyncOperation } from './idp-sync';

/**
 * IdP sync as a background run (POST /v1/idp/runs): the sync itself is unchanged — same steps, breaker,
 * mutation path and audit — but it is not bound to one request's deadline, because deactivating
 * hundreds of accounts at the org's rate limit takes minutes. The caller (the Forge queue consumer, or
 * the CLI) reads the status with a long poll and learns the outcome as soon as the run ends.
 *
 * Runs live in memory: the sync's effects are recorded by the audit log and the state file, and a run
 * cut by a restart is reported as unknown (404) rather than resumed — a new run plans again from the
 * accounts' fresh state, so nothing is applied twice.
 */
export interface IdpRunService {
  /** Starts a run; IdpSyncRunningError while one runs. */
  start(request: IdpSyncRequest, ctx: OperationContext): SyncRunStatus;
  /** The run's status, waiting up to `waitMs` for it to end; IdpRunNotFoundError for unknown runs. */
  status(runId: string, actor: Actor, waitMs: number): Promise<SyncRunStatus>;
  /** Stops a running run at the next account boundary and waits for it to end. */
  close(): Promise<void>;
}

export interface IdpRunServiceDeps {
  sync: IdpSyncOperation;
  logger: Logger;
  /** A run stops at an account boundary after this long; the rest is reported as not run. */
  maxRunMs: number;
  /** Finished runs kept for their status; the oldest are forgotten first. */
  keepFinished?: number;
  now?: () => number;
}

interface RunEntry {
  status: SyncRunStatus;
  owner: string;
  done: Promise<void>;
  controller: AbortController;
}

/** Runs are only readable by the caller that started them: the same kind, id and installation. */
function ownerOf(actor: Actor): string {
  return `${actor.kind}:${actor.id}:${actor.installationId ?? ''}`;
}

export function createIdpRunService(deps: IdpRunServiceDeps): IdpRunService {
  const now = deps.now ?? Date.now;
  const keep = deps.keepFinished ?? 20;
  const runs = new Map<string, RunEntry>();
  let active: RunEntry | null = null;

  const iso = (): string => new Date(now()).toISOString();

  function forgetOldFinished(): void {
    const finished = [...runs.entries()].filter(([, r]) => r.status.state !== 'running');
    for (const [id] of finished.slice(0, Math.max(0, finished.length - keep))) runs.delete(id);
  }

  function setPhase(entry: RunEntry, phase: SyncRunPhase, toApply?: number): void {
    entry.status = {
      ...entry.status,
      progress: { ...entry.status.progress, phase, ...(toApply === undefined ? {} : { toApply }) },
    };
  }

  return {
    start(request, ctx) {
      if (active !== null || deps.sync.isRunning()) throw new IdpSyncRunningError();
      const runId = `idp-${randomBytes(10).toString('hex')}`;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), deps.maxRunMs);
      timer.unref();
      const entry: RunEntry = {
        owner: ownerOf(ctx.actor),
        controller,
        done: Promise.resolve(),
        status: {
          runId,
          state: 'running',
          dryRun: request.dryRun,
          startedAt: iso(),
          finishedAt: null,
          progress: { phase: 'listing', toApply: 0, attempted: 0 },
          result: null,
          error: null,
        },
      };
      // The run outlives the request that started it: its signal is the run's own time limit.
      const runCtx: OperationContext = { ...ctx, signal: controller.signal };
      entry.done = deps
        .sync(request, runCtx, {
          phase: (phase, toApply) => setPhase(entry, phase, toApply),
          attempted: () => {
            const p = entry.status.progress;
            entry.status = { ...entry.status, progress: { ...p, attempted: p.attempted + 1 } };
          },
        })
        .then(
          (result) => {
            entry.status = {
              ...entry.status,
              state: 'finished',
              finishedAt: iso(),
              progress: { ...entry.status.progress, phase: 'finished' },
              result,
            };
          },
          (err: unknown) => {
            const problem = problemFor(err);
            deps.logger.warn({ requestId: ctx.requestId, runId, err }, 'IdP run failed');
            entry.status = {
              ...entry.status,
              state: 'failed',
              finishedAt: iso(),
              error: { title: problem.title, detail: problem.detail ?? problem.title },
            };
          },
        )
        .finally(() => {
          clearTimeout(timer);
          if (active === entry) active = null;
          forgetOldFinished();
        });
      active = entry;
      runs.set(runId, entry);
      return entry.status;
    },

    async status(runId, actor, waitMs) {
      const entry = runs.get(runId);
      // Another caller's run is answered as unknown: its existence is not theirs to learn.
      if (entry === undefined || entry.owner !== ownerOf(actor)) throw new IdpRunNotFoundError(runId);
      if (entry.status.state === 'running' && waitMs > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          entry.done,
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, waitMs);
          }),
        ]);
        clearTimeout(timer);
      }
      return entry.status;
    },

    async close() {
      const running = active;
      if (running === null) return;
      running.controller.abort();
      await running.done;
    },
  };
}
