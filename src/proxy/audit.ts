import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';
import type { StepAction, StepStatus } from '../contract';
import type { Actor } from './auth/actor';
import { redactingPinoOptions } from './logger';

export type AuditAction = 'unlock' | 'unlink' | 'reactivate' | 'deactivate';

export interface AuditStep {
  action: StepAction;
  target: string;
  status: StepStatus;
  /** Operation id from src/atlassian/operations.ts; null for a skipped step or the read-back. */
  operation: string | null;
  /** Upstream HTTP status of the step's call; null when none was made or no response arrived. */
  upstreamStatus: number | null;
}

/** One line per mutation attempt — including blocked, failed and dry-run attempts. */
export interface AuditEvent {
  actor: Pick<Actor, 'kind' | 'id'>;
  installationId: string | null;
  requestId: string;
  action: AuditAction;
  target: { accountId: string; email: string | null };
  reason: string;
  dryRun: boolean;
  steps: AuditStep[];
  /** The response outcome (`unlocked`, `partial`, `blocked`, …) or `error` when the attempt failed. */
  outcome: string;
  /** Set when the attempt ended in an error response: its problem type and status. */
  error?: { type: string; status: number };
}

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
    file = pino.destination({ dest: opts.file, sync: true, append: true, mkdir: true });
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
