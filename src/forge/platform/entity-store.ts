import { kvs, Filter, Sort, ForgeKvsAPIError } from '@forge/kvs';
import type { BaseFilter } from '@forge/kvs/out/entity-query';
import type { EntityFilterClauses, EntityWhereClauses } from '@forge/kvs/out/interfaces/entity-query';
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

/** Conditions on a record's attributes that must all hold when a transaction runs. */
export type EntityConditions = ReadonlyArray<readonly [string, EntityFilterClauses]>;

/**
 * A transaction's operations (Forge runs them all or none). A set or delete may require that the record's
 * current attributes meet `when`: the guard that lets a record and a counter derived from it change
 * together without a lost update when two invocations overlap. (Forge's transactions take no key policy,
 * so a record that must not exist yet is started with `create` outside the transaction.)
 */
export type EntityOperation =
  | {
      kind: 'set';
      entity: EntityDefinition<unknown>;
      key: string;
      value: unknown;
      when?: EntityConditions;
    }
  | { kind: 'delete'; entity: EntityDefinition<unknown>; key: string; when?: EntityConditions };

/**
 * A transaction's guard did not hold (the record changed since it was read, or exists already): nothing
 * was written; the caller reads again and retries.
 */
export class TransactionConflictError extends StorageError {
  constructor() {
    super('Storage changed while the app was writing; nothing was written.');
    this.name = 'TransactionConflictError';
  }
}

type Attributes = Record<string, unknown>;

function conditionsOf(when: EntityConditions | undefined): BaseFilter<Attributes> | undefined {
  const [first, ...rest] = when ?? [];
  if (first === undefined) return undefined;
  let f = new Filter<Attributes>().and(first[0], first[1]);
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

  /** Several records of one entity in one request; absent keys are missing from the map. */
  async getMany<T>(def: EntityDefinition<T>, keys: readonly string[]): Promise<Map<string, T>> {
    const out = new Map<string, T>();
    if (keys.length === 0) return out;
    for (const key of keys) checkKey(key);
    let result: {
      successfulKeys: Array<{ key: string; value: unknown }>;
      failedKeys: Array<{ error: { code: string } }>;
    };
    try {
      result = await kvs.batchGet<unknown>(keys.map((key) => ({ key, entityName: def.name })));
    } catch (err) {
      failure(err, 'read');
    }
    // A key that does not exist comes back as a failed key with KEY_NOT_FOUND: absent, not an error.
    const failed = result.failedKeys.filter((f) => f.error.code !== 'KEY_NOT_FOUND');
    if (failed.length > 0) {
      throw new StorageError('Storage could not read every record asked for.', {
        code: failed[0]?.error.code ?? 'unknown',
      });
    }
    for (const r of result.successfulKeys) {
      if (r.value !== undefined && r.value !== null) out.set(r.key, parse(def, r.value));
    }
    return out;
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
        const conditions = conditionsOf(op.when);
        const entity = { entityName: op.entity.name, ...(conditions === undefined ? {} : { conditions }) };
        t =
          op.kind === 'set'
            ? t.set<Attributes>(op.key, op.value as Attributes, entity)
            : t.delete<Attributes>(op.key, entity);
      }
      await t.execute();
    } catch (err) {
      // A guard that did not hold answers CONDITIONAL_CHECK_FAILED (docs/forge-storage.md, T4).
      if (err instanceof ForgeKvsAPIError && err.code === 'CONDITIONAL_CHECK_FAILED') {
        throw new TransactionConflictError();
      }
      failure(err, 'transaction');
    }
  },
};
