import { createHash } from 'node:crypto';

/**
 * Opaque page cursors: an offset bound to the query it came from, so a cursor replayed with other
 * filters is refused instead of silently paging through a different result.
 */

export function queryFingerprint(query: unknown): string {
  return createHash('sha256').update(JSON.stringify(query)).digest('base64url').slice(0, 12);
}

export function encodeCursor(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint })).toString('base64url');
}

/** The offset in a cursor, or undefined if the cursor is malformed or belongs to another query. */
export function decodeCursor(cursor: string, fingerprint: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { o, f } = parsed as { o?: unknown; f?: unknown };
    if (typeof o !== 'number' || !Number.isInteger(o) || o < 0 || f !== fingerprint) return undefined;
    return o;
  } catch {
    return undefined;
  }
}
