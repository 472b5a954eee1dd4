/**
 * The adaptive limiter's decisions, pure: time and answers are inputs, the next state is the output, so
 * every rule is covered by a table-driven test (test/unit/atlassian/limit-decision.test.ts).
 *
 * Per API family the limiter keeps one of two pictures of Atlassian's budget:
 * - a window, when answers carry `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset`
 *   (the Org API sends them; spec/atlassian/organization.swagger.v3.2026-08-21.json, "Rate limit response
 *   headers"): sends left until the reset, spent evenly over the time left so the whole window is used
 *   and an interactive call never waits behind a burst;
 * - a rate (AIMD), when they don't (SCIM and user management publish no limit or headers): additive
 *   increase per answered call, multiplicative decrease on 429.
 * A 429 pauses the family for `Retry-After`, else until `X-RateLimit-Reset`, else a backoff.
 *
 * Lanes share the budget: `interactive` (lookups, single mutations) skips pacing and may use the last
 * `reserve` sends of a window; `scan` and `batch` are paced and leave that reserve alone, so a running
 * batch cannot starve a person waiting on a lookup.
 */
import { parseRateLimitReset, serverDirectedDelay, type HeaderSource } from './retry-policy';

export type Lane = 'interactive' | 'scan' | 'batch';
export const LANES: readonly Lane[] = ['interactive', 'scan', 'batch'];

export interface LimiterConfig {
  /** Pacing before anything is known, and the AIMD starting point. */
  initialRatePerSec: number;
  minRatePerSec: number;
  maxRatePerSec: number;
  /** Added to the rate per answered call (AIMD). */
  increasePerAnswer: number;
  /** Rate multiplier on 429 (AIMD). */
  decreaseFactor: number;
  /** Pause after a 429 that names no wait. */
  backoffMs: number;
  /** Sends of each window only the interactive lane may use. */
  reserve: number;
  /**
   * How far paced sends may catch up after falling behind (a late timer, a pause in demand): up to this
   * much of the pace is sent back to back. Without it every late wake-up is lost for good, and a busy
   * event loop would leave part of each window unused. The window count still caps every send.
   */
  catchUpMs: number;
}

export const DEFAULT_LIMITER_CONFIG: LimiterConfig = Object.freeze({
  initialRatePerSec: 10,
  minRatePerSec: 0.5,
  maxRatePerSec: 100,
  increasePerAnswer: 0.25,
  decreaseFactor: 0.5,
  backoffMs: 250,
  reserve: 1,
  catchUpMs: 250,
});

export interface RateWindow {
  limit: number;
  /** Sends left in this window, as far as we know (answers and our own sends both lower it). */
  remaining: number;
  resetAt: number;
  /** Length of a window, estimated when it was first seen (reset minus the time of that answer). */
  lengthMs: number;
  /** The reset passed and no answer has described the next window yet: one probe at a time. */
  stale: boolean;
}

export interface FamilyState {
  window: RateWindow | null;
  ratePerSec: number;
  pausedUntil: number;
  /** Earliest next paced send. */
  nextAt: number;
  inFlight: number;
  /** 429 answers seen, for reports. */
  limited: number;
}

export function initialFamilyState(config: LimiterConfig): FamilyState {
  return {
    window: null,
    ratePerSec: config.initialRatePerSec,
    pausedUntil: 0,
    nextAt: 0,
    inFlight: 0,
    limited: 0,
  };
}

export type Admission = { kind: 'go' } | { kind: 'wait'; untilMs: number | null };

/** The window after the clock passed its reset: full again, but its next reset is unknown. */
function refreshed(window: RateWindow, now: number): RateWindow {
  if (now < window.resetAt || window.stale) return window;
  return { ...window, remaining: window.limit, stale: true };
}

/** May a call of `lane` be sent now? `untilMs` null: wait for an answer (a probe is in flight). */
export function admit(state: FamilyState, lane: Lane, now: number, config: LimiterConfig): Admission {
  if (now < state.pausedUntil) return { kind: 'wait', untilMs: state.pausedUntil };
  const window = state.window ? refreshed(state.window, now) : null;
  if (window) {
    if (window.stale && state.inFlight > 0) return { kind: 'wait', untilMs: null };
    const floor = lane === 'interactive' ? 0 : config.reserve;
    if (window.remaining <= floor) {
      return window.stale ? { kind: 'wait', untilMs: null } : { kind: 'wait', untilMs: window.resetAt };
    }
  }
  if (lane !== 'interactive' && now < state.nextAt) return { kind: 'wait', untilMs: state.nextAt };
  return { kind: 'go' };
}

/** Paced spacing after a send: the sends left spread over the time left, or the AIMD rate. */
function spacingMs(
  state: FamilyState,
  window: RateWindow | null,
  now: number,
  config: LimiterConfig,
): number {
  if (window && !window.stale) {
    const usable = window.remaining - config.reserve;
    if (usable <= 0) return Math.max(0, window.resetAt - now);
    return Math.max(0, window.resetAt - now) / usable;
  }
  if (window && window.stale) return window.lengthMs / Math.max(1, window.limit);
  return 1000 / state.ratePerSec;
}

export function onSend(state: FamilyState, now: number, config: LimiterConfig): FamilyState {
  const current = state.window ? refreshed(state.window, now) : null;
  const window = current ? { ...current, remaining: Math.max(0, current.remaining - 1) } : null;
  return {
    ...state,
    window,
    inFlight: state.inFlight + 1,
    nextAt: Math.max(state.nextAt, now - config.catchUpMs) + spacingMs(state, window, now, config),
  };
}

export interface AnswerInput {
  status: number | 'network-error';
  headers?: HeaderSource;
}

function header(headers: HeaderSource | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof Headers !== 'undefined' && headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

const COUNT = /^\d+$/;

/** The window an answer describes, if it carries all three X-RateLimit headers in a form we trust. */
export function windowFromHeaders(
  headers: HeaderSource | undefined,
  now: number,
): { limit: number; remaining: number; resetAt: number } | null {
  const limit = header(headers, 'x-ratelimit-limit')?.trim();
  const remaining = header(headers, 'x-ratelimit-remaining')?.trim();
  const reset = parseRateLimitReset(header(headers, 'x-ratelimit-reset'), now);
  if (!limit || !remaining || !COUNT.test(limit) || !COUNT.test(remaining) || reset === undefined)
    return null;
  return { limit: Number(limit), remaining: Number(remaining), resetAt: now + reset };
}

// Reset times of one window, read from answers a few milliseconds apart, differ by rounding only.
const SAME_WINDOW_MS = 50;

export function onAnswer(
  state: FamilyState,
  answer: AnswerInput,
  now: number,
  config: LimiterConfig,
): FamilyState {
  const inFlight = Math.max(0, state.inFlight - 1);
  let window = state.window ? refreshed(state.window, now) : null;
  const seen = answer.status === 'network-error' ? null : windowFromHeaders(answer.headers, now);
  if (seen) {
    const sameWindow = window !== null && Math.abs(seen.resetAt - window.resetAt) <= SAME_WINDOW_MS;
    if (sameWindow && window) {
      window = { ...window, remaining: Math.min(window.remaining, seen.remaining), stale: false };
    } else if (seen.resetAt > (window?.resetAt ?? -Infinity)) {
      // A new window: calls still in flight may be counted in it already, so assume they are.
      window = {
        limit: seen.limit,
        remaining: Math.max(0, seen.remaining - inFlight),
        resetAt: seen.resetAt,
        lengthMs: Math.max(window?.lengthMs ?? 0, seen.resetAt - now),
        stale: false,
      };
    }
  } else if (window?.stale && answer.status !== 'network-error') {
    // The family stopped describing its window: fall back to the rate.
    window = null;
  }

  if (answer.status === 429) {
    // The window's own count (already merged above when the 429 carried it) says whether the window is
    // spent; a 429 without it is a pause, not proof that the rest of the window is gone.
    const directed = serverDirectedDelay(429, answer.headers, now)?.delayMs ?? config.backoffMs;
    return {
      ...state,
      window,
      inFlight,
      pausedUntil: Math.max(state.pausedUntil, now + directed),
      ratePerSec: Math.max(config.minRatePerSec, state.ratePerSec * config.decreaseFactor),
      limited: state.limited + 1,
    };
  }
  const answered = answer.status !== 'network-error' && answer.status < 500;
  return {
    ...state,
    window,
    inFlight,
    ratePerSec: answered
      ? Math.min(config.maxRatePerSec, state.ratePerSec + config.increasePerAnswer)
      : state.ratePerSec,
  };
}

/** Calls per second this family can sustain as far as we know, for time estimates. */
export function sustainableRate(state: FamilyState, config: LimiterConfig): number {
  const w = state.window;
  if (w && w.lengthMs > 0) return Math.max(0, w.limit - config.reserve) / (w.lengthMs / 1000);
  return state.ratePerSec;
}
