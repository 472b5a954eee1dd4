import { kvs, WhereConditions, ForgeKvsAPIError } from '@forge/kvs';
import type { z } from 'zod';
import { StorageError } from './errors';

/**
 * The only module that touches Forge storage. It owns the key layout, checks every key and value against
 * Forge's KVS limits before a request is made (a rejected write must never leave half of an action
 * stored), and parses every value it reads with the caller's schema.
 *
 * Key layout (prefix queries return keys in ascending order; ids embed an inverted time so the newest
 * record comes first):
 *   settings                                   Settings
 *   scan:state                                 ScanState
 *   scan:run:<runId>                           ScanRun
 *   scan:known:<accountId>                     KnownCandidate — what the incremental scan verified, when
 *   post:<accountId>:<episode>                 PostClaim — one Jira issue per flag episode
 *   posted-issue:<issueId>                     PostedIssue — the account an issue the scan posted is about
 *   incident:<directoryId>:<fromMs>            IncidentRecord — the members an incident issue speaks for
 *   incident-lock:<directoryId>                IncidentLock — one scan posts a directory's incidents at once
 *   request-open:<accountId>                   OpenRequestClaim — at most one open request per account
 *   request-lock:<requestId>                   RequestLock — one approve/deny/join at a time (short ttl)
 *   request-by:<accountId>:<requesterId>       RequesterPointer — the request a person last asked for
 *   idp:state                                  IdpSyncState — the last IdP offboarding run
 *   idp:lock                                   IdpLock — one IdP sync at a time (ttl past the timeout)
 *   idp:exec:<runId>:<hop>                     one execution per invocation of a run, even if its event arrives twice
 *   batch:current                              CurrentBatchPointer — the latest batch run an admin started
 *   batch:run:<batchId>                        BatchRecord — who started a batch run, when, from where
 *   batch:open:<batchId>                       BatchRecord (copy) — runs whose completion is not done yet
 *   batch:completion:<batchId>                 BatchCompletion — flags resolved, issues commented
 *   batch:completion-lock:<batchId>            one completion step at a time (short ttl)
 *   batch:finished:<batchId>                   claimed once per batch: its `batch-finished` audit line
 *   relock:watch:<accountId>                   RelockWatchEntry — an account unlocked through the app, watched
 *
 * Flags, audit entries, request records and their counts are custom entities (entity-store.ts;
 * src/forge/flags/flag-store.ts, counters.ts), so the admin page pages, filters and sorts them server-side.
 */

export const KEYS = {
  settings: 'settings',
  scanState: 'scan:state',
  scanRun: (runId: string) => `scan:run:${runId}`,
  knownPrefix: 'scan:known:',
  known: (accountId: string) => `scan:known:${accountId}`,
  postClaim: (accountId: string, episode: string) => `post:${accountId}:${episode}`,
  postedIssue: (issueId: string) => `posted-issue:${issueId}`,
  incidentPrefix: 'incident:',
  incident: (key: string) => `incident:${key}`,
  incidentLock: (directoryId: string) => `incident-lock:${directoryId}`,
  openRequest: (accountId: string) => `request-open:${accountId}`,
  requestLock: (id: string) => `request-lock:${id}`,
  requesterRequest: (accountId: string, requesterId: string) => `request-by:${accountId}:${requesterId}`,
  idpState: 'idp:state',
  idpLock: 'idp:lock',
  idpExec: (runId: string, hop: number) => `idp:exec:${runId}:${hop}`,
  currentBatch: 'batch:current',
  batchRun: (batchId: string) => `batch:run:${batchId}`,
  openBatchPrefix: 'batch:open:',
  openBatch: (batchId: string) => `batch:open:${batchId}`,
  batchCompletion: (batchId: string) => `batch:completion:${batchId}`,
  batchCompletionLock: (batchId: string) => `batch:completion-lock:${batchId}`,
  batchFinished: (batchId: string) => `batch:finished:${batchId}`,
  relockWatchPrefix: 'relock:watch:',
  relockWatch: (accountId: string) => `relock:watch:${accountId}`,
} as const;

/** Forge KVS limits (DAC limits-kvs-ce): key ≤ 500 characters of this alphabet; value ≤ 240 KiB; depth 31. */
export const KEY_MAX_LENGTH = 500;
export const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;
export const VALUE_MAX_BYTES = 240 * 1024;
export const VALUE_MAX_DEPTH = 31;
export const QUERY_MAX_LIMIT = 100;

export function checkKey(key: string): void {
  if (key.length === 0 || key.length > KEY_MAX_LENGTH || !KEY_PATTERN.test(key)) {
    throw new StorageError('A storage key is not valid.', { keyLength: key.length });
  }
}

function depthOf(value: unknown, level = 0): number {
  if (level > VALUE_MAX_DEPTH) return level;
  if (value === null || typeof value !== 'object') return level;
  let max = level + 1;
  for (const child of Object.values(value)) max = Math.max(max, depthOf(child, level + 1));
  return max;
}

export function checkValue(value: unknown): void {
  const json = JSON.stringify(value);
  if (json === undefined) throw new StorageError('A storage value is not serialisable.');
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > VALUE_MAX_BYTES) {
    throw new StorageError('A storage value is larger than Forge allows.', { bytes, max: VALUE_MAX_BYTES });
  }
  if (depthOf(value) > VALUE_MAX_DEPTH) throw new StorageError('A storage value is nested too deeply.');
}

/** Storage failures keep their KVS code (e.g. RATE_LIMIT_EXCEEDED) but never the value or the key. */
function wrap(err: unknown, operation: string): never {
  if (err instanceof StorageError) throw err;
  if (err instanceof ForgeKvsAPIError) {
    throw new StorageError(`Storage refused the ${operation}.`, {
      code: err.code,
      status: err.responseDetails.status,
    });
  }
  throw new StorageError(`Storage could not complete the ${operation}.`);
}

export interface Entry<T> {
  key: string;
  value: T;
}

export interface QueryPage<T> {
  items: Array<Entry<T>>;
  nextCursor: string | null;
}

export const repository = {
  async get<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined> {
    checkKey(key);
    let raw: unknown;
    try {
      raw = await kvs.get<unknown>(key);
    } catch (err) {
      wrap(err, 'read');
    }
    if (raw === undefined || raw === null) return undefined;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new StorageError('A stored record is damaged or from an unknown version.');
    return parsed.data;
  },

  /** `ttlSeconds`: the record expires (a lock renewed by its holder). */
  async set<T>(key: string, value: T, ttlSeconds?: number): Promise<void> {
    checkKey(key);
    checkValue(value);
    try {
      await kvs.set(
        key,
        value,
        ttlSeconds === undefined ? undefined : { ttl: { value: ttlSeconds, unit: 'SECONDS' as const } },
      );
    } catch (err) {
      wrap(err, 'write');
    }
  },

  /**
   * Writes only when the key is absent; true when this call created it. The claim is atomic in KVS, so of
   * two concurrent callers exactly one wins. A refusal is confirmed by reading the key back, so an
   * unrelated storage failure is reported as such instead of passing for "someone else holds it".
   */
  async claim<T>(key: string, value: T, ttlSeconds?: number): Promise<boolean> {
    checkKey(key);
    checkValue(value);
    try {
      await kvs.set(key, value, {
        keyPolicy: 'FAIL_IF_EXISTS',
        ...(ttlSeconds === undefined ? {} : { ttl: { value: ttlSeconds, unit: 'SECONDS' as const } }),
      });
      return true;
    } catch (err) {
      if (err instanceof ForgeKvsAPIError) {
        let existing: unknown;
        try {
          existing = await kvs.get<unknown>(key);
        } catch (readErr) {
          wrap(readErr, 'read');
        }
        if (existing !== undefined) return false;
      }
      wrap(err, 'write');
    }
  },

  async delete(key: string): Promise<void> {
    checkKey(key);
    try {
      await kvs.delete(key);
    } catch (err) {
      wrap(err, 'delete');
    }
  },

  /**
   * One page of the records under a prefix. Records that fail their schema are skipped rather than
   * failing the whole page: one damaged entry must not hide every other one from an admin.
   */
  async query<T>(
    prefix: string,
    schema: z.ZodType<T>,
    opts: { cursor?: string | undefined; limit: number },
  ): Promise<QueryPage<T>> {
    checkKey(prefix);
    const limit = Math.min(Math.max(1, opts.limit), QUERY_MAX_LIMIT);
    let page: { results: Array<{ key: string; value: unknown }>; nextCursor?: string };
    try {
      let q = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(limit);
      if (opts.cursor !== undefined) q = q.cursor(opts.cursor);
      page = await q.getMany<unknown>();
    } catch (err) {
      wrap(err, 'query');
    }
    const items: Array<Entry<T>> = [];
    for (const r of page.results) {
      const parsed = schema.safeParse(r.value);
      if (parsed.success) items.push({ key: r.key, value: parsed.data });
    }
    return { items, nextCursor: page.nextCursor ?? null };
  },

  /** Every record under a prefix, in pages; bounded so a runaway store cannot spin a function forever. */
  async *scanAll<T>(prefix: string, schema: z.ZodType<T>, maxPages = 1000): AsyncGenerator<Entry<T>> {
    let cursor: string | undefined;
    for (let i = 0; i < maxPages; i++) {
      const page = await repository.query(prefix, schema, { cursor, limit: QUERY_MAX_LIMIT });
      yield* page.items;
      if (page.nextCursor === null) return;
      cursor = page.nextCursor;
    }
  },
};

export type Repository = typeof repository;
