import { AuditEntry } from '../../src/contract/app/records';
import { repository } from '../../src/forge/platform/repository';
import type { AuditListOptions } from '../../src/forge/audit/audit-log';

/**
 * The audit layout this app used before the `audit-entry` entity (kept here only to measure against): each
 * entry under `audit:<id>` plus copies under `audit-account:<account>:<id>` and `audit-action:<action>:<id>`,
 * ids sorting newest first. A filter the prefixes do not cover (actor, a time range, account AND action)
 * can only be answered by reading pages of the narrowest prefix and filtering them, newest first, until a
 * page is full or the entries are older than `from`.
 */
export const OLD_KEYS = {
  entry: (id: string) => `audit:${id}`,
  byAccount: (accountId: string, id: string) => `audit-account:${accountId}:${id}`,
  byAction: (action: string, id: string) => `audit-action:${action}:${id}`,
};

/** The stored keys of one entry (three writes, not atomic). */
export function oldKeysOf(e: AuditEntry): string[] {
  return [
    OLD_KEYS.entry(e.id),
    ...(e.accountId === null ? [] : [OLD_KEYS.byAccount(e.accountId, e.id)]),
    OLD_KEYS.byAction(e.action, e.id),
  ];
}

export async function oldRecord(e: AuditEntry): Promise<void> {
  for (const key of oldKeysOf(e)) await repository.set(key, e);
}

function matches(e: AuditEntry, f: AuditListOptions): boolean {
  return (
    (f.accountId === undefined || e.accountId === f.accountId) &&
    (f.action === undefined || e.action === f.action) &&
    (f.actor === undefined || e.actor === f.actor) &&
    (f.from === undefined || e.at >= f.from) &&
    (f.to === undefined || e.at <= f.to)
  );
}

/**
 * One Audit page in the old layout. `cursor` is the prefix query's cursor after the last entry read;
 * bounded by `maxCalls` (reported as stopped).
 */
export async function oldList(
  f: AuditListOptions,
  maxCalls: number,
): Promise<{ items: AuditEntry[]; nextCursor: string | null; calls: number; stopped: boolean }> {
  const prefix =
    f.accountId !== undefined
      ? `audit-account:${f.accountId}:`
      : f.action !== undefined
        ? `audit-action:${f.action}:`
        : 'audit:';
  // Only these filters are what the prefix holds; anything else is filtered on the pages read.
  const covered =
    f.actor === undefined &&
    f.from === undefined &&
    f.to === undefined &&
    !(f.accountId !== undefined && f.action !== undefined);
  const pageSize = covered ? f.limit : 100;
  const items: AuditEntry[] = [];
  let cursor = f.cursor;
  let calls = 0;
  while (calls < maxCalls) {
    const page = await repository.query(prefix, AuditEntry, { cursor, limit: pageSize });
    calls++;
    for (const { value } of page.items) {
      if (f.from !== undefined && value.at < f.from) {
        return { items: items.slice(0, f.limit), nextCursor: null, calls, stopped: false };
      }
      if (matches(value, f)) items.push(value);
    }
    // A full page ends at a page boundary of the prefix query (the old cursors had no finer grain).
    if (page.nextCursor === null || items.length >= f.limit) {
      return { items: items.slice(0, f.limit), nextCursor: page.nextCursor, calls, stopped: false };
    }
    cursor = page.nextCursor;
  }
  return { items, nextCursor: cursor ?? null, calls, stopped: true };
}
