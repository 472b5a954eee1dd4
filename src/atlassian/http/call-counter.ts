/**
 * Counts upstream HTTP attempts per API family and operation. Benchmarks and the UI report these
 * numbers ("this unlock made 7 upstream calls"), so every attempt counts, retries included.
 */
import type { ApiFamily, OperationId } from '../operations';

export interface UpstreamCallEvent {
  operationId: OperationId;
  api: ApiFamily;
  method: string;
  /** Path with parameters filled in, without the query string. */
  path: string;
  status: number | 'network-error';
  /** 1-based attempt number within one `call`. */
  attempt: number;
  durationMs: number;
}

export interface CallCounts {
  total: number;
  /** Attempts after the first within a call. */
  retries: number;
  byApi: Record<ApiFamily, number>;
  byOperation: Partial<Record<OperationId, number>>;
}

export interface CallCounter {
  onCall: (event: UpstreamCallEvent) => void;
  snapshot: () => CallCounts;
  reset: () => void;
}

const emptyByApi = (): Record<ApiFamily, number> => ({ org: 0, scim: 0, scimLinks: 0, userManagement: 0 });

export function createCallCounter(): CallCounter {
  let total = 0;
  let retries = 0;
  let byApi = emptyByApi();
  let byOperation: Partial<Record<OperationId, number>> = {};
  return {
    onCall(event) {
      total += 1;
      if (event.attempt > 1) retries += 1;
      byApi[event.api] += 1;
      byOperation[event.operationId] = (byOperation[event.operationId] ?? 0) + 1;
    },
    snapshot: () => ({ total, retries, byApi: { ...byApi }, byOperation: { ...byOperation } }),
    reset() {
      total = 0;
      retries = 0;
      byApi = emptyByApi();
      byOperation = {};
    },
  };
}
