import { AsyncLocalStorage } from 'node:async_hooks';
import type { UpstreamCall } from '../../contract/proxy';
import type { UpstreamCallEvent } from '../../atlassian/http/call-counter';

/**
 * Attributes upstream HTTP attempts to the proxy request that caused them. The Atlassian HTTP layer is
 * shared by every request, so its single `onCall` hook cannot tell concurrent requests apart; an
 * AsyncLocalStorage scope opened around each operation can, because the attempt runs in that
 * operation's async context. Every attempt counts, retries included: that is what "calls" promises.
 */
export interface CallRecorder {
  /** Pass to the Atlassian HTTP layer (`http.onCall`). Attempts outside any scope are ignored. */
  onCall(event: UpstreamCallEvent): void;
  /** Runs `fn` in a fresh scope; `scope.calls` grows as upstream attempts complete. */
  run<T>(fn: (scope: CallScope) => Promise<T>): Promise<T>;
}

export interface CallScope {
  /** Attempts made so far in this scope, in completion order. */
  readonly calls: readonly RecordedCall[];
}

export interface RecordedCall extends UpstreamCall {
  operation: UpstreamCallEvent['operationId'];
}

export function createCallRecorder(): CallRecorder {
  const storage = new AsyncLocalStorage<RecordedCall[]>();
  return {
    onCall(event) {
      storage.getStore()?.push({
        operation: event.operationId,
        method: event.method as UpstreamCall['method'],
        path: event.path,
        status: event.status === 'network-error' ? null : event.status,
      });
    },
    run(fn) {
      const calls: RecordedCall[] = [];
      return storage.run(calls, () => fn({ calls }));
    },
  };
}
