import { kvs, Filter, Sort, ForgeKvsAPIError } from '@forge/kvs';
import type { EntityFilterClauses, EntityWhereClauses } from '@forge/kvs/out/interfaces/entity-query';
import type { BaseFilter } from '@forge/kvs/out/entity-query';
import type { z } from 'zod';
import { StorageError } from './errors';
import { checkKey, checkValue, QUERY_MAX_LIMIT, type Entry, type QueryPage } from './repository';

/**
 * The app's custom entities (declared with their indexes under `app.storage.entities` in manifest.yml).
 * Records that must be listed, sorted, filtered and counted by the admin page live here rather than under
 * key prefixes: an index answers "open flags of directory X, newest first" one page at a time, where a
 * prefix scan would have to read every record.
 *
 * Like repository.ts, every key and value is checked against Forge's limits before a request is made and
 * every value read is parsed with the entity's schema.
 */
export interface EntityDefinition<T> {
  /** The entity name in manifest.yml. */
  name: string;
  schema: z.ZodType<T>;
}

export function defineEntity<T>(name: string, schema: z.ZodType<T>): EntityDefinition<T> {
  return { name, schema };
}

export type SortOrder = 'asc' | 'desc';

export interface EntityQuery<T> {
  /** A declared index of the entity. */
  index: string;
  /** Values of the index's partition attributes, in their declared order. */
  partition?: readonly unknown[];
  /** A condition on the index's range attribute (WhereConditions). */
  range?: EntityWhereClauses;
  /** Conditions on other attributes, applied after the index: a page can hold fewer than `limit`. */
  filters?: {
    operator: 'and' | 'or';
    items: ReadonlyArray<readonly [keyof T & string, EntityFilterClauses]>;
  };
  sort?: SortOrder;
  cursor?: string | undefined;
  limit: number;
}

/** Conditions a stored record must meet for a conditional transaction write (all of them). */
export type EntityConditions = ReadonlyArray<readonly [string, EntityFilterClauses]>;

/**
 * A transaction's operations (Forge runs them all or none). A `set` with `conditions` happens only if the
 * stored record exists and meets them; otherwise the whole transaction is refused.
 */
export type EntityOperation =
  | {
      kind: 'set';
      entity: EntityDefinition<unknown>;
      key: string;
      value: unknown;
      conditions?: EntityConditions;
    }
  | { kind: 'delete'; entity: EntityDefinition<unknown>; key: string };

function allOf(conditions: EntityConditions): BaseFilter<Record<string, unknown>> {
  const filter = new Filter<Record<string, unknown>>();
  const [first, ...rest] = conditions;
  if (first === undefined) return filter;
  let f = filter.and(first[0], first[1]);
  for (const [field, cond] of rest) f = f.and(field, cond);
  return f;
}

function failure(err: unknown, operation: string): never {
  if (err instanceof StorageError) throw err;
  if (err instanceof ForgeKvsAPIError) {
    throw new StorageError(`Storage refused the ${operation}.`, {
      code: err.code,
      status: err.responseDetails.status,
    });
  }
  throw new StorageError(`Storage could not complete the ${operation}.`);
}

function parse<T>(def: EntityDefinition<T>, raw: unknown): T {
  const parsed = def.schema.safeParse(raw);
  if (!parsed.success) throw new StorageError('A stored record is damaged or from an unknown version.');
  return parsed.data;
}

export const entityStore = {
  async get<T>(def: EntityDefinition<T>, key: string): Promise<T | undefined> {
    checkKey(key);
    let raw: unknown;
    try {
      raw = await kvs.entity<unknown>(def.name).get(key);
    } catch (err) {
      failure(err, 'read');
    }
    return raw === undefined || raw === null ? undefined : parse(def, raw);
  },

  async set<T>(def: EntityDefinition<T>, key: string, value: T): Promise<void> {
    checkKey(key);
    checkValue(value);
    try {
      await kvs.entity<T>(def.name).set(key, value);
    } catch (err) {
      failure(err, 'write');
    }
  },

  /**
   * Writes only when the key is absent; true when this call created it (atomic, like repository.claim).
   * A refusal is confirmed by reading the key back, so another failure is not mistaken for "exists".
   */
  async create<T>(def: EntityDefinition<T>, key: string, value: T): Promise<boolean> {
    checkKey(key);
    checkValue(value);
    try {
      await kvs.entity<T>(def.name).set(key, value, { keyPolicy: 'FAIL_IF_EXISTS' });
      return true;
    } catch (err) {
      if (err instanceof ForgeKvsAPIError) {
        let existing: unknown;
        try {
          existing = await kvs.entity<unknown>(def.name).get(key);
        } catch (readErr) {
          failure(readErr, 'read');
        }
        if (existing !== undefined) return false;
      }
      failure(err, 'write');
    }
  },

  async delete<T>(def: EntityDefinition<T>, key: string): Promise<void> {
    checkKey(key);
    try {
      await kvs.entity<T>(def.name).delete(key);
    } catch (err) {
      failure(err, 'delete');
    }
  },

  /**
   * One page of an index. Records that fail the schema are skipped rather than failing the page: one
   * damaged entry must not hide every other one from an admin.
   */
  async query<T>(def: EntityDefinition<T>, q: EntityQuery<T>): Promise<QueryPage<T>> {
    const limit = Math.min(Math.max(1, q.limit), QUERY_MAX_LIMIT);
    let page: { results: Array<{ key: string; value: unknown }>; nextCursor?: string };
    try {
      let b = kvs
        .entity<T>(def.name)
        .query()
        .index(q.index, q.partition === undefined ? undefined : { partition: [...q.partition] });
      if (q.range !== undefined) b = b.where(q.range);
      if (q.filters !== undefined && q.filters.items.length > 0) {
        const [first, ...rest] = q.filters.items;
        if (first !== undefined) {
          if (q.filters.operator === 'and') {
            let f = new Filter<T>().and(first[0], first[1]);
            for (const [field, cond] of rest) f = f.and(field, cond);
            b = b.filters(f);
          } else {
            let f = new Filter<T>().or(first[0], first[1]);
            for (const [field, cond] of rest) f = f.or(field, cond);
            b = b.filters(f);
          }
        }
      }
      b = b.sort(q.sort === 'desc' ? Sort.DESC : Sort.ASC).limit(limit);
      if (q.cursor !== undefined) b = b.cursor(q.cursor);
      page = await b.getMany();
    } catch (err) {
      failure(err, 'query');
    }
    const items: Array<Entry<T>> = [];
    for (const r of page.results) {
      const parsed = def.schema.safeParse(r.value);
      if (parsed.success) items.push({ key: r.key, value: parsed.data });
    }
    return { items, nextCursor: page.nextCursor ?? null };
  },

  /** Every record an index query matches, in pages; bounded so a runaway store cannot spin forever. */
  async *queryAll<T>(
    def: EntityDefinition<T>,
    q: Omit<EntityQuery<T>, 'cursor' | 'limit'>,
    maxPages = 1000,
  ): AsyncGenerator<Entry<T>> {
    let cursor: string | undefined;
    for (let i = 0; i < maxPages; i++) {
      const page = await entityStore.query(def, { ...q, cursor, limit: QUERY_MAX_LIMIT });
      yield* page.items;
      if (page.nextCursor === null) return;
      cursor = page.nextCursor;
    }
  },

  /**
   * Writes several records atomically: a record and the counters that describe it change together or
   * not at all, so a count never drifts from what a query would find.
   */
  async transact(ops: readonly EntityOperation[]): Promise<void> {
    if (ops.length === 0) return;
    for (const op of ops) {
      checkKey(op.key);
      if (op.kind === 'set') checkValue(op.value);
    }
    try {
      let t = kvs.transact();
      for (const op of ops) {
        t =
          op.kind === 'set'
            ? t.set<Record<string, unknown>>(op.key, op.value as Record<string, unknown>, {
                entityName: op.entity.name,
                ...(op.conditions === undefined ? {} : { conditions: allOf(op.conditions) }),
              })
            : t.delete(op.key, { entityName: op.entity.name });
      }
      await t.execute();
    } catch (err) {
      failure(err, 'transaction');
    }
  },
};
