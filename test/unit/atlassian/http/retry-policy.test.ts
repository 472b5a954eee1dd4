import {
  backoffDelay,
  computeRetryDelay,
  parseRateLimitReset,
  parseRetryAfter,
  type RetryDecision,
  type RetryInput,
  type RetryPolicy,
} from '../../../../src/atlassian/http/retry-policy';

// A whole second so HTTP-dates (second resolution) give exact deltas.
const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const httpDate = (offsetMs: number): string => new Date(NOW + offsetMs).toUTCString();
const iso = (offsetMs: number): string => new Date(NOW + offsetMs).toISOString();

const policy: RetryPolicy = { maxAttempts: 4, maxElapsedMs: 60_000, baseDelayMs: 500, maxDelayMs: 30_000 };

function input(overrides: Partial<RetryInput>): RetryInput {
  return { attempt: 1, status: 503, now: NOW, elapsedMs: 0, policy, random: () => 0.5, ...overrides };
}

describe('computeRetryDelay', () => {
  const cases: Array<[string, Partial<RetryInput>, RetryDecision]> = [
    [
      'Retry-After delta-seconds',
      { status: 429, headers: { 'Retry-After': '7' } },
      { kind: 'retry', delayMs: 7000, basis: 'retry-after' },
    ],
    [
      'Retry-After zero',
      { status: 429, headers: { 'retry-after': '0' } },
      { kind: 'retry', delayMs: 0, basis: 'retry-after' },
    ],
    [
      'Retry-After HTTP date in the future',
      { status: 429, headers: { 'retry-after': httpDate(12_000) } },
      { kind: 'retry', delayMs: 12_000, basis: 'retry-after' },
    ],
    [
      'Retry-After HTTP date in the past means now',
      { status: 503, headers: { 'retry-after': httpDate(-90_000) } },
      { kind: 'retry', delayMs: 0, basis: 'retry-after' },
    ],
    [
      'Retry-After on a 503 is honoured',
      { status: 503, headers: { 'retry-after': '3' } },
      { kind: 'retry', delayMs: 3000, basis: 'retry-after' },
    ],
    [
      'Retry-After beats X-RateLimit-Reset',
      { status: 429, headers: { 'retry-after': '2', 'x-ratelimit-reset': iso(20_000) } },
      { kind: 'retry', delayMs: 2000, basis: 'retry-after' },
    ],
    [
      'X-RateLimit-Reset ISO-8601 on 429',
      { status: 429, headers: { 'X-RateLimit-Reset': iso(4_500) } },
      { kind: 'retry', delayMs: 4500, basis: 'rate-limit-reset' },
    ],
    [
      'X-RateLimit-Reset with offset',
      { status: 429, headers: { 'x-ratelimit-reset': '2026-11-20T13:00:05+01:00' } },
      { kind: 'retry', delayMs: 5000, basis: 'rate-limit-reset' },
    ],
    [
      'X-RateLimit-Reset in the past means now',
      { status: 429, headers: { 'x-ratelimit-reset': iso(-5_000) } },
      { kind: 'retry', delayMs: 0, basis: 'rate-limit-reset' },
    ],
    [
      'X-RateLimit-Reset ignored on a 5xx',
      { status: 500, headers: { 'x-ratelimit-reset': iso(9_000) } },
      { kind: 'retry', delayMs: 250, basis: 'backoff' },
    ],
    [
      'malformed Retry-After falls back to reset',
      { status: 429, headers: { 'retry-after': 'soon', 'x-ratelimit-reset': iso(1_000) } },
      { kind: 'retry', delayMs: 1000, basis: 'rate-limit-reset' },
    ],
    [
      'negative Retry-After is malformed',
      { status: 429, headers: { 'retry-after': '-5' } },
      { kind: 'retry', delayMs: 250, basis: 'backoff' },
    ],
    [
      'fractional Retry-After is malformed',
      { status: 429, headers: { 'retry-after': '1.5' } },
      { kind: 'retry', delayMs: 250, basis: 'backoff' },
    ],
    [
      'epoch-seconds reset is malformed (ISO expected)',
      { status: 429, headers: { 'x-ratelimit-reset': '1795000000' } },
      { kind: 'retry', delayMs: 250, basis: 'backoff' },
    ],
    [
      'no headers: backoff with full jitter',
      { status: 502 },
      { kind: 'retry', delayMs: 250, basis: 'backoff' },
    ],
    [
      'network error: backoff',
      { status: 'network-error', attempt: 2 },
      { kind: 'retry', delayMs: 500, basis: 'backoff' },
    ],
    [
      'network error ignores headers',
      { status: 'network-error', headers: { 'retry-after': '9' } },
      { kind: 'retry', delayMs: 250, basis: 'backoff' },
    ],
    ['504 is retryable', { status: 504, attempt: 3 }, { kind: 'retry', delayMs: 1000, basis: 'backoff' }],
    ['400 is not retryable', { status: 400 }, { kind: 'give-up', why: 'not-retryable' }],
    [
      '404 is not retryable',
      { status: 404, headers: { 'retry-after': '1' } },
      { kind: 'give-up', why: 'not-retryable' },
    ],
    ['501 is not retryable', { status: 501 }, { kind: 'give-up', why: 'not-retryable' }],
    ['attempt limit reached', { status: 503, attempt: 4 }, { kind: 'give-up', why: 'attempts-exhausted' }],
    [
      'attempt limit beats headers',
      { status: 429, attempt: 4, headers: { 'retry-after': '1' } },
      { kind: 'give-up', why: 'attempts-exhausted' },
    ],
    [
      'server wait above the per-wait cap',
      { status: 429, headers: { 'retry-after': '31' } },
      { kind: 'give-up', why: 'server-wait-too-long', delayMs: 31_000 },
    ],
    [
      'server wait at the cap is honoured',
      { status: 429, headers: { 'retry-after': '30' } },
      { kind: 'retry', delayMs: 30_000, basis: 'retry-after' },
    ],
    [
      'wait would overrun the elapsed budget',
      { status: 429, elapsedMs: 55_000, headers: { 'retry-after': '6' } },
      { kind: 'give-up', why: 'elapsed-budget', delayMs: 6000 },
    ],
    [
      'wait exactly fills the elapsed budget',
      { status: 429, elapsedMs: 54_000, headers: { 'retry-after': '6' } },
      { kind: 'retry', delayMs: 6000, basis: 'retry-after' },
    ],
    [
      'backoff would overrun the elapsed budget',
      { status: 503, elapsedMs: 59_900 },
      { kind: 'give-up', why: 'elapsed-budget', delayMs: 250 },
    ],
  ];

  it.each(cases)('%s', (_name, overrides, expected) => {
    expect(computeRetryDelay(input(overrides))).toEqual(expected);
  });

  it('accepts a Headers instance', () => {
    const headers = new Headers({ 'Retry-After': '4' });
    expect(computeRetryDelay(input({ status: 429, headers }))).toEqual({
      kind: 'retry',
      delayMs: 4000,
      basis: 'retry-after',
    });
  });
});

describe('backoffDelay', () => {
  const cases: Array<[number, number, number]> = [
    // attempt, random, expected
    [1, 0, 0],
    [1, 0.999999, 499],
    [2, 0.5, 500],
    [3, 0.5, 1000],
    [4, 0.25, 1000],
    // ceiling capped at maxDelayMs from attempt 7 (500·2^6 = 32 000 > 30 000)
    [7, 0.5, 15_000],
    [60, 0.999999, 29_999],
    // out-of-range random values are clamped into the jitter window
    [2, 1.5, 1000],
    [2, -1, 0],
  ];
  it.each(cases)('attempt %d with random %d → %d ms', (attempt, r, expected) => {
    expect(backoffDelay(attempt, policy, () => r)).toBe(expected);
  });

  it('stays within [0, min(cap, base·2^(n-1))] for many draws', () => {
    let seed = 42;
    const lcg = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      for (let i = 0; i < 200; i += 1) {
        const d = backoffDelay(attempt, policy, lcg);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(ceiling);
      }
    }
  });
});

describe('header parsers', () => {
  const retryAfter: Array<[string | undefined, number | undefined]> = [
    [undefined, undefined],
    ['', undefined],
    ['120', 120_000],
    [' 5 ', 5000],
    [httpDate(1000), 1000],
    ['Fri, 20 Nov 2026 12:00:00 UTC', undefined], // not IMF-fixdate (GMT required)
    ['2026-11-20T12:00:10Z', undefined], // ISO is not a Retry-After form
    ['99999999999999999999', undefined],
  ];
  it.each(retryAfter)('Retry-After %p → %p', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  const reset: Array<[string | undefined, number | undefined]> = [
    [undefined, undefined],
    [iso(2000), 2000],
    ['2026-11-20T12:00:03Z', 3000],
    ['2026-11-20T12:00:03.500Z', 3500],
    ['2026-11-20 12:00:03', undefined],
    ['2026-13-45T99:99:99Z', undefined],
    [httpDate(1000), undefined],
  ];
  it.each(reset)('X-RateLimit-Reset %p → %p', (value, expected) => {
    expect(parseRateLimitReset(value, NOW)).toBe(expected);
  });
});
