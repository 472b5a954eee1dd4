import type { CallRecord } from '../../../../src/sandbox/sim/control-client';

/** Requests that change upstream state (everything but GETs and the two POST searches). */
export function isMutation(c: Pick<CallRecord, 'method' | 'path'>): boolean {
  if (c.method === 'GET') return false;
  return !c.path.endsWith('/users/search') && !c.path.endsWith('/get-scim-links-for-email');
}

/** A successful read of the account's state, as the proxy's snapshot reader makes it. */
function isStateRead(c: CallRecord): boolean {
  return c.status === 200 && (c.path.endsWith('/get-scim-links') || c.path.endsWith('/users/search'));
}

/**
 * Mutations sent more than once without the state read back in between, as `METHOD path` strings.
 * Empty when the proxy never repeated a mutation blindly.
 */
export function blindRepeats(calls: readonly CallRecord[]): string[] {
  const last = new Map<string, number>();
  const out: string[] = [];
  calls.forEach((c, i) => {
    if (!isMutation(c)) return;
    const key = `${c.method} ${c.path}`;
    const prev = last.get(key);
    if (prev !== undefined && !calls.slice(prev + 1, i).some(isStateRead)) out.push(key);
    last.set(key, i);
  });
  return out;
}

export function mutationCounts(calls: readonly CallRecord[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of calls.filter(isMutation))
    out[`${c.method} ${c.path}`] = (out[`${c.method} ${c.path}`] ?? 0) + 1;
  return out;
}
