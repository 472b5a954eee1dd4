import { randomBytes } from 'node:crypto';

/**
 * Ids and key fragments that sort newest first. KVS prefix queries return keys in ascending order, so a
 * key built from the inverted timestamp lists the newest record first without any index.
 */
const MAX_TIME = 9_999_999_999_999;

export function invertedTime(at: Date): string {
  const ms = at.getTime();
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_TIME) throw new RangeError('time out of range');
  return String(MAX_TIME - ms).padStart(13, '0');
}

/** Six lowercase base-36 characters: enough to keep ids of the same millisecond apart. */
export function randomSuffix(): string {
  const bytes = randomBytes(6);
  let out = '';
  for (const b of bytes) out += (b % 36).toString(36);
  return out;
}

export const newRequestId = (at: Date): string => `r${invertedTime(at)}${randomSuffix()}`;
export const newScanRunId = (at: Date): string => `s${invertedTime(at)}${randomSuffix()}`;
export const newAuditId = (at: Date): string => `${invertedTime(at)}${randomSuffix()}`;
export const newIdpRunId = (at: Date): string => `i${invertedTime(at)}${randomSuffix()}`;
