/**
 * Upstream call counts seen from two sides: what the caller counted (its HTTP layer's call counter, or
 * the proxy's per-request call lists) and what the simulator logged. A benchmark that counts calls
 * must count them right, so the two are compared family by family and a disagreement stops the run.
 */
import type { ApiFamily } from '../src/atlassian';
import type { SimControlClient } from '../src/sandbox/sim/control-client';

export const FAMILIES = [
  'org',
  'scimLinks',
  'scim',
  'userManagement',
] as const satisfies readonly ApiFamily[];

export type FamilyCounts = Record<ApiFamily, number>;

export interface CallTally {
  total: number;
  byApi: FamilyCounts;
}

export class CallCountMismatchError extends Error {
  override readonly name = 'CallCountMismatchError';
  constructor(
    readonly phase: string,
    readonly client: FamilyCounts,
    readonly simulator: Record<string, number>,
  ) {
    super(
      `${phase}: the caller counted ${JSON.stringify(client)} upstream calls but the simulator logged ${JSON.stringify(simulator)}`,
    );
  }
}

export const emptyCounts = (): FamilyCounts => ({ org: 0, scimLinks: 0, scim: 0, userManagement: 0 });

/** The simulator's counters since the last clear, checked against the caller's own count. */
export async function simulatorTally(
  control: SimControlClient,
  phase: string,
  clientCounts: FamilyCounts,
): Promise<CallTally> {
  const { counters } = await control.calls();
  const byApi = emptyCounts();
  for (const [api, n] of Object.entries(counters)) {
    if (!(FAMILIES as readonly string[]).includes(api)) {
      // Only the admin APIs are in play; any other family (jira, keycloak) would be an unexpected call.
      throw new CallCountMismatchError(phase, clientCounts, counters);
    }
    byApi[api as ApiFamily] = n;
  }
  if (FAMILIES.some((f) => byApi[f] !== clientCounts[f])) {
    throw new CallCountMismatchError(phase, clientCounts, counters);
  }
  return { total: FAMILIES.reduce((s, f) => s + byApi[f], 0), byApi };
}
