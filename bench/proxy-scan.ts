/**
 * The proxy's scan, paged the way the Forge scheduled trigger pages it: `limit` 100 until `nextCursor`
 * is null. Upstream calls are taken from each page's own `calls` list (the proxy's per-request record)
 * and checked against the simulator's log by the caller.
 */
import type { ApiFamily, OperationId } from '../src/atlassian';
import { OPERATIONS } from '../src/atlassian';
import type { Confidence, ScanItem } from '../src/contract/proxy';
import { emptyCounts, type FamilyCounts } from './call-tally';
import type { ProxyClient } from './proxy-client';

export const SCAN_PAGE_LIMIT = 100;

export interface ProxyScanResult {
  items: ScanItem[];
  pages: number;
  /** Upstream calls the proxy reported, per API family. */
  reportedCalls: FamilyCounts;
  byConfidence: Record<Confidence, number>;
  wallMs: number;
}

export class UnknownOperationError extends Error {
  override readonly name = 'UnknownOperationError';
  constructor(readonly operation: string) {
    super(`the proxy reported an upstream call of unknown operation "${operation}"`);
  }
}

export function familyOf(operation: string): ApiFamily {
  const op = (OPERATIONS as Record<string, { api: ApiFamily } | undefined>)[operation as OperationId];
  if (!op) throw new UnknownOperationError(operation);
  return op.api;
}

/**
 * Per-family counts of the calls that were sent. A dry run lists the calls it would make with a null
 * status; so would a request that died without any answer, which cannot happen here (no faults are
 * injected) and would show up as a disagreement with the simulator's log if it did.
 */
export function countSentCalls(
  calls: ReadonlyArray<{ operation: string; status: number | null }>,
): FamilyCounts {
  const counts = emptyCounts();
  for (const c of calls) if (c.status !== null) counts[familyOf(c.operation)] += 1;
  return counts;
}

export async function runProxyScan(proxy: ProxyClient): Promise<ProxyScanResult> {
  const started = performance.now();
  const items: ScanItem[] = [];
  const reportedCalls = emptyCounts();
  let pages = 0;
  let cursor: string | undefined;
  do {
    const page = await proxy.scanPage({ limit: SCAN_PAGE_LIMIT, ...(cursor ? { cursor } : {}) });
    pages += 1;
    items.push(...page.items);
    const counts = countSentCalls(page.calls);
    for (const f of Object.keys(counts) as ApiFamily[]) reportedCalls[f] += counts[f];
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const byConfidence: Record<Confidence, number> = { high: 0, medium: 0, low: 0 };
  for (const item of items) byConfidence[item.confidence] += 1;
  return { items, pages, reportedCalls, byConfidence, wallMs: performance.now() - started };
}
