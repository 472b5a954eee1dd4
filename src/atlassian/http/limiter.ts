/**
 * One adaptive limiter for every upstream call a process makes, shared through the HTTP layer
 * (create-http.ts asks it before each attempt and tells it each answer). The decisions are in
 * limit-decision.ts; this file only queues callers and wakes them.
 *
 * The lane of a call comes from the async context (`runInLane`), so the clients need no parameter for
 * it: the proxy opens a `batch` or `scan` lane around that work and everything else is `interactive`.
 * Waiters are served interactive first, then scan and batch in turn, so neither background lane can
 * starve the other.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ApiFamily } from '../operations';
import {
  admit,
  DEFAULT_LIMITER_CONFIG,
  initialFamilyState,
  onAnswer,
  onSend,
  sustainableRate,
  type AnswerInput,
  type FamilyState,
  type Lane,
  type LimiterConfig,
} from './limit-decision';

export type { Lane } from './limit-decision';

const laneStorage = new AsyncLocalStorage<Lane>();

/** Runs `fn` with every upstream call inside it counted in `lane`. */
export function runInLane<T>(lane: Lane, fn: () => Promise<T>): Promise<T> {
  return laneStorage.run(lane, fn);
}

export function currentLane(): Lane {
  return laneStorage.getStore() ?? 'interactive';
}

export interface LimiterFamilyView {
  api: ApiFamily;
  /** Calls per second the limiter believes this family sustains. */
  ratePerSec: number;
  /** Window limit and length when the family describes its window; null otherwise. */
  window: { limit: number; lengthMs: number } | null;
  limited: number;
  waiting: Record<Lane, number>;
}

export interface UpstreamLimiter {
  /** Resolves when a call of `api` may be sent in the current lane; rejects if `signal` aborts first. */
  acquire(api: ApiFamily, signal?: AbortSignal): Promise<void>;
  /** Reports the answer of a call acquired before (status, or a network error). */
  settle(api: ApiFamily, answer: AnswerInput): void;
  view(): LimiterFamilyView[];
}

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

export interface AdaptiveLimiterOptions {
  config?: Partial<LimiterConfig>;
  now?: () => number;
}

const FAMILIES: readonly ApiFamily[] = ['org', 'scim', 'scimLinks', 'userManagement'];

export function createAdaptiveLimiter(options: AdaptiveLimiterOptions = {}): UpstreamLimiter {
  const config: LimiterConfig = { ...DEFAULT_LIMITER_CONFIG, ...options.config };
  const now = options.now ?? Date.now;
  const families = new Map<
    ApiFamily,
    {
      state: FamilyState;
      queues: Record<Lane, Waiter[]>;
      timer: NodeJS.Timeout | null;
      timerAt: number;
      turn: 'scan' | 'batch';
    }
  >();
  const family = (api: ApiFamily) => {
    let f = families.get(api);
    if (!f) {
      f = {
        state: initialFamilyState(config),
        queues: { interactive: [], scan: [], batch: [] },
        timer: null,
        timerAt: 0,
        turn: 'scan',
      };
      families.set(api, f);
    }
    return f;
  };

  function order(f: ReturnType<typeof family>): Lane[] {
    const other = f.turn === 'scan' ? 'batch' : 'scan';
    return ['interactive', f.turn, other];
  }

  function pump(api: ApiFamily): void {
    const f = family(api);
    let earliest: number | null = null;
    for (;;) {
      const lane = order(f).find((l) => f.queues[l].length > 0);
      if (lane === undefined) break;
      const t = now();
      const decision = admit(f.state, lane, t, config);
      if (decision.kind === 'wait') {
        // A paced background lane must not hold up an interactive caller that may go now; the order
        // already puts interactive first, so waiting here means nobody may go.
        earliest = decision.untilMs;
        break;
      }
      const waiter = f.queues[lane].shift()!;
      if (lane !== 'interactive') f.turn = lane === 'scan' ? 'batch' : 'scan';
      f.state = onSend(f.state, t, config);
      if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve();
    }
    if (earliest !== null && (f.timer === null || earliest < f.timerAt)) {
      if (f.timer) clearTimeout(f.timer);
      f.timerAt = earliest;
      f.timer = setTimeout(
        () => {
          f.timer = null;
          pump(api);
        },
        Math.max(0, earliest - now()),
      );
    }
  }

  return {
    acquire(api, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      const lane = currentLane();
      const f = family(api);
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = { resolve, reject, ...(signal ? { signal } : {}) };
        if (signal) {
          waiter.onAbort = () => {
            const queue = f.queues[lane];
            const i = queue.indexOf(waiter);
            if (i >= 0) queue.splice(i, 1);
            reject(signal.reason);
          };
          signal.addEventListener('abort', waiter.onAbort, { once: true });
        }
        f.queues[lane].push(waiter);
        pump(api);
      });
    },
    settle(api, answer) {
      const f = family(api);
      f.state = onAnswer(f.state, answer, now(), config);
      pump(api);
    },
    view() {
      return FAMILIES.map((api) => {
        const f = family(api);
        const w = f.state.window;
        return {
          api,
          ratePerSec: sustainableRate(f.state, config),
          window: w ? { limit: w.limit, lengthMs: w.lengthMs } : null,
          limited: f.state.limited,
          waiting: {
            interactive: f.queues.interactive.length,
            scan: f.queues.scan.length,
            batch: f.queues.batch.length,
          },
        };
      });
    },
  };
}
