import { FilterConditions, WhereConditions } from '@forge/kvs';
import { z } from 'zod';
import { Flag, FlagStatus } from '../../contract/app/records';
import type { DirectoryFlagCount, FlagCounts, FlagSortKey, SortOrder } from '../../contract/app/resolvers';
import {
  defineEntity,
  entityStore,
  TransactionConflictError,
  type EntityOperation,
} from '../platform/entity-store';
import { StorageError } from '../platform/errors';
import type { QueryPage } from '../platform/repository';
import {
  counterDeltas,
  directoryCounterKey,
  primaryDirectory,
  statusCounterKey,
  type Slot,
} from './domain/flag-counts';

/**
 * Flags in Forge's custom entity store, with counters kept exact in the same transaction.
 *
 * Entity `flag` (manifest.yml declares its attributes and indexes), keyed by account id: the indexed
 * attributes sit at the top level (status, primary directory, first detected, last seen) and the whole
 * Flag is kept in `record`, so a field added to Flag needs no manifest change. `counted` is false only
 * between a new row's creation and the transaction that counts it.
 *
 * Entity `flag-count`: `status:<status>` and `dir:<status>:<directoryId>` hold how many counted rows sit in
 * that slot. A write reads the row and the counters it touches, then writes them in one transaction
 * guarded by what it read (the row's slot, each counter's previous count); a guard that fails means an
 * overlapping writer got there first, so it reads again and retries (bounded). Counters are never
 * written outside such a transaction, except being created at zero (FAIL_IF_EXISTS) before first use.
 */

/** One page of the flag entity: the filter picks the index and its partition, the sort its range. */
export interface FlagQuery {
  status?: FlagStatus | undefined;
  /** Only with a status (the indexes partition directories by status). */
  directoryId?: string | undefined;
  sort: FlagSortKey;
  order: SortOrder;
  cursor?: string | undefined;
  limit: number;
}

export const FLAG_ENTITY = 'flag';
export const FLAG_COUNT_ENTITY = 'flag-count';

const FlagRow = z.object({
  accountId: z.string(),
  status: FlagStatus,
  directoryId: z.string(),
  firstDetectedAt: z.string(),
  lastSeenAt: z.string(),
  counted: z.boolean(),
  record: Flag,
});
type FlagRow = z.infer<typeof FlagRow>;

// Forge refuses `null` and empty strings as attribute values (docs/forge-storage.md, V2/V3): a status
// counter stores no directory and an unnamed directory no name; reading fills them back in.
const FlagCount = z.object({
  kind: z.enum(['status', 'directory']),
  status: FlagStatus,
  directoryId: z.string().default(''),
  directoryName: z.string().nullable().default(null),
  count: z.number().int(),
});
type FlagCount = z.infer<typeof FlagCount>;

/** The stored form of a counter: absent attributes instead of `null` or ''. */
function storedCount(c: FlagCount): Partial<FlagCount> {
  return {
    kind: c.kind,
    status: c.status,
    ...(c.directoryId === '' ? {} : { directoryId: c.directoryId }),
    ...(c.directoryName === null ? {} : { directoryName: c.directoryName }),
    count: c.count,
  };
}

const flagRows = defineEntity(FLAG_ENTITY, FlagRow);
const flagCounts = defineEntity(FLAG_COUNT_ENTITY, FlagCount);

/** Index names of the `flag` entity, by filter shape and sort key. */
export const FLAG_INDEXES = {
  all: { firstDetectedAt: 'firstDetectedAt', lastSeenAt: 'lastSeenAt' },
  status: { firstDetectedAt: 'by-status-first', lastSeenAt: 'by-status-last' },
  directory: { firstDetectedAt: 'by-status-directory-first', lastSeenAt: 'by-status-directory-last' },
} as const;
const BY_KIND_STATUS = 'by-kind-status';

/** Overlapping writers of the same row or counter retry this often before the write is given up. */
export const SAVE_ATTEMPTS_MAX = 12;

const STATUSES: readonly FlagStatus[] = FlagStatus.options;

function rowOf(flag: Flag, counted: boolean): FlagRow {
  return {
    accountId: flag.accountId,
    status: flag.status,
    directoryId: primaryDirectory(flag).directoryId,
    firstDetectedAt: flag.firstDetectedAt,
    lastSeenAt: flag.lastSeenAt,
    counted,
    record: flag,
  };
}

function emptyCounter(key: string, directoryName: string | null): FlagCount {
  const [kind, status, ...rest] = key.split(':');
  return {
    kind: kind === 'status' ? 'status' : 'directory',
    status: FlagStatus.parse(status),
    directoryId: rest.join(':'),
    directoryName,
    count: 0,
  };
}

/**
 * Creates missing counters at zero. Zero is exact for a counter that does not exist: counters only
 * change inside guarded transactions, and FAIL_IF_EXISTS leaves one created meanwhile as it is.
 */
async function createCounters(keys: readonly string[], directoryName: string | null): Promise<void> {
  for (const key of keys) {
    await entityStore.create(flagCounts, key, storedCount(emptyCounter(key, directoryName)) as FlagCount);
  }
}

/** One attempt: read the row and its counters, write all of them guarded by what was read. */
async function trySave(flag: Flag): Promise<boolean> {
  const prev = await entityStore.get(flagRows, flag.accountId);
  if (prev === undefined) {
    // Created uncounted, then counted by the next attempt under the same guards as any other write.
    await entityStore.create(flagRows, flag.accountId, rowOf(flag, false));
    return false;
  }
  const next = rowOf(flag, true);
  const from: Slot | null = prev.counted ? { status: prev.status, directoryId: prev.directoryId } : null;
  const deltas = counterDeltas(from, { status: next.status, directoryId: next.directoryId });
  const keys = [...deltas.keys()];
  const counters = await entityStore.getMany(flagCounts, keys);
  const missing = keys.filter((k) => !counters.has(k));
  if (missing.length > 0) {
    await createCounters(missing, primaryDirectory(flag).directoryName);
    return false;
  }
  const ops: EntityOperation[] = [
    {
      kind: 'set',
      entity: flagRows,
      key: flag.accountId,
      value: next,
      when: [
        ['status', FilterConditions.equalTo(prev.status)],
        ['directoryId', FilterConditions.equalTo(prev.directoryId)],
        ['counted', FilterConditions.equalTo(prev.counted)],
      ],
    },
  ];
  const directoryName = primaryDirectory(flag).directoryName;
  for (const [key, delta] of deltas) {
    const current = counters.get(key) as FlagCount;
    const named = current.kind === 'directory' && directoryName !== null ? { directoryName } : {};
    ops.push({
      kind: 'set',
      entity: flagCounts,
      key,
      value: storedCount({ ...current, ...named, count: current.count + delta }),
      when: [['count', FilterConditions.equalTo(current.count)]],
    });
  }
  try {
    await entityStore.transact(ops);
    return true;
  } catch (err) {
    if (err instanceof TransactionConflictError) return false;
    throw err;
  }
}

export const flagStore = {
  async get(accountId: string): Promise<Flag | undefined> {
    return (await entityStore.get(flagRows, accountId))?.record;
  },

  async save(flag: Flag): Promise<void> {
    for (let attempt = 0; attempt < SAVE_ATTEMPTS_MAX; attempt++) {
      if (await trySave(flag)) return;
    }
    throw new StorageError('The flag kept changing while it was saved; try again.', {
      accountId: flag.accountId,
    });
  },

  /** One page of one index: the filter picks the index and partition, the sort its range attribute. */
  async page(q: FlagQuery): Promise<QueryPage<Flag>> {
    if (q.directoryId !== undefined && q.status === undefined) {
      throw new StorageError('Flags are listed by directory only within one status.');
    }
    const shape = q.directoryId !== undefined ? 'directory' : q.status !== undefined ? 'status' : 'all';
    const partition =
      shape === 'directory' ? [q.status, q.directoryId] : shape === 'status' ? [q.status] : undefined;
    const page = await entityStore.query(flagRows, {
      index: FLAG_INDEXES[shape][q.sort],
      ...(partition === undefined ? {} : { partition }),
      sort: q.order,
      cursor: q.cursor,
      limit: q.limit,
    });
    return {
      items: page.items.map((e) => ({ key: e.key, value: e.value.record })),
      nextCursor: page.nextCursor,
    };
  },

  /**
   * Flags of one status last seen before `before`, oldest first: the flags a completed scan did not see.
   * Bounded like every other walk over storage pages.
   */
  async *seenBefore(status: FlagStatus, before: string, maxPages = 1000): AsyncGenerator<Flag> {
    for await (const e of entityStore.queryAll(
      flagRows,
      {
        index: FLAG_INDEXES.status.lastSeenAt,
        partition: [status],
        range: WhereConditions.lessThan(before),
        sort: 'asc',
      },
      maxPages,
    )) {
      yield e.value.record;
    }
  },

  /**
   * Every status counter in one read (`all` is their sum), plus one directory's count for a status when
   * asked — in the same batch read.
   */
  async counts(inDirectory?: {
    status: FlagStatus;
    directoryId: string;
  }): Promise<{ counts: FlagCounts; directory: number | null }> {
    const dirKey =
      inDirectory === undefined ? null : directoryCounterKey(inDirectory.status, inDirectory.directoryId);
    const keys = STATUSES.map(statusCounterKey);
    const found = await entityStore.getMany(flagCounts, dirKey === null ? keys : [...keys, dirKey]);
    const counts: FlagCounts = { all: 0, open: 0, dismissed: 0, resolved: 0, cleared: 0 };
    for (const s of STATUSES) {
      counts[s] = found.get(statusCounterKey(s))?.count ?? 0;
      counts.all += counts[s];
    }
    return { counts, directory: dirKey === null ? null : (found.get(dirKey)?.count ?? 0) };
  },

  async directoryCount(status: FlagStatus, directoryId: string): Promise<number> {
    return (await flagStore.counts({ status, directoryId })).directory ?? 0;
  },

  /** The directories holding flags of one status, with their counts (one page: up to 100 directories). */
  async directories(status: FlagStatus): Promise<DirectoryFlagCount[]> {
    const page = await entityStore.query(flagCounts, {
      index: BY_KIND_STATUS,
      partition: ['directory', status],
      sort: 'asc',
      limit: 100,
    });
    return page.items
      .filter((e) => e.value.count > 0)
      .map((e) => ({
        directoryId: e.value.directoryId,
        directoryName: e.value.directoryName,
        count: e.value.count,
      }));
  },
};
