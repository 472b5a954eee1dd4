import { __getRuntime } from '@forge/api';

/**
 * How long the current invocation has left, so long work (a scan) stops in time and continues through
 * the queue instead of being killed mid-write. The clock is injected: Forge's own in production, a
 * stepping one in tests.
 */
export interface InvocationClock {
  remainingMs(): number;
}

/**
 * Forge's remaining time for this invocation (the manifest's `timeoutSeconds`). Should the runtime not
 * say, the answer is 0: every invocation still does one unit of work and hands the rest to the queue.
 */
export const forgeInvocationClock: InvocationClock = {
  remainingMs: () => {
    try {
      const ms = __getRuntime().lambdaContext.getRemainingTimeInMillis();
      return Number.isFinite(ms) ? ms : 0;
    } catch {
      return 0;
    }
  },
};

/**
 * Time kept back for the writes after the last unit and the queue hand-off: a fifth of the invocation,
 * at least 5 s and at most 60 s.
 */
export function reserveFor(initialRemainingMs: number): number {
  return Math.min(60_000, Math.max(5_000, initialRemainingMs / 5));
}

/**
 * Decides, before each unit of work (one candidate page, one verify batch), whether another one fits:
 * at least one always runs (so every invocation makes progress), and another starts only while the time
 * left exceeds the reserve plus twice the longest unit seen so far in this invocation.
 */
export class InvocationBudget {
  #units = 0;
  #longestMs = 0;
  #lastRemaining: number | null = null;

  #reserveMs: number | null = null;

  constructor(private readonly clock: InvocationClock) {}

  /** True when another unit may start; call once before each unit. */
  next(): boolean {
    const remaining = this.clock.remainingMs();
    this.#reserveMs ??= reserveFor(remaining);
    if (this.#lastRemaining !== null) {
      this.#longestMs = Math.max(this.#longestMs, this.#lastRemaining - remaining);
    }
    if (this.#units > 0 && remaining < this.#reserveMs + 2 * this.#longestMs) return false;
    this.#units++;
    this.#lastRemaining = remaining;
    return true;
  }

  get units(): number {
    return this.#units;
  }
}
