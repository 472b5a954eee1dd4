import { createHash, randomBytes } from 'node:crypto';

/**
 * Deterministic identifiers. Everything the model creates derives its id from a hash of a stable
 * input (an email, a counter), never from time or Math.random, so two builds of a seed are identical.
 */

function hashHex(input: string): string {
  return createHash('sha256').update(input).digest('hex');
}

/** A UUID-shaped string derived from `input` (version nibble set to 5 for a name-based UUID). */
export function uuidFrom(input: string): string {
  const h = hashHex(input);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Atlassian account ids look like `712020:<uuid>`; derived from the lower-cased email and a salt. */
export function accountIdFor(email: string, salt = 0): string {
  const key = salt === 0 ? email.toLowerCase() : `${email.toLowerCase()}#${salt}`;
  return `712020:${uuidFrom(`aaid:${key}`)}`;
}

/** Random secrets for identity (keys and tokens). Only identity is random; the model never is. */
export function randomSecret(prefix: string, bytes = 24): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

export function randomUuid(): string {
  const h = randomBytes(16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Small, fast, seedable PRNG (mulberry32) for seeds and probabilistic faults. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
