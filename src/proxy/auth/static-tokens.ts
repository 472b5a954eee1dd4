import { createHash, timingSafeEqual } from 'node:crypto';
import type { Actor } from './actor';

export type StaticTokenAuthenticator = (presented: string) => Actor | null;

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Static bearer tokens (name → token). Tokens are compared as SHA-256 digests with timingSafeEqual:
 * equal-length inputs keep the comparison constant-time whatever length was presented, and every
 * configured token is compared so the time does not reveal which one (or whether any) matched.
 */
export function createStaticTokenAuthenticator(
  tokens: ReadonlyMap<string, string>,
): StaticTokenAuthenticator {
  const entries = [...tokens].map(([name, token]) => ({ name, digest: digest(token) }));
  return (presented) => {
    const candidate = digest(presented);
    let match: string | null = null;
    for (const entry of entries) {
      if (timingSafeEqual(candidate, entry.digest) && match === null) match = entry.name;
    }
    return match === null ? null : { kind: 'token', id: match };
  };
}
