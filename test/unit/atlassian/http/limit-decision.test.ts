import {
  admit,
  initialFamilyState,
  onAnswer,
  onSend,
  sustainableRate,
  windowFromHeaders,
  type Admission,
  type FamilyState,
  type Lane,
  type LimiterConfig,
} from '../../../../src/atlassian/http/limit-decision';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const iso = (offsetMs: number): string => new Date(NOW + offsetMs).toISOString();
const config: LimiterConfig = {
  initialRatePerSec: 10,
  minRatePerSec: 0.5,
  maxRatePerSec: 100,
  increasePerAnswer: 0.25,
  decreaseFactor: 0.5,
  backoffMs: 1_000,
  reserve: 1,
  catchUpMs: 250,
};
const base = initialFamilyState(config);
const windowed = (remaining: number, resetIn: number, extra: Partial<FamilyState> = {}): FamilyState => ({
  ...base,
  window: { limit: 100, remaining, resetAt: NOW + resetIn, lengthMs: 60_000, stale: false },
  ...extra,
});
const rl = (limit: number, remaining: number, resetIn: number) => ({
  'X-RateLimit-Limit': String(limit),
  'X-RateLimit-Remaining': String(remaining),
  'X-RateLimit-Reset': iso(resetIn),
});

describe('admit', () => {
  const cases: Array<[string, FamilyState, Lane, Admission]> = [
    ['nothing known: go', base, 'batch', { kind: 'go' }],
    [
      'paused after a 429: every lane waits',
      { ...base, pausedUntil: NOW + 500 },
      'interactive',
      { kind: 'wait', untilMs: NOW + 500 },
    ],
    [
      'paced background lane waits for its slot',
      { ...base, nextAt: NOW + 80 },
      'batch',
      { kind: 'wait', untilMs: NOW + 80 },
    ],
    ['interactive skips pacing', { ...base, nextAt: NOW + 80 }, 'interactive', { kind: 'go' }],
    ['window with sends left: go', windowed(10, 5_000), 'scan', { kind: 'go' }],
    ['the reserve is interactive only', windowed(1, 5_000), 'batch', { kind: 'wait', untilMs: NOW + 5_000 }],
    ['interactive may use the reserve', windowed(1, 5_000), 'interactive', { kind: 'go' }],
    [
      'exhausted window: interactive waits for the reset',
      windowed(0, 5_000),
      'interactive',
      { kind: 'wait', untilMs: NOW + 5_000 },
    ],
    ['reset passed: one probe may go', windowed(0, -1), 'batch', { kind: 'go' }],
    [
      'reset passed, probe in flight: wait for its answer',
      windowed(0, -1, { inFlight: 1 }),
      'batch',
      { kind: 'wait', untilMs: null },
    ],
  ];
  test.each(cases)('%s', (_name, state, lane, expected) => {
    expect(admit(state, lane, NOW, config)).toEqual(expected);
  });
});

describe('onSend', () => {
  test.each([
    ['rate pacing spaces sends by 1/rate', { ...base, nextAt: NOW }, NOW + 100, undefined],
    ['after idle time, at most catchUpMs of sends go back to back', base, NOW - 250 + 100, undefined],
    ['a late wake-up is caught up, not lost', { ...base, nextAt: NOW - 40 }, NOW + 60, undefined],
    [
      'window pacing spreads the usable sends over the time left',
      windowed(11, 1_000, { nextAt: NOW }),
      NOW + 1_000 / 9,
      9,
    ],
  ] as const)('%s', (_name, state, nextAt, remainingAfter) => {
    const after = onSend(state, NOW, config);
    expect(after.inFlight).toBe(1);
    expect(after.nextAt).toBeCloseTo(nextAt, 5);
    if (remainingAfter !== undefined) expect(after.window?.remaining).toBe(remainingAfter + 1);
  });
});

describe('onAnswer', () => {
  test('first headers describe a new window; calls still in flight are assumed counted', () => {
    const after = onAnswer(
      { ...base, inFlight: 3 },
      { status: 200, headers: rl(100, 90, 60_000) },
      NOW,
      config,
    );
    expect(after.window).toEqual({
      limit: 100,
      remaining: 88,
      resetAt: NOW + 60_000,
      lengthMs: 60_000,
      stale: false,
    });
    expect(after.inFlight).toBe(2);
  });
  test('the same window keeps the lower of our count and the server’s', () => {
    const after = onAnswer(windowed(40, 30_000), { status: 200, headers: rl(100, 45, 30_010) }, NOW, config);
    expect(after.window?.remaining).toBe(40);
  });
  test('a 429 with Retry-After pauses the family and halves the rate', () => {
    const after = onAnswer(base, { status: 429, headers: { 'Retry-After': '3' } }, NOW, config);
    expect(after).toMatchObject({ pausedUntil: NOW + 3_000, ratePerSec: 5, limited: 1 });
  });
  test('a 429 without Retry-After waits for X-RateLimit-Reset and empties the window', () => {
    const after = onAnswer(windowed(5, 2_000), { status: 429, headers: rl(100, 0, 2_000) }, NOW, config);
    expect(after.pausedUntil).toBe(NOW + 2_000);
    expect(after.window?.remaining).toBe(0);
  });
  test('a bare 429 pauses but keeps the window count (it is no proof the window is spent)', () => {
    const after = onAnswer(windowed(50, 2_000), { status: 429 }, NOW, config);
    expect(after.pausedUntil).toBe(NOW + 1_000);
    expect(after.window?.remaining).toBe(50);
  });
  test('a bare 429 backs off', () => {
    expect(onAnswer(base, { status: 429 }, NOW, config).pausedUntil).toBe(NOW + 1_000);
  });
  test.each([
    ['200 raises the rate additively', 200, 10.25],
    ['404 is an answer too', 404, 10.25],
    ['503 leaves the rate alone', 503, 10],
    ['network error leaves the rate alone', 'network-error', 10],
  ] as const)('%s', (_name, status, rate) => {
    expect(onAnswer(base, { status }, NOW, config).ratePerSec).toBe(rate);
  });
  test('the rate is bounded both ways', () => {
    expect(onAnswer({ ...base, ratePerSec: 100 }, { status: 200 }, NOW, config).ratePerSec).toBe(100);
    expect(onAnswer({ ...base, ratePerSec: 0.6 }, { status: 429 }, NOW, config).ratePerSec).toBe(0.5);
  });
  test('a stale window answered without headers falls back to the rate', () => {
    const stale = windowed(0, -1);
    expect(onAnswer(stale, { status: 200 }, NOW, config).window).toBeNull();
  });
});

describe('windowFromHeaders', () => {
  test.each([
    ['all three', rl(200, 7, 1_000), { limit: 200, remaining: 7, resetAt: NOW + 1_000 }],
    ['reset as epoch seconds is not trusted', { ...rl(200, 7, 0), 'X-RateLimit-Reset': '1767225600' }, null],
    ['a missing header', { 'X-RateLimit-Limit': '200', 'X-RateLimit-Reset': iso(1) }, null],
    ['a negative count', { ...rl(200, 7, 1_000), 'X-RateLimit-Remaining': '-1' }, null],
  ] as const)('%s', (_name, headers, expected) => {
    expect(windowFromHeaders(headers, NOW)).toEqual(expected);
  });
});

test('sustainable rate: the window without its reserve, else the AIMD rate', () => {
  expect(sustainableRate(windowed(50, 1_000), config)).toBeCloseTo(99 / 60, 5);
  expect(sustainableRate(base, config)).toBe(10);
});
