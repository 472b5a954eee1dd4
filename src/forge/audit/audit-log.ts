import { clip } from '../../lib/clip';
import type { ActionOutcome, Step, UnlockOutcome } from '../../contract/proxy';
import type { Page } from '../../contract/app/resolvers';
import { newAuditId } from '../platform/ids';
import {
  AUDIT_REMAINING_MAX,
  AUDIT_SUMMARY_MAX,
  AuditEntry,
  type AuditAction,
  type AuditOutcome,
} from '../../contract/app/records';
import { KEYS, repository } from '../platform/repository';

/**
 * The app's audit trail in storage. Each entry is written under its own key plus one copy per filter
 * (account, action), so every filter is a plain prefix query with a real cursor, newest first.
 */

export interface AuditInput {
  actor: string;
  action: AuditAction;
  outcome: AuditOutcome;
  summary: string;
  accountId?: string | null;
  remaining?: string[];
  dryRun?: boolean;
  requestId?: string | null;
  issueKey?: string | null;
}

const REMAINING_ITEM_MAX = 200;

export function buildAuditEntry(input: AuditInput, at: Date, id = newAuditId(at)): AuditEntry {
  const remaining = (input.remaining ?? []).map((r) => clip(r, REMAINING_ITEM_MAX));
  const shown = remaining.slice(0, AUDIT_REMAINING_MAX);
  if (remaining.length > AUDIT_REMAINING_MAX) {
    shown[AUDIT_REMAINING_MAX - 1] = `… and ${remaining.length - AUDIT_REMAINING_MAX + 1} more`;
  }
  return {
    id,
    at: at.toISOString(),
    actor: input.actor,
    action: input.action,
    accountId: input.accountId ?? null,
    outcome: input.outcome,
    summary: clip(input.summary, AUDIT_SUMMARY_MAX),
    remaining: shown,
    dryRun: input.dryRun ?? false,
    requestId: input.requestId ?? null,
    issueKey: input.issueKey ?? null,
  };
}

/** Proxy outcomes in audit vocabulary; `partial` stays partial so an admin sees what is left. */
export function auditOutcomeOf(outcome: UnlockOutcome | ActionOutcome): AuditOutcome {
  switch (outcome) {
    case 'unlocked':
    case 'done':
      return 'success';
    case 'already-active':
    case 'no-op':
      return 'no-op';
    case 'blocked':
      return 'blocked';
    case 'partial':
      return 'partial';
    case 'planned':
      return 'planned';
  }
}

/** Steps an action did not finish: failed ones and those it never reached. */
export function remainingSteps(steps: Step[]): string[] {
  return steps
    .filter((s) => s.status === 'failed' || s.status === 'planned')
    .map((s) => `${s.action} (${s.target}): ${s.status === 'failed' ? s.detail : 'not run'}`);
}

export const audit = {
  async record(input: AuditInput, at = new Date()): Promise<AuditEntry> {
    const entry = buildAuditEntry(input, at);
    await repository.set(KEYS.audit(entry.id), entry);
    if (entry.accountId !== null) {
      await repository.set(`${KEYS.auditByAccountPrefix(entry.accountId)}${entry.id}`, entry);
    }
    await repository.set(`${KEYS.auditByActionPrefix(entry.action)}${entry.id}`, entry);
    return entry;
  },

  /**
   * Audit writes after a mutation must not turn a done action into an error for the admin; the proxy's own
   * audit line still exists. The failure is logged without the entry's content.
   */
  async recordQuietly(input: AuditInput): Promise<string | null> {
    try {
      return (await audit.record(input)).id;
    } catch (err) {
      console.warn('audit write failed', { action: input.action, error: (err as Error).name });
      return null;
    }
  },

  async list(opts: {
    accountId?: string | undefined;
    action?: AuditAction | undefined;
    cursor?: string | undefined;
    limit: number;
  }): Promise<Page<AuditEntry>> {
    const prefix =
      opts.accountId !== undefined
        ? KEYS.auditByAccountPrefix(opts.accountId)
        : opts.action !== undefined
          ? KEYS.auditByActionPrefix(opts.action)
          : KEYS.auditPrefix;
    const page = await repository.query(prefix, AuditEntry, { cursor: opts.cursor, limit: opts.limit });
    let items = page.items.map((e) => e.value);
    // Both filters at once: the account index narrows, the action is checked on the page.
    if (opts.accountId !== undefined && opts.action !== undefined) {
      items = items.filter((e) => e.action === opts.action);
    }
    return { items, nextCursor: page.nextCursor };
  },
};
