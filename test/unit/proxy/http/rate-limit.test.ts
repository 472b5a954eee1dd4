import { TokenBucketLimiter } from '../../../../src/proxy/http/rate-limit';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('TokenBucketLimiter', () => {
  test('a full bucket allows a burst of `capacity`, then refuses with the wait until the next token', () => {
    const c = clock();
    const l = new TokenBucketLimiter({ capacity: 3, refillPerSecond: 0.5, now: c.now });
    expect([l.take('a'), l.take('a'), l.take('a')].every((r) => r.allowed)).toBe(true);
    expect(l.take('a')).toEqual({ allowed: false, retryAfterSeconds: 2 });
    c.advance(1000);
    expect(l.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    c.advance(1000);
    expect(l.take('a')).toEqual({ allowed: true });
  });

  test('each key has its own bucket', () => {
    const c = clock();
    const l = new TokenBucketLimiter({ capacity: 1, refillPerSecond: 1, now: c.now });
    expect(l.take('a').allowed).toBe(true);
    expect(l.take('a').allowed).toBe(false);
    expect(l.take('b').allowed).toBe(true);
  });

  test('refill never exceeds capacity', () => {
    const c = clock();
    const l = new TokenBucketLimiter({ capacity: 2, refillPerSecond: 10, now: c.now });
    l.take('a');
    c.advance(60_000);
    expect([l.take('a'), l.take('a'), l.take('a')].map((r) => r.allowed)).toEqual([true, true, false]);
  });

  test('a clock stepping backwards mints no tokens', () => {
    const c = clock();
    const l = new TokenBucketLimiter({ capacity: 1, refillPerSecond: 1, now: c.now });
    l.take('a');
    c.advance(-5000);
    expect(l.take('a').allowed).toBe(false);
  });

  test('the number of tracked keys stays bounded', () => {
    const c = clock();
    const l = new TokenBucketLimiter({ capacity: 1, refillPerSecond: 1, now: c.now, maxKeys: 2 });
    l.take('a');
    l.take('b');
    l.take('c');
    // 'a' was evicted (least recently used), so it starts again with a full bucket.
    expect(l.take('a').allowed).toBe(true);
    expect(l.take('c').allowed).toBe(false);
  });

  test.each([
    [0, 1],
    [1, 0],
    [1, -1],
  ])('rejects capacity %d, rate %d', (capacity, refillPerSecond) => {
    expect(() => new TokenBucketLimiter({ capacity, refillPerSecond })).toThrow(RangeError);
  });
});
