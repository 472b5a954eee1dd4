import { AsyncLocalStorage } from 'node:async_hooks';

/** What a Forge module invocation is; decides the default and maximum run time (DAC "limits-invocation"). */
export type InvocationKind = 'resolver' | 'scheduledTrigger' | 'consumer' | 'function';

export const DEFAULT_TIMEOUT_MS: Record<InvocationKind, number> = {
  resolver: 25_000,
  scheduledTrigger: 55_000,
  consumer: 55_000,
  function: 55_000,
};

/** The platform's view of the invocation in progress; every __forge_fetch__ call reads it. */
export interface Invocation {
  id: string;
  kind: InvocationKind;
  /** The calling user, or null for app-initiated work (triggers, consumers, unauthenticated modules). */
  accountId: string | null;
  moduleKey: string;
  startedAt: number;
  deadline: number;
  /** The invocation a chain of queue events started from: Forge caps pushes per chain at 1000. */
  chainRootId: string;
}

const storage = new AsyncLocalStorage<Invocation>();

export function currentInvocation(): Invocation | undefined {
  return storage.getStore();
}

export function runInInvocation<T>(invocation: Invocation, fn: () => Promise<T>): Promise<T> {
  return storage.run(invocation, fn);
}
