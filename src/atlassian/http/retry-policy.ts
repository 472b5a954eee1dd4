/**
 * When to retry an idempotent upstream call, and how long to wait first. Pure: time and randomness
 * are inputs, so every branch is covered by a table-driven test.
 *
 * Order of preference for the wait (docs/atlassian-admin-apis.md §5): the server's `Retry-After`
 * (delta-seconds or HTTP-date), then — for 429 only — the Org API's `X-RateLimit-Reset` (ISO-8601),
 * else exponential backoff with full jitter. A server-directed wait is honoured exactly: waiting less
 * would only earn another 429, so when it exceeds the per-wait cap the call gives up instead.
 */

export interface RetryPolicy {
  /** Total attempts including the first (1 = never retry). */
  maxAttempts: number;
  /** Budget for the whole call, attempts and waits together; a wait that would overrun it gives up. */
  maxElapsedMs: number;
  /** First backoff ceiling; doubles per attempt. */
  baseDelayMs: number;
  /** Largest single wait, backoff or server-directed. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 4,
  maxElapsedMs: 60_000,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
});

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

export type RetryBasis = 'retry-after' | 'rate-limit-reset' | 'backoff';

export type RetryDecision =
  | { kind: 'retry'; delayMs: number; basis: RetryBasis }
  | {
      kind: 'give-up';
      why: 'not-retryable' | 'attempts-exhausted' | 'elapsed-budget' | 'server-wait-too-long';
      /** The wait that was refused, when one was computed. */
      delayMs?: number;
    };

export interface RetryInput {
  /** The attempt that just failed, 1-based. */
  attempt: number;
  /** HTTP status of that attempt, or a network-level failure (reset, refused, timeout). */
  status: number | 'network-error';
  /** Response headers (absent for network errors). Names are matched case-insensitively. */
  headers?: HeaderSource;
  /** Current time, ms since epoch. */
  now: number;
  /** Time already spent on this call (all attempts and waits so far). */
  elapsedMs: number;
  policy: RetryPolicy;
  /** Uniform in [0, 1). */
  random: () => number;
}

export type HeaderSource = Headers | Record<string, string | undefined>;

function header(headers: HeaderSource | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof Headers !== 'undefined' && headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

// RFC 9110 §10.2.3: delay-seconds is 1*DIGIT. Anything else (negative, fractional) is not it.
const DELTA_SECONDS = /^\d+$/;
// RFC 9110 §5.6.7 IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT". Obsolete formats are rare enough
// from Atlassian's gateways to fall back to backoff.
const IMF_FIXDATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Milliseconds to wait according to `Retry-After`, or undefined when absent or malformed. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (DELTA_SECONDS.test(v)) {
    const seconds = Number(v);
    return Number.isSafeInteger(seconds) ? seconds * 1000 : undefined;
  }
  if (IMF_FIXDATE.test(v)) {
    const at = Date.parse(v);
    // A date in the past means "now".
    return Number.isNaN(at) ? undefined : Math.max(0, at - now);
  }
  return undefined;
}

/** Milliseconds until `X-RateLimit-Reset` (ISO-8601 UTC on the Org API), or undefined. */
export function parseRateLimitReset(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (!ISO_8601.test(v)) return undefined;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The server-directed wait for a response, if it gave one we understand. */
export function serverDirectedDelay(
  status: number,
  headers: HeaderSource | undefined,
  now: number,
): { delayMs: number; basis: Exclude<RetryBasis, 'backoff'> } | undefined {
  const retryAfter = parseRetryAfter(header(headers, 'retry-after'), now);
  if (retryAfter !== undefined) return { delayMs: retryAfter, basis: 'retry-after' };
  // The reset time describes the rate-limit window; on a 5xx it says nothing about recovery.
  if (status === 429) {
    const reset = parseRateLimitReset(header(headers, 'x-ratelimit-reset'), now);
    if (reset !== undefined) return { delayMs: reset, basis: 'rate-limit-reset' };
  }
  return undefined;
}

/** "Full jitter" (AWS architecture blog): uniform in [0, min(cap, base·2^(attempt-1))]. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const exponent = Math.max(0, attempt - 1);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(exponent, 30));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * ceiling);
}

export function computeRetryDelay(input: RetryInput): RetryDecision {
  const { attempt, status, headers, now, elapsedMs, policy, random } = input;
  if (status !== 'network-error' && !RETRYABLE_STATUSES.has(status)) {
    return { kind: 'give-up', why: 'not-retryable' };
  }
  if (attempt >= policy.maxAttempts) return { kind: 'give-up', why: 'attempts-exhausted' };

  const directed = status === 'network-error' ? undefined : serverDirectedDelay(status, headers, now);
  let decision: { delayMs: number; basis: RetryBasis };
  if (directed) {
    if (directed.delayMs > policy.maxDelayMs) {
      return { kind: 'give-up', why: 'server-wait-too-long', delayMs: directed.delayMs };
    }
    decision = directed;
  } else {
    decision = { delayMs: backoffDelay(attempt, policy, random), basis: 'backoff' };
  }

  if (elapsedMs + decision.delayMs > policy.maxElapsedMs) {
    return { kind: 'give-up', why: 'elapsed-budget', delayMs: decision.delayMs };
  }
  return { kind: 'retry', ...decision };
}
