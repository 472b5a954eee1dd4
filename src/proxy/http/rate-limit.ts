export interface TokenBucketOptions {
  /** Burst size: requests allowed at once from a full bucket. */
  capacity: number;
  /** Sustained rate. */
  refillPerSecond: number;
  /** Milliseconds; injectable so tests control time instead of sleeping. */
  now?: () => number;
  /** Bound on tracked callers; full buckets are dropped first since they carry no information. */
  maxKeys?: number;
}

export type TakeResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

/** Per-key token bucket: the proxy limits each actor separately so one noisy caller cannot starve others. */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly capacity: number;
  private readonly ratePerMs: number;
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(opts: TokenBucketOptions) {
    if (!(opts.capacity >= 1) || !(opts.refillPerSecond > 0)) {
      throw new RangeError('capacity must be >= 1 and refillPerSecond > 0');
    }
    this.capacity = opts.capacity;
    this.ratePerMs = opts.refillPerSecond / 1000;
    this.now = opts.now ?? Date.now;
    this.maxKeys = opts.maxKeys ?? 10_000;
  }

  take(key: string): TakeResult {
    const now = this.now();
    const bucket = this.refill(this.buckets.get(key) ?? { tokens: this.capacity, at: now }, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.store(key, bucket);
      return { allowed: true };
    }
    this.store(key, bucket);
    return { allowed: false, retryAfterSeconds: Math.ceil((1 - bucket.tokens) / this.ratePerMs / 1000) };
  }

  private refill(bucket: Bucket, now: number): Bucket {
    // A clock that steps backwards must not mint tokens or push the bucket negative.
    const elapsed = Math.max(0, now - bucket.at);
    return {
      tokens: Math.min(this.capacity, bucket.tokens + elapsed * this.ratePerMs),
      at: Math.max(now, bucket.at),
    };
  }

  private store(key: string, bucket: Bucket): void {
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size <= this.maxKeys) return;
    const now = this.now();
    for (const [k, b] of this.buckets) {
      if (this.buckets.size <= this.maxKeys) break;
      if (this.refill(b, now).tokens >= this.capacity) this.buckets.delete(k);
    }
    // Still too many: evict the least recently used (Map keeps insertion order; store re-inserts).
    for (const k of this.buckets.keys()) {
      if (this.buckets.size <= this.maxKeys) break;
      this.buckets.delete(k);
    }
  }
}
