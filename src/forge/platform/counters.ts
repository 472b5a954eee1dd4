import { FilterConditions } from '@forge/kvs';
import { z } from 'zod';
import { sleep } from '../../lib/sleep';
import { defineEntity, entityStore, type EntityOperation } from './entity-store';
import { StorageError } from './errors';

/**
 * Maintained counts (the `record-counter` entity in manifest.yml): requests per status, audit entries per
 * action. A count changes in the SAME transaction as the records it counts, and only if the counter still
 * holds the value this writer read (a conditional set). Two concurrent writers cannot both win with the
 * same previous value: the loser's whole transaction (record included) is refused, it reads again and
 * retries, so every count stays exactly what a query over the records would find.
 */

export const CounterRecord = z.object({
  group: z.string(),
  name: z.string(),
  count: z.number().int().nonnegative(),
});
export type CounterRecord = z.infer<typeof CounterRecord>;

export const COUNTER_ENTITY = defineEntity('record-counter', CounterRecord);

export interface CounterChange {
  group: string;
  name: string;
  delta: number;
}

/** Bounded: a writer that keeps losing gives up with a typed error instead of spinning. */
export const COUNTED_WRITE_ATTEMPTS = 8;
const BACKOFF_MS = 20;

export const counterKey = (group: string, name: string): string => `${group}:${name}`;

/** Changes of the same counter added up; changes that cancel out are dropped (no check, no write). */
export function mergeChanges(changes: readonly CounterChange[]): CounterChange[] {
  const merged = new Map<string, CounterChange>();
  for (const c of changes) {
    const key = counterKey(c.group, c.name);
    const prev = merged.get(key);
    merged.set(key, { group: c.group, name: c.name, delta: (prev?.delta ?? 0) + c.delta });
  }
  return [...merged.values()].filter((c) => c.delta !== 0);
}

/**
 * A counter's current value. A counter that does not exist yet is created at 0 first (only when absent,
 * so a concurrent creator's increments are never overwritten): a conditional set needs a stored record.
 */
async function read(group: string, name: string): Promise<number> {
  const key = counterKey(group, name);
  const found = await entityStore.get(COUNTER_ENTITY, key);
  if (found !== undefined) return found.count;
  await entityStore.create(COUNTER_ENTITY, key, { group, name, count: 0 });
  return (await entityStore.get(COUNTER_ENTITY, key))?.count ?? 0;
}

export interface CountedWriteOptions {
  attempts?: number;
  /** Between attempts; jittered so two losers do not collide again in lockstep. */
  pause?: (attempt: number) => Promise<void>;
  /** Runs between reading the counters and writing; lets a test land a rival write at that exact moment. */
  afterRead?: (attempt: number) => Promise<void>;
}

/**
 * Writes `ops` and applies `changes` to the counters in one transaction, retrying (bounded) while another
 * writer changes one of those counters in between. Returns how many attempts it took.
 */
export async function writeCounted(
  ops: readonly EntityOperation[],
  changes: readonly CounterChange[],
  opts: CountedWriteOptions = {},
): Promise<number> {
  const merged = mergeChanges(changes);
  if (merged.length === 0) {
    await entityStore.transact(ops);
    return 1;
  }
  const attempts = opts.attempts ?? COUNTED_WRITE_ATTEMPTS;
  const pause =
    opts.pause ??
    ((attempt: number) => sleep(Math.round(BACKOFF_MS * (attempt + 1) * (0.5 + Math.random()))));
  for (let attempt = 0; attempt < attempts; attempt++) {
    const seen = await Promise.all(merged.map(async (c) => ({ ...c, count: await read(c.group, c.name) })));
    const next = seen.map((c) => c.count + c.delta);
    if (next.some((n) => n < 0)) {
      throw new StorageError('A maintained count would drop below zero; the stored counts are damaged.');
    }
    await opts.afterRead?.(attempt);
    const counterOps: EntityOperation[] = seen.map((c, i) => ({
      kind: 'set',
      entity: COUNTER_ENTITY,
      key: counterKey(c.group, c.name),
      value: { group: c.group, name: c.name, count: next[i] },
      when: [['count', FilterConditions.equalTo(c.count)]],
    }));
    try {
      await entityStore.transact([...ops, ...counterOps]);
      return attempt + 1;
    } catch (err) {
      if (!(err instanceof StorageError)) throw err;
      // A refusal is a lost race only if a counter moved since we read it; anything else is a real failure
      // (the service's code for a failed condition is not published, so it is not relied upon).
      const now = await Promise.all(
        seen.map((c) => entityStore.get(COUNTER_ENTITY, counterKey(c.group, c.name))),
      );
      if (now.every((r, i) => r?.count === seen[i]?.count)) throw err;
      await pause(attempt);
    }
  }
  throw new StorageError('Storage stayed too busy to update the counts. Try again in a moment.', {
    attempts,
  });
}

/** Every counter of a group by name: one index query (a group holds at most a few dozen counters). */
export async function readCounts(group: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for await (const e of entityStore.queryAll(COUNTER_ENTITY, { index: 'by-group', partition: [group] }, 5)) {
    counts[e.value.name] = e.value.count;
  }
  return counts;
}
