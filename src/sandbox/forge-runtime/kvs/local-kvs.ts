import { systemClock, type Clock } from '../clock';
import { KvsServiceError } from '../errors';
import {
  checkCondition,
  checkFilterGroup,
  matches,
  matchesGroup,
  type Condition,
  type FilterGroup,
} from './conditions';
import { KVS_LIMITS, validateEntityName, validateKey, validateValue } from './limits';

/**
 * An in-process stand-in for the Forge Key-Value Store and Custom Entity Store of ONE installation.
 *
 * Methods take the request bodies @forge/kvs sends (already parsed) and return the bodies the service
 * answers; failures are KvsServiceError with the service's status and `{code, message}`. Three kinds of
 * namespace never see each other: plain keys, secrets (never queryable) and each custom entity.
 *
 * Codes not published by Atlassian and chosen here (documented so nobody mistakes them for the real
 * ones): KEY_ALREADY_EXISTS (409, set with keyPolicy FAIL_IF_EXISTS on an existing key),
 * CONDITION_CHECK_FAILED (409, a transaction condition did not hold), TRANSACTION_TOO_LARGE and
 * DUPLICATE_TRANSACTION_KEY (400), INVALID_CURSOR (400), INDEX_NOT_FOUND (400).
 */

export type MetadataField = 'CREATED_AT' | 'UPDATED_AT' | 'EXPIRE_TIME';
export type TtlUnit = 'SECONDS' | 'MINUTES' | 'HOURS' | 'DAYS';

export interface SetOptions {
  ttl?: { value: number; unit: TtlUnit };
  keyPolicy?: 'OVERRIDE' | 'FAIL_IF_EXISTS';
  returnValue?: 'PREVIOUS' | 'LATEST';
  returnMetadataFields?: MetadataField[];
}

/** The manifest's `app.storage.entities[]` entry (only what the store needs). */
export interface EntityDefinition {
  name: string;
  attributes: Readonly<Record<string, { type: 'string' | 'boolean' | 'float' | 'integer' | 'any' }>>;
  indexes?: ReadonlyArray<string | { name: string; range: readonly string[]; partition?: readonly string[] }>;
}

interface Item {
  value: unknown;
  createdAt: number;
  updatedAt: number;
  expiresAt: number | null;
}

export interface ItemBody {
  key: string;
  value: unknown;
  createdAt?: number;
  updatedAt?: number;
  expireTime?: string;
}

export type Space = { kind: 'plain' } | { kind: 'secret' } | { kind: 'entity'; name: string };

export interface BatchItemError {
  key: string;
  entityName?: string;
  error: { code: string; message: string };
}

const TTL_MS: Record<TtlUnit, number> = {
  SECONDS: 1000,
  MINUTES: 60_000,
  HOURS: 3_600_000,
  DAYS: 86_400_000,
};

const NOT_FOUND = () => new KvsServiceError(404, 'KEY_NOT_FOUND', 'Provided key does not exist');

function spaceId(space: Space): string {
  return space.kind === 'entity' ? `entity:${space.name}` : space.kind;
}

function encodeCursor(position: string | number): string {
  return Buffer.from(JSON.stringify({ p: position }), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string | number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { p?: unknown };
    if (typeof parsed.p === 'string' || typeof parsed.p === 'number') return parsed.p;
  } catch {
    // fall through
  }
  throw new KvsServiceError(400, 'INVALID_CURSOR', 'The provided cursor is invalid.');
}

function pageLimit(limit: number | undefined, code: string, message: string): number {
  const n = limit ?? KVS_LIMITS.defaultQueryLimit;
  if (!Number.isInteger(n) || n < 1 || n > KVS_LIMITS.maxQueryLimit)
    throw new KvsServiceError(400, code, message);
  return n;
}

export interface LocalKvsOptions {
  clock?: Clock;
  /** Entity definitions as in manifest.yml; needed for entity queries and attribute type checks. */
  entities?: readonly EntityDefinition[];
}

export class LocalKvs {
  private readonly spaces = new Map<string, Map<string, Item>>();
  private readonly entities: ReadonlyMap<string, EntityDefinition>;
  private clock: Clock;

  constructor(opts: LocalKvsOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.entities = new Map((opts.entities ?? []).map((e) => [e.name, e]));
  }

  /** The runtime hands its clock to a store it created, so TTLs follow the same time as schedules. */
  useClock(clock: Clock): void {
    this.clock = clock;
  }

  // ---- inspection (tests, the sandbox) ------------------------------------------------------------

  /** Live (unexpired) keys of a namespace in key order, values deep-copied. */
  entries(space: Space = { kind: 'plain' }): Array<{ key: string; value: unknown }> {
    const map = this.spaces.get(spaceId(space));
    if (map === undefined) return [];
    return [...map.keys()].sort().flatMap((key) => {
      const item = this.live(space, key);
      return item === undefined ? [] : [{ key, value: structuredClone(item.value) }];
    });
  }

  clear(): void {
    this.spaces.clear();
  }

  // ---- single-key operations ----------------------------------------------------------------------

  get(space: Space, key: string, metadataFields: readonly MetadataField[] = []): ItemBody {
    this.checkSpace(space);
    validateKey(key);
    const item = this.live(space, key);
    if (item === undefined) throw NOT_FOUND();
    return this.body(key, item, metadataFields);
  }

  set(space: Space, key: string, value: unknown, options: SetOptions = {}): ItemBody | undefined {
    this.checkSpace(space);
    validateKey(key);
    this.checkValue(space, value);
    const previous = this.live(space, key);
    if (options.keyPolicy === 'FAIL_IF_EXISTS' && previous !== undefined) {
      throw new KvsServiceError(409, 'KEY_ALREADY_EXISTS', 'The provided key already exists.');
    }
    const now = this.clock.now();
    const item: Item = {
      value: structuredClone(value),
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
      expiresAt: options.ttl === undefined ? null : now + options.ttl.value * TTL_MS[options.ttl.unit],
    };
    this.map(space).set(key, item);
    if (options.returnValue === undefined) return undefined;
    const meta = options.returnMetadataFields ?? [];
    if (options.returnValue === 'LATEST') return this.body(key, item, meta);
    return previous === undefined ? undefined : this.body(key, previous, meta);
  }

  delete(space: Space, key: string): void {
    this.checkSpace(space);
    validateKey(key);
    if (this.live(space, key) === undefined) throw NOT_FOUND();
    this.map(space).delete(key);
  }

  // ---- queries ------------------------------------------------------------------------------------

  /** Plain-key query: one optional `key BEGINS_WITH` condition, key order, cursor = last key returned. */
  query(req: {
    limit?: number;
    after?: string;
    where?: readonly Condition[];
    metadataFields?: readonly MetadataField[];
  }): { data: ItemBody[]; cursor?: string } {
    const limit = pageLimit(
      req.limit,
      'LIST_QUERY_LIMIT_EXCEEDED',
      'Limit for list query should be below 100.',
    );
    const where = req.where ?? [];
    if (where.length > 1) {
      throw new KvsServiceError(
        400,
        'QUERY_WHERE_INVALID',
        'KVS queries should contain only a single "where" clause.',
      );
    }
    const clause = where[0];
    if (clause !== undefined) {
      if (clause.property !== 'key') {
        throw new KvsServiceError(
          400,
          'QUERY_WHERE_FIELD_INVALID',
          'The specified field is not supported for filters.',
        );
      }
      checkCondition(clause, ['BEGINS_WITH']);
    }
    const after = req.after === undefined ? null : decodeCursor(req.after);
    const keys = [...this.map({ kind: 'plain' }).keys()]
      .sort()
      .filter((k) => (after === null || k > String(after)) && (clause === undefined || matches(clause, k)));
    const data: ItemBody[] = [];
    let last: string | undefined;
    for (const key of keys) {
      const item = this.live({ kind: 'plain' }, key);
      if (item === undefined) continue;
      if (data.length === limit) {
        // Only hand out a cursor when another live item exists, so callers stop on an empty follow-up.
        return { data, cursor: encodeCursor(last as string) };
      }
      data.push(this.body(key, item, req.metadataFields ?? []));
      last = key;
    }
    return { data };
  }

  /** Custom-entity query over a declared index: partition equality, optional range, filters, sort. */
  queryEntity(req: {
    entityName: string;
    indexName: string;
    partition?: readonly unknown[];
    range?: Condition;
    filters?: FilterGroup;
    sort?: 'ASC' | 'DESC';
    limit?: number;
    cursor?: string;
    metadataFields?: readonly MetadataField[];
  }): { data: ItemBody[]; cursor?: string } {
    const space: Space = { kind: 'entity', name: req.entityName };
    this.checkSpace(space);
    const index = this.index(req.entityName, req.indexName);
    const limit = pageLimit(
      req.limit,
      'COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE',
      'The page limit must be set between 1 and 100.',
    );
    const partition = req.partition ?? [];
    if (partition.length !== index.partition.length) {
      throw new KvsServiceError(400, 'INVALID_PARTITION', 'The partition does not match the index.');
    }
    if (req.range !== undefined) checkCondition(req.range);
    if (req.filters !== undefined) checkFilterGroup(req.filters);
    const rangeAttr = index.range[0];
    const rows: Array<{ key: string; item: Item; attrs: Record<string, unknown> }> = [];
    for (const key of this.map(space).keys()) {
      const item = this.live(space, key);
      if (item === undefined) continue;
      const attrs = (item.value ?? {}) as Record<string, unknown>;
      if (!index.partition.every((p, i) => attrs[p] === partition[i])) continue;
      if (rangeAttr === undefined || attrs[rangeAttr] === undefined) continue;
      if (req.range !== undefined && !matches(req.range, attrs[rangeAttr])) continue;
      if (req.filters !== undefined && !matchesGroup(req.filters, attrs)) continue;
      rows.push({ key, item, attrs });
    }
    const dir = req.sort === 'DESC' ? -1 : 1;
    rows.sort((a, b) => {
      const x = a.attrs[rangeAttr as string] as string | number;
      const y = b.attrs[rangeAttr as string] as string | number;
      const byRange = x < y ? -1 : x > y ? 1 : 0;
      return dir * (byRange !== 0 ? byRange : a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    });
    const start = req.cursor === undefined ? 0 : Number(decodeCursor(req.cursor));
    const page = rows.slice(start, start + limit);
    const data = page.map((r) => this.body(r.key, r.item, req.metadataFields ?? []));
    return start + limit < rows.length ? { data, cursor: encodeCursor(start + limit) } : { data };
  }

  // ---- batches and transactions -------------------------------------------------------------------

  batchSet(items: ReadonlyArray<{ key: string; value: unknown; entityName?: string; options?: SetOptions }>) {
    return this.batch(items, (it) => {
      this.set(this.spaceOf(it.entityName), it.key, it.value, it.options ?? {});
      return {};
    });
  }

  batchGet(
    items: ReadonlyArray<{
      key: string;
      entityName?: string;
      options?: { metadataFields?: MetadataField[] };
    }>,
  ) {
    return this.batch(items, (it) =>
      this.get(this.spaceOf(it.entityName), it.key, it.options?.metadataFields ?? []),
    );
  }

  batchDelete(items: ReadonlyArray<{ key: string; entityName?: string }>) {
    return this.batch(items, (it) => {
      this.delete(this.spaceOf(it.entityName), it.key);
      return {};
    });
  }

  /** All-or-nothing: every operation is validated and every condition checked before anything changes. */
  transact(req: {
    set?: ReadonlyArray<{
      key: string;
      value: unknown;
      entityName?: string;
      conditions?: FilterGroup;
      options?: SetOptions;
    }>;
    delete?: ReadonlyArray<{ key: string; entityName?: string; conditions?: FilterGroup }>;
    check?: ReadonlyArray<{ key: string; entityName?: string; conditions: FilterGroup }>;
  }): void {
    const sets = req.set ?? [];
    const deletes = req.delete ?? [];
    const checks = req.check ?? [];
    const ops = [...sets, ...deletes, ...checks];
    if (ops.length === 0 || ops.length > KVS_LIMITS.maxTransactionOperations) {
      throw new KvsServiceError(400, 'TRANSACTION_TOO_LARGE', 'A transaction holds 1 to 25 operations.');
    }
    const seen = new Set<string>();
    for (const op of ops) {
      const id = `${op.entityName ?? ''}\u0000${op.key}`;
      if (seen.has(id)) {
        throw new KvsServiceError(
          400,
          'DUPLICATE_TRANSACTION_KEY',
          'Each key can only be used once in a transaction.',
        );
      }
      seen.add(id);
      const space = this.spaceOf(op.entityName);
      this.checkSpace(space);
      validateKey(op.key);
      if (op.conditions !== undefined) {
        checkFilterGroup(op.conditions);
        const current = this.live(space, op.key);
        const attrs = (current?.value ?? {}) as Record<string, unknown>;
        if (current === undefined || !matchesGroup(op.conditions, attrs)) {
          throw new KvsServiceError(409, 'CONDITION_CHECK_FAILED', 'A transaction condition was not met.');
        }
      }
    }
    for (const s of sets) {
      this.checkValue(this.spaceOf(s.entityName), s.value);
      if (
        s.options?.keyPolicy === 'FAIL_IF_EXISTS' &&
        this.live(this.spaceOf(s.entityName), s.key) !== undefined
      ) {
        throw new KvsServiceError(409, 'KEY_ALREADY_EXISTS', 'The provided key already exists.');
      }
    }
    for (const s of sets) this.set(this.spaceOf(s.entityName), s.key, s.value, s.options ?? {});
    for (const d of deletes) this.map(this.spaceOf(d.entityName)).delete(d.key);
  }

  // ---- internals ----------------------------------------------------------------------------------

  private batch<T extends { key: string; entityName?: string }, R extends object>(
    items: readonly T[],
    run: (item: T) => R,
  ): { successfulKeys: Array<R & { key: string; entityName?: string }>; failedKeys: BatchItemError[] } {
    const successfulKeys: Array<R & { key: string; entityName?: string }> = [];
    const failedKeys: BatchItemError[] = [];
    for (const it of items) {
      const id = it.entityName === undefined ? { key: it.key } : { key: it.key, entityName: it.entityName };
      try {
        successfulKeys.push({ ...run(it), ...id });
      } catch (err) {
        if (!(err instanceof KvsServiceError)) throw err;
        failedKeys.push({ ...id, error: { code: err.code, message: err.message } });
      }
    }
    return { successfulKeys, failedKeys };
  }

  private spaceOf(entityName: string | undefined): Space {
    return entityName === undefined ? { kind: 'plain' } : { kind: 'entity', name: entityName };
  }

  private checkSpace(space: Space): void {
    if (space.kind === 'entity') validateEntityName(space.name);
  }

  private checkValue(space: Space, value: unknown): void {
    validateValue(value);
    if (space.kind !== 'entity') return;
    const def = this.entities.get(space.name);
    if (def === undefined) return;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new KvsServiceError(400, 'INVALID_ENTITY_VALUE', 'Entity values must be objects.');
    }
    for (const [attr, v] of Object.entries(value)) {
      const type = def.attributes[attr]?.type;
      const ok =
        type === 'any' ||
        (type === 'string' && typeof v === 'string') ||
        (type === 'boolean' && typeof v === 'boolean') ||
        (type === 'float' && typeof v === 'number') ||
        (type === 'integer' && Number.isInteger(v));
      if (!ok) {
        throw new KvsServiceError(
          400,
          'INVALID_ENTITY_VALUE',
          `Entity values must match one of the types defined in Custom Entities (attribute '${attr}').`,
        );
      }
    }
  }

  private index(
    entityName: string,
    indexName: string,
  ): { range: readonly string[]; partition: readonly string[] } {
    const def = this.entities.get(entityName);
    for (const ix of def?.indexes ?? []) {
      if (typeof ix === 'string' && ix === indexName) return { range: [ix], partition: [] };
      if (typeof ix !== 'string' && ix.name === indexName)
        return { range: ix.range, partition: ix.partition ?? [] };
    }
    throw new KvsServiceError(
      400,
      'INDEX_NOT_FOUND',
      `Index '${indexName}' is not declared for this entity.`,
    );
  }

  private map(space: Space): Map<string, Item> {
    const id = spaceId(space);
    let m = this.spaces.get(id);
    if (m === undefined) {
      m = new Map();
      this.spaces.set(id, m);
    }
    return m;
  }

  private live(space: Space, key: string): Item | undefined {
    const map = this.spaces.get(spaceId(space));
    const item = map?.get(key);
    if (item === undefined) return undefined;
    if (item.expiresAt !== null && item.expiresAt <= this.clock.now()) {
      map?.delete(key);
      return undefined;
    }
    return item;
  }

  private body(key: string, item: Item, fields: readonly MetadataField[]): ItemBody {
    return {
      key,
      value: structuredClone(item.value),
      ...(fields.includes('CREATED_AT') ? { createdAt: item.createdAt } : {}),
      ...(fields.includes('UPDATED_AT') ? { updatedAt: item.updatedAt } : {}),
      ...(fields.includes('EXPIRE_TIME') && item.expiresAt !== null
        ? { expireTime: new Date(item.expiresAt).toISOString() }
        : {}),
    };
  }
}
