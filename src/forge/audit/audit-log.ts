import { WhereConditions, FilterConditions } from '@forge/kvs';
import { z } from 'zod';
import { clip } from '../../lib/clip';
import type { ActionOutcome, Step, UnlockOutcome } from '../../contract/proxy';
import type { AuditPage } from '../../contract/app/resolvers';
import { newAuditId } from '../platform/ids';
import {
  AUDIT_REMAINING_MAX,
  AUDIT_SUMMARY_MAX,
  AuditEntry,
  type AuditAction,
  type AuditOutcome,
} from '../../contract/app/records';
import { defineEntity, entityStore } from '../platform/entity-store';
import { readCounts, writeCounted } from '../platform/counters';
import { auditIndexFor, type AuditFilter } from './domain/audit-index';

/**
 * The app's audit trail: one `audit-entry` record per entry (manifest.yml), written once, in the same
 * transaction as its action's count. Every Audit tab filter (account, action, actor, each with a time
 * range) is one index query per page, newest first.
 */

/**
 * The stored form: an entity attribute holds a value of its declared type, so the absent parts of an
 * entry (no account, request or issue) are left out rather than stored as null.
 */
const StoredAuditEntry = AuditEntry.extend({
  accountId: AuditEntry.shape.accountId.unwrap().optional(),
  requestId: AuditEntry.shape.requestId.unwrap().optional(),
  issueKey: AuditEntry.shape.issueKey.unwrap().optional(),
});
type StoredAuditEntry = z.infer<typeof StoredAuditEntry>;

export const AUDIT_ENTITY = defineEntity('audit-entry', StoredAuditEntry);
/** Counter group of the per-action counts (src/forge/platform/counters.ts). */
export const AUDIT_COUNTER_GROUP = 'audit';

/** The stored record of an entry (exported for bench/audit-store, which seeds the store directly). */
export function toStored(e: AuditEntry): StoredAuditEntry {
  const { accountId, requestId, issueKey, ...rest } = e;
  return {
    ...rest,
    ...(accountId === null ? {} : { accountId }),
    ...(requestId === null ? {} : { requestId }),
    ...(issueKey === null ? {} : { issueKey }),
  };
}

function fromStored(s: StoredAuditEntry): AuditEntry {
  return {
    ...s,
    accountId: s.accountId ?? null,
    requestId: s.requestId ?? null,
    issueKey: s.issueKey ?? null,
  };
}

/** Stored times are UTC ISO strings of one length, so a range on them is a range in time. */
function utc(time: string): string {
  return new Date(time).toISOString();
}

function timeRange(from: string | undefined, to: string | undefined) {
  if (from !== undefined && to !== undefined) return WhereConditions.between(utc(from), utc(to));
  if (from !== undefined) return WhereConditions.greaterThanEqualTo(utc(from));
  if (to !== undefined) return WhereConditions.lessThanEqualTo(utc(to));
  return undefined;
}

export interface AuditListOptions extends AuditFilter {
  action?: AuditAction | undefined;
  from?: string | undefined;
  to?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

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
  /** One transaction: the entry and its action's count (exact under concurrent writers). */
  async record(input: AuditInput, at = new Date()): Promise<AuditEntry> {
    const entry = buildAuditEntry(input, at);
    await writeCounted(
      [{ kind: 'set', entity: AUDIT_ENTITY, key: entry.id, value: toStored(entry) }],
      [{ group: AUDIT_COUNTER_GROUP, name: entry.action, delta: 1 }],
    );
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

  /** Maintained entry counts per action (one index query). */
  async counts(): Promise<Partial<Record<AuditAction, number>>> {
    return readCounts(AUDIT_COUNTER_GROUP);
  },

  /** One page, newest first: one index query whatever the filters. */
  async list(opts: AuditListOptions): Promise<AuditPage> {
    const choice = auditIndexFor(opts);
    const range = timeRange(opts.from, opts.to);
    const [page, count] = await Promise.all([
      entityStore.query(AUDIT_ENTITY, {
        index: choice.index,
        partition: choice.partition,
        ...(range === undefined ? {} : { range }),
        ...(choice.actionFilter === null
          ? {}
          : {
              filters: {
                operator: 'and' as const,
                items: [['action', FilterConditions.equalTo(choice.actionFilter)]],
              },
            }),
        sort: 'desc',
        cursor: opts.cursor,
        limit: opts.limit,
      }),
      countOf(opts),
    ]);
    return { items: page.items.map((e) => fromStored(e.value)), nextCursor: page.nextCursor, count };
  },
};

/** The counters know totals per action; any other filter (or a time range) has no maintained count. */
async function countOf(opts: AuditListOptions): Promise<number | null> {
  if (opts.accountId !== undefined || opts.actor !== undefined) return null;
  if (opts.from !== undefined || opts.to !== undefined) return null;
  const counts = await readCounts(AUDIT_COUNTER_GROUP);
  if (opts.action !== undefined) return counts[opts.action] ?? 0;
  return Object.values(counts).reduce((a, b) => a + b, 0);
}
