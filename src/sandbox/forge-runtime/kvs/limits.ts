import { KvsServiceError } from '../errors';

/**
 * Forge hosted-storage limits (DAC "limits-kvs-ce", Dec 2025, and "Error handling for the Key-Value Store").
 * The limits page says object depth 31 while the error page says 32; the error page is what the service
 * answers with, so 32 is enforced.
 */
export const KVS_LIMITS = {
  maxKeyLength: 500,
  maxValueBytes: 240 * 1024,
  maxDepth: 32,
  defaultQueryLimit: 10,
  maxQueryLimit: 100,
  maxTransactionOperations: 25,
  maxBatchItems: 25,
  maxTtlMs: 365 * 86_400_000,
} as const;

// `\s-#` in Atlassian's published pattern is a literal "-" next to "#" (a class escape cannot start a range).
const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;

export function validateKey(key: unknown): string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new KvsServiceError(400, 'EMPTY_KEY', 'Key cannot be empty.');
  }
  if (key.length > KVS_LIMITS.maxKeyLength) {
    throw new KvsServiceError(
      400,
      'KEY_TOO_LONG',
      'The provided key has exceeded the maximum 500 characters.',
    );
  }
  if (!KEY_PATTERN.test(key)) {
    throw new KvsServiceError(
      400,
      'INVALID_KEY',
      'The provided key does not match the regex: /^(?!\\s+$)[a-zA-Z0-9:._\\s-#]+$/',
    );
  }
  return key;
}

/** Depth of nested objects/arrays: a scalar is 0, `{a: 1}` is 1, `{a: {b: 1}}` is 2. */
export function valueDepth(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let deepest = 0;
  for (const child of Object.values(value as Record<string, unknown>)) {
    const d = valueDepth(child);
    if (d > deepest) deepest = d;
    // Once the limit is exceeded the exact depth no longer matters; stop walking huge values.
    if (deepest > KVS_LIMITS.maxDepth) break;
  }
  return deepest + 1;
}

/** Checks a value as stored (it arrives JSON-encoded, so it is already plain JSON data). */
export function validateValue(value: unknown): void {
  if (value === undefined) {
    throw new KvsServiceError(400, 'BAD_REQUEST', 'Provided request body is invalid');
  }
  if (Buffer.byteLength(JSON.stringify(value), 'utf8') > KVS_LIMITS.maxValueBytes) {
    throw new KvsServiceError(400, 'MAX_SIZE', 'The provided value has exceeded the maximum size limit.');
  }
  if (valueDepth(value) > KVS_LIMITS.maxDepth) {
    throw new KvsServiceError(
      400,
      'MAX_DEPTH',
      'The provided value has exceeded the maximum object depth (32) limit.',
    );
  }
}

// The manifest schema's pattern (@forge/manifest): the name a deploy accepts is the name the store accepts.
const ENTITY_NAME_PATTERN = /^(?![_.-])(?!.*\.{2})[a-z0-9:\-_.]*(?<![.])$/;

/** Custom-entity names (DAC "Error handling for the Custom Entity Store"; manifest allows 3-60 chars). */
export function validateEntityName(name: unknown): string {
  if (typeof name !== 'string' || name.length < 3) {
    throw new KvsServiceError(
      400,
      'ENTITY_TYPE_TOO_SHORT',
      'The provided key needs to be more than 3 characters.',
    );
  }
  if (name.length > 60) {
    throw new KvsServiceError(
      400,
      'ENTITY_TYPE_TOO_LARGE',
      'The provided key has exceeded the maximum 60 characters.',
    );
  }
  if (!ENTITY_NAME_PATTERN.test(name)) {
    throw new KvsServiceError(400, 'INVALID_ENTITY_TYPE', 'The provided entity name is invalid.');
  }
  return name;
}
