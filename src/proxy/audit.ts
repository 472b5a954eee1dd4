import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';
import type { OnBehalfOf, Step, StepAction, StepStatus } from '../contract/proxy';
import type { Actor, ForgeOrigin } from './auth/actor';
import { redactingPinoOptions } from './server/logger';
import type { OperationContext } from './operation-context';

/**
 * The four account mutations, `idp-sync` for an IdP sync run that the circuit breaker stopped, and
 * `batch-unlock` for the end of a batch (its accounts each have their own `unlock` line).
 */
export type AuditAction = 'unlock' | 'unlink' | 'reactivate' | 'deactivate' | 'idp-sync' | 'batch-unlock';

export interface AuditStep {
  action: StepAction;
  target: string;
  status: StepStatus;
  /** Operation id from src/atlassian/operations.ts; null for a skipped step or the read-back. */
  operation: string | null;
  /** Upstream HTTP status of the step's call; null when none was made or no response arrived. */
  upstreamStatus: number | null;
}

/**
 * One line per mutation attempt — including blocked, failed and dry-run attempts — and one per IdP sync
 * run the circuit breaker stopped (its accounts were never attempted, so no account line says so).
 */
export interface AuditEvent {
  /** Who authenticated: the Forge principal or installation, or the static token's name. */
  actor: Pick<Actor, 'kind' | 'id'>;
  installationId: string | null;
  /** Forge callers: the environment, app version and sites the verified token names. */
  forge?: ForgeOrigin;
  /**
   * Who the caller says it acted for (the admin who pressed "Run now", or the schedule): the caller's
   * statement, recorded beside the authenticated actor, never in its place. Null when none was given.
   */
  onBehalfOf?: OnBehalfOf | null;
  /** The proxy's own id for the request: what the answer's X-Request-Id and problem `instance` carry. */
  requestId: string;
  /** The caller's X-Request-Id, unverified; null when none (or an unusable one) was sent. */
  callerRequestId?: string | null;
  /** The batch an account line belongs to, or the batch a `batch-unlock` line ends. */
  batchId?: string;
  action: AuditAction;
  /** The account; for `idp-sync`, the realm the run listed; for `batch-unlock`, the batch. */
  target:
    { accountId: string; email: string | null } | { realm: string } | { batchId: string; accounts: number };
  reason: string;
  dryRun: boolean;
  steps: AuditStep[];
  /** The response outcome (`unlocked`, `partial`, `blocked`, …) or `error` when the attempt failed. */
  outcome: string;
  /** Set when the attempt ended in an error response: its problem type and status. */
  error?: { type: string; status: number };
  /** `batch-unlock`: accounts per outcome. */
  counts?: Record<string, number>;
}

/** Owner read/write only. */
export const AUDIT_FILE_MODE = 0o600;

export interface AuditLog {
  record(event: AuditEvent): void;
  /** Closes the audit file, if any. */
  close(): void;
}

export interface AuditLogOptions {
  /** AUDIT_LOG_FILE: appended to, created (with its folder) when missing. */
  file?: string | null;
  /** Defaults to stdout. */
  stdout?: DestinationStream;
  secrets?: Iterable<string>;
}

/**
 * The audit trail. Every destination is written synchronously (pino.destination with `sync: true`), so
 * when `record` returns the line is in the kernel's hands: a crash right after a mutation cannot lose the
 * record of it. Redaction is the same as the ordinary logger's.
 */
export function createAuditLog(opts: AuditLogOptions = {}): AuditLog {
  const streams: pino.StreamEntry[] = [{ stream: opts.stdout ?? pino.destination({ dest: 1, sync: true }) }];
  let file: (DestinationStream & { flushSync?: () => void; end?: () => void }) | null = null;
  if (opts.file) {
    // The trail names people, accounts and reasons: like the IdP sync's state file, it is created
    // readable by the proxy's user only (a folder it creates too). An existing file keeps the
    // permissions its operator gave it.
    mkdirSync(path.dirname(opts.file), { recursive: true, mode: 0o700 });
    file = pino.destination({ dest: opts.file, sync: true, append: true, mode: AUDIT_FILE_MODE });
    streams.push({ stream: file });
  }
  const logger: PinoLogger = pino(
    { ...redactingPinoOptions({ secrets: opts.secrets ?? [] }), level: 'info' },
    pino.multistream(streams),
  );
  return {
    record(event) {
      logger.info({ event: 'audit', ...event }, `audit ${event.action} ${event.outcome}`);
    },
    close() {
      file?.end?.();
    },
  };
}

export interface AuditInput {
  action: AuditAction;
  ctx: Pick<OperationContext, 'actor' | 'requestId' | 'callerRequestId' | 'onBehalfOf' | 'batchId'>;
  target: { accountId: string; email: string | null };
  request: { reason: string; dryRun: boolean };
  /** The answer sent back, when the attempt produced one. */
  result?: { outcome: string; steps: readonly Step[] };
  /** The refusal or failure, when the attempt ended in a problem response instead. */
  problem?: { type: string; status: number };
}

/**
 * Builds the audit event for one mutation attempt from what the operation already has in hand, so
 * every operation records the same fields the same way (steps keep only operation id and status).
 */
export function auditEvent(input: AuditInput): AuditEvent {
  const { actor } = input.ctx;
  return {
    actor: { kind: actor.kind, id: actor.id },
    installationId: actor.installationId ?? null,
    ...(actor.forge === undefined ? {} : { forge: actor.forge }),
    onBehalfOf: input.ctx.onBehalfOf ?? null,
    requestId: input.ctx.requestId,
    callerRequestId: input.ctx.callerRequestId ?? null,
    ...(input.ctx.batchId === undefined ? {} : { batchId: input.ctx.batchId }),
    action: input.action,
    target: { accountId: input.target.accountId, email: input.target.email },
    reason: input.request.reason,
    dryRun: input.request.dryRun,
    steps: (input.result?.steps ?? []).map((s) => ({
      action: s.action,
      target: s.target,
      status: s.status,
      operation: s.call?.operation ?? null,
      upstreamStatus: s.call?.status ?? null,
    })),
    outcome: input.result?.outcome ?? 'error',
    ...(input.problem ? { error: { type: input.problem.type, status: input.problem.status } } : {}),
  };
}

export interface IdpSyncAbortInput {
  ctx: Pick<OperationContext, 'actor' | 'requestId'>;
  realm: string;
  dryRun: boolean;
  /** The breaker rule that stopped the run and its reason. */
  trip: { rule: string; reason: string };
}

/** The audit event of an IdP sync run stopped by the circuit breaker: nothing was applied. */
export function idpSyncAbortEvent(input: IdpSyncAbortInput): AuditEvent {
  const { actor } = input.ctx;
  return {
    actor: { kind: actor.kind, id: actor.id },
    installationId: actor.installationId ?? null,
    requestId: input.ctx.requestId,
    action: 'idp-sync',
    target: { realm: input.realm },
    reason: `IdP sync stopped by the circuit breaker (${input.trip.rule}): ${input.trip.reason}`,
    dryRun: input.dryRun,
    steps: [],
    outcome: 'aborted',
  };
}
