import { z } from 'zod';
import { KvsServiceError } from '../errors';
import type { LocalKvs, Space } from './local-kvs';

/**
 * The KVS wire protocol @forge/kvs 1.6.x speaks (POST `/api/v1/...`, JSON bodies; `out/storage-api.js`):
 * parses each body with zod, runs it on a LocalKvs and answers as the service does — JSON on success,
 * an empty 200 for a plain `set`, 204 where the client reads nothing, `{code, message}` on failure.
 */

const MetadataField = z.enum(['CREATED_AT', 'UPDATED_AT', 'EXPIRE_TIME']);
const GetOptions = z.object({ metadataFields: z.array(MetadataField).optional() }).optional();
const Ttl = z.object({
  value: z.number().int().positive(),
  unit: z.enum(['SECONDS', 'MINUTES', 'HOURS', 'DAYS']),
});
const SetOptions = z
  .object({
    ttl: Ttl.optional(),
    keyPolicy: z.enum(['OVERRIDE', 'FAIL_IF_EXISTS']).optional(),
    returnValue: z.enum(['PREVIOUS', 'LATEST']).optional(),
    returnMetadataFields: z.array(MetadataField).optional(),
  })
  .optional();
const Condition = z.object({
  property: z.string().optional(),
  condition: z.string(),
  values: z.array(z.unknown()),
});
const FilterGroup = z.object({ and: z.array(Condition).optional(), or: z.array(Condition).optional() });
const Key = z.string();
const EntityName = z.string();
// Absent and JSON `undefined` both arrive as a missing property; the store rejects a missing value.
const Value = z.unknown();

const Bodies = {
  get: z.object({ key: Key, options: GetOptions }),
  set: z.object({ key: Key, value: Value, options: SetOptions }),
  del: z.object({ key: Key }),
  entityGet: z.object({ entityName: EntityName, key: Key, options: GetOptions }),
  entitySet: z.object({ entityName: EntityName, key: Key, value: Value, options: SetOptions }),
  entityDel: z.object({ entityName: EntityName, key: Key }),
  query: z.object({
    limit: z.number().optional(),
    after: z.string().optional(),
    where: z.array(Condition).optional(),
    options: GetOptions,
  }),
  entityQuery: z.object({
    entityName: EntityName,
    indexName: z.string(),
    partition: z.array(z.unknown()).optional(),
    range: Condition.optional(),
    filters: FilterGroup.optional(),
    sort: z.enum(['ASC', 'DESC']).optional(),
    limit: z.number().optional(),
    cursor: z.string().optional(),
    options: GetOptions,
  }),
  batchSet: z.array(
    z.object({ key: Key, value: Value, entityName: EntityName.optional(), options: SetOptions }),
  ),
  batchGet: z.array(z.object({ key: Key, entityName: EntityName.optional(), options: GetOptions })),
  batchDelete: z.array(z.object({ key: Key, entityName: EntityName.optional() })),
  transaction: z.object({
    set: z
      .array(
        z.object({
          key: Key,
          value: Value,
          entityName: EntityName.optional(),
          conditions: FilterGroup.optional(),
          // Inside a transaction a set takes a TTL and nothing else (no keyPolicy, no returnValue).
          options: z.object({ ttl: Ttl.optional() }).strict().optional(),
        }),
      )
      .optional(),
    delete: z
      .array(z.object({ key: Key, entityName: EntityName.optional(), conditions: FilterGroup.optional() }))
      .optional(),
    check: z
      .array(z.object({ key: Key, entityName: EntityName.optional(), conditions: FilterGroup }))
      .optional(),
  }),
};

const PLAIN: Space = { kind: 'plain' };
const SECRET: Space = { kind: 'secret' };
const entity = (name: string): Space => ({ kind: 'entity', name });

type Outcome = { status: 200; body: unknown } | { status: 200 | 204; body?: undefined };

function parse<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const r = schema.safeParse(raw);
  if (!r.success) throw new KvsServiceError(400, 'BAD_REQUEST', 'Provided request body is invalid');
  return r.data;
}

const ok = (body: unknown): Outcome => (body === undefined ? { status: 200 } : { status: 200, body });
const done: Outcome = { status: 204 };

const ROUTES: Record<string, (kvs: LocalKvs, raw: unknown) => Outcome> = {
  '/api/v1/get': (kvs, raw) => {
    const b = parse(Bodies.get, raw);
    return ok(kvs.get(PLAIN, b.key, b.options?.metadataFields));
  },
  '/api/v1/set': (kvs, raw) => {
    const b = parse(Bodies.set, raw);
    return ok(kvs.set(PLAIN, b.key, b.value, b.options));
  },
  '/api/v1/delete': (kvs, raw) => {
    kvs.delete(PLAIN, parse(Bodies.del, raw).key);
    return done;
  },
  '/api/v1/secret/get': (kvs, raw) => {
    const b = parse(Bodies.get, raw);
    return ok(kvs.get(SECRET, b.key, b.options?.metadataFields));
  },
  '/api/v1/secret/set': (kvs, raw) => {
    const b = parse(Bodies.set, raw);
    return ok(kvs.set(SECRET, b.key, b.value, b.options));
  },
  '/api/v1/secret/delete': (kvs, raw) => {
    kvs.delete(SECRET, parse(Bodies.del, raw).key);
    return done;
  },
  '/api/v1/entity/get': (kvs, raw) => {
    const b = parse(Bodies.entityGet, raw);
    return ok(kvs.get(entity(b.entityName), b.key, b.options?.metadataFields));
  },
  '/api/v1/entity/set': (kvs, raw) => {
    const b = parse(Bodies.entitySet, raw);
    return ok(kvs.set(entity(b.entityName), b.key, b.value, b.options));
  },
  '/api/v1/entity/delete': (kvs, raw) => {
    const b = parse(Bodies.entityDel, raw);
    kvs.delete(entity(b.entityName), b.key);
    return done;
  },
  '/api/v1/query': (kvs, raw) => {
    const b = parse(Bodies.query, raw);
    return ok(
      kvs.query({
        ...(b.limit === undefined ? {} : { limit: b.limit }),
        ...(b.after === undefined ? {} : { after: b.after }),
        ...(b.where === undefined ? {} : { where: b.where }),
        metadataFields: b.options?.metadataFields ?? [],
      }),
    );
  },
  '/api/v1/entity/query': (kvs, raw) => {
    const { options, ...b } = parse(Bodies.entityQuery, raw);
    return ok(kvs.queryEntity({ ...b, metadataFields: options?.metadataFields ?? [] }));
  },
  '/api/v1/batch/set': (kvs, raw) => ok(kvs.batchSet(parse(Bodies.batchSet, raw))),
  '/api/v1/batch/get': (kvs, raw) => ok(kvs.batchGet(parse(Bodies.batchGet, raw))),
  '/api/v1/batch/delete': (kvs, raw) => ok(kvs.batchDelete(parse(Bodies.batchDelete, raw))),
  '/api/v1/transaction': (kvs, raw) => {
    kvs.transact(parse(Bodies.transaction, raw));
    return done;
  },
};

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** Answers one KVS request; never throws for bad input (that is a 4xx answer, as from the service). */
export async function handleKvsRequest(
  kvs: LocalKvs,
  path: string,
  init: RequestInit | undefined,
): Promise<Response> {
  const route = ROUTES[path];
  if (route === undefined || (init?.method ?? 'GET').toUpperCase() !== 'POST') {
    return json(404, { code: 'NOT_FOUND', message: 'No such KVS operation' });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(typeof init?.body === 'string' ? init.body : '');
  } catch {
    return json(400, { code: 'BAD_REQUEST', message: 'Provided request body is invalid' });
  }
  try {
    const outcome = route(kvs, raw);
    if (outcome.body === undefined) return new Response(null, { status: outcome.status });
    return json(outcome.status, outcome.body);
  } catch (err) {
    if (err instanceof KvsServiceError) return json(err.status, { code: err.code, message: err.message });
    throw err;
  }
}
