import { systemClock, type Clock } from '../clock';
import { ForgeRuntimeError, KvsServiceError } from '../errors';
import {
  checkCondition,
  checkFilterGroup,
  conditionCount,
  matches,
  matchesGroup,
  MAX_QUERY_CONDITIONS,
  WHERE_CONDITIONS,
  type Condition,
  type FilterGroup,
} from './conditions';
import {
  EntityDefinitionsSchema,
  resolveIndex,
  validateEntityValue,
  type EntityDefinition,
  type ResolvedIndex,
} from './entity-schema';
import { KVS_LIMITS, validateEntityName, validateKey, validateValue } from './limits';

/**
 * An in-process stand-in for the Forge Key-Value Store and Custom Entity Store of ONE installation.
 *
 * Methods take the request bodies @forge/kvs sends (already parsed) and return the bodies the service
 * answers; failures are KvsServiceError with the service's status and `{code, message}`. Three kinds of
 * namespace never see each other: plain keys, secrets (never queryable) and each custom entity.
 *
 * The semantics reproduced, with their sources, are written down in docs/forge-storage.md; so are the
 * error codes Atlassian does not publish and that are chosen here (marked "local" there).
 */

export type MetadataField = 'CREATED_AT' | 'UPDATED_AT' | 'EXPIRE_TIME';
export type TtlUnit = 'SECONDS' | 'MINUTES' | 'HOURS' | 'DAYS';

export interface SetOptions {
  ttl?: { value: number; unit: TtlUnit };
  keyPolicy?: 'OVERRIDE' | 'FAIL_IF_EXISTS';
  returnValue?: 'PREVIOUS' | 'LATEST';
  returnMetadataFields?: MetadataField[];
}

export type { EntityDefinition } from './entity-schema';

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
const KEY_CONFLICT = () =>
  new KvsServiceError(
    409,
    'KEY_CONFLICT',
    'The provided key already exists and the key policy is set to FAIL_IF_EXISTS',
  );

function checkSetOptions(options: SetOptions): void {
  if (options.keyPolicy === 'FAIL_IF_EXISTS' && options.returnValue !== undefined) {
    throw new KvsServiceError(
      400,
      'INVALID_KEY_POLICY_RETURN_VALUE_COMBINATION',
      'returnValue can only be used with the key policy OVERRIDE.',
    );
  }
  if (options.ttl !== undefined && options.ttl.value * TTL_MS[options.ttl.unit] > KVS_LIMITS.maxTtlMs) {
    throw new KvsServiceError(400, 'INVALID_TTL', 'The maximum TTL is one year.');
  }
}

function spaceId(space: Space): string {
  return space.kind === 'entity' ? `entity:${space.name}` : space.kind;
}

function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

function badCursor(): KvsServiceError {
  return new KvsServiceError(400, 'INVALID_CURSOR', 'The provided cursor is invalid.');
}

function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // fall through
  }
  throw badCursor();
}

/** Plain-query cursor: the last key handed out. */
function decodeKeyCursor(cursor: string): string {
  const { p } = decodeCursor(cursor);
  if (typeof p !== 'string') throw badCursor();
  return p;
}

/**
 * Entity-query cursor: the index position (range value, key) of the last index entry read, plus the
 * index and sort it belongs to. A position, not an offset, so rows written or deleted between pages
 * neither repeat nor skip the rows after it.
 */
type RangeValue = string | number | boolean;

/** One entity as an index sees it: key, range value, the stored item and its attributes. */
interface IndexEntry {
  k: string;
  r: RangeValue;
  item: Item;
  attrs: Record<string, unknown>;
}

interface EntityCursor {
  i: string;
  s: 'ASC' | 'DESC';
  r: RangeValue;
  k: string;
}

function decodeEntityCursor(cursor: string, index: string, sort: 'ASC' | 'DESC'): EntityCursor {
  const c = decodeCursor(cursor);
  if (
    c.i !== index ||
    c.s !== sort ||
    typeof c.k !== 'string' ||
    (typeof c.r !== 'string' && typeof c.r !== 'number' && typeof c.r !== 'boolean')
  ) {
    throw badCursor();
  }
  return { i: index, s: sort, r: c.r, k: c.k };
}

function order(a: RangeValue, b: RangeValue): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
    const parsed = EntityDefinitionsSchema.safeParse(opts.entities ?? []);
    if (!parsed.success) {
      const where = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new ForgeRuntimeError('INVALID_OPTIONS', `Invalid custom entity definitions: ${where}`);
    }
    this.entities = new Map(parsed.data.map((e) => [e.name, e]));
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
    checkSetOptions(options);
    const previous = this.live(space, key);
    if (options.keyPolicy === 'FAIL_IF_EXISTS' && previous !== undefined) throw KEY_CONFLICT();
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
    const after = req.after === undefined ? null : decodeKeyCursor(req.after);
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
        return { data, cursor: encodeCursor({ p: last }) };
      }
      data.push(this.body(key, item, req.metadataFields ?? []));
      last = key;
    }
    return { data };
  }

  /**
   * Custom-entity query over one index (docs/forge-storage.md, "Queries"): the partition picks exact
   * matches, `range` narrows the index's range attribute, entries come in (range value, key) order, and
   * one page reads `limit` index entries. Filters run on those entries afterwards, in memory, so a page
   * can hold fewer results than `limit` — even none — while the cursor carries on after the last entry
   * read. An entity lacking the range attribute or a partition attribute is not in that index.
   */
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
    const def = this.definition(req.entityName);
    const index = resolveIndex(def, req.indexName);
    const limit = pageLimit(
      req.limit,
      'COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE',
      'The page limit must be set between 1 and 100.',
    );
    const partition = req.partition ?? [];
    if (partition.length !== index.partition.length) {
      throw new KvsServiceError(
        400,
        'INVALID_PARTITION',
        `Index '${index.name}' needs ${index.partition.length} partition value(s), in declaration order.`,
      );
    }
    if (req.range !== undefined) checkCondition(req.range, WHERE_CONDITIONS);
    if (req.filters !== undefined) checkFilterGroup(req.filters);
    if ((req.range === undefined ? 0 : 1) + conditionCount(req.filters) > MAX_QUERY_CONDITIONS) {
      throw new KvsServiceError(
        400,
        'TOO_MANY_CONDITIONS',
        `A complex query can have at most ${MAX_QUERY_CONDITIONS} conditions.`,
      );
    }
    const sort = req.sort ?? 'ASC';
    const dir = sort === 'DESC' ? -1 : 1;
    const after = req.cursor === undefined ? null : decodeEntityCursor(req.cursor, index.name, sort);
    const byPosition = (a: { r: RangeValue; k: string }, b: { r: RangeValue; k: string }) =>
      dir * (order(a.r, b.r) || order(a.k, b.k));
    // The first `limit + 1` entries after the cursor, kept sorted while scanning once: a page costs
    // O(n log limit), not a sort of the whole index (the sandbox holds 100,000 audit entries).
    const head: IndexEntry[] = [];
    for (const e of this.indexEntries(space, index, partition)) {
      if (after !== null && byPosition(e, after) <= 0) continue;
      if (req.range !== undefined && !matches(req.range, e.r)) continue;
      const tail = head[limit];
      if (tail !== undefined && byPosition(e, tail) >= 0) continue;
      let lo = 0;
      let hi = head.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (byPosition(head[mid] as IndexEntry, e) < 0) lo = mid + 1;
        else hi = mid;
      }
      head.splice(lo, 0, e);
      if (head.length > limit + 1) head.pop();
    }
    const read = head.slice(0, limit);
    const data = read
      .filter((e) => req.filters === undefined || matchesGroup(req.filters, e.attrs))
      .map((e) => this.body(e.k, e.item, req.metadataFields ?? []));
    const last = read[read.length - 1];
    // Only hand out a cursor while index entries remain, so a caller stops on the last page.
    if (last === undefined || head.length <= limit) return { data };
    return { data, cursor: encodeCursor({ i: index.name, s: sort, r: last.r, k: last.k }) };
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

  /**
   * All-or-nothing (docs/forge-storage.md, "Transactions"): 1 to 25 operations, each key once; every
   * operation is validated and every condition checked before anything changes. Conditions apply to
   * entity operations only and are evaluated against the stored value; a key that does not exist fails
   * its condition. A delete without conditions succeeds whether the key exists or not.
   */
  transact(req: {
    set?: ReadonlyArray<{
      key: string;
      value: unknown;
      entityName?: string;
      conditions?: FilterGroup;
      options?: Pick<SetOptions, 'ttl'>;
    }>;
    delete?: ReadonlyArray<{ key: string; entityName?: string; conditions?: FilterGroup }>;
    check?: ReadonlyArray<{ key: string; entityName?: string; conditions: FilterGroup }>;
  }): void {
    const sets = req.set ?? [];
    const deletes = req.delete ?? [];
    const checks = req.check ?? [];
    const ops = [...sets, ...deletes, ...checks];
    if (ops.length === 0) {
      throw new KvsServiceError(
        400,
        'INVALID_TRANSACTION_REQUEST',
        'Transaction request must include one of set, check or delete.',
      );
    }
    if (ops.length > KVS_LIMITS.maxTransactionOperations) {
      throw new KvsServiceError(
        400,
        'TRANSACTION_TOO_LARGE',
        `A transaction holds at most ${KVS_LIMITS.maxTransactionOperations} operations.`,
      );
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
      this.checkSpace(this.spaceOf(op.entityName));
      validateKey(op.key);
      if (op.conditions !== undefined && op.entityName === undefined) {
        throw new KvsServiceError(
          400,
          'INVALID_TRANSACTION_REQUEST',
          'Conditions can only be set on custom entity operations.',
        );
      }
      if (op.conditions !== undefined) checkFilterGroup(op.conditions);
    }
    for (const s of sets) {
      this.checkValue(this.spaceOf(s.entityName), s.value);
      checkSetOptions(s.options ?? {});
    }
    for (const op of ops) {
      if (op.conditions === undefined) continue;
      const current = this.live(this.spaceOf(op.entityName), op.key);
      if (current === undefined || !matchesGroup(op.conditions, current.value as Record<string, unknown>)) {
        throw new KvsServiceError(
          400,
          'CONDITIONAL_CHECK_FAILED',
          'Request failed due to conditional check specified or optimistic locking.',
        );
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
    // These fail the whole batch; anything else fails only its own item (docs/forge-storage.md, "Batches").
    if (items.length === 0 || items.length > KVS_LIMITS.maxBatchItems) {
      throw new KvsServiceError(
        400,
        'INVALID_BATCH_SIZE',
        `A batch holds 1 to ${KVS_LIMITS.maxBatchItems} keys.`,
      );
    }
    const ids = new Set(items.map((it) => `${it.entityName ?? ''}\u0000${it.key}`));
    if (ids.size !== items.length) {
      throw new KvsServiceError(400, 'DUPLICATE_BATCH_KEY', 'Each key can only be used once in a batch.');
    }
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
    if (space.kind === 'entity') this.definition(space.name);
  }

  /** An entity the manifest declares; anything else is refused, as an undeployed entity would be. */
  private definition(name: string): EntityDefinition {
    validateEntityName(name);
    const def = this.entities.get(name);
    if (def === undefined) {
      throw new KvsServiceError(
        400,
        'ENTITY_NOT_DECLARED',
        `Entity '${name}' is not declared in manifest.yml (app.storage.entities).`,
      );
    }
    return def;
  }

  private checkValue(space: Space, value: unknown): void {
    validateValue(value);
    if (space.kind === 'entity') validateEntityValue(this.definition(space.name), value);
  }

  /** The live entities in one partition of an index, each with its range value (`r`). */
  private indexEntries(space: Space, index: ResolvedIndex, partition: readonly unknown[]): IndexEntry[] {
    const out: IndexEntry[] = [];
    for (const k of [...this.map(space).keys()]) {
      const item = this.live(space, k);
      if (item === undefined) continue;
      const attrs = item.value as Record<string, unknown>;
      if (!index.partition.every((p, i) => p in attrs && attrs[p] === partition[i])) continue;
      const r = index.range === null ? k : attrs[index.range];
      if (typeof r !== 'string' && typeof r !== 'number' && typeof r !== 'boolean') continue;
      out.push({ k, r, item, attrs });
    }
    return out;
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
