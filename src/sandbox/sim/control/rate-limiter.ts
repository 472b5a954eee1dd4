import type { FaultTarget, RateLimitConfig, SimApi } from './schemas';

export interface RateLimitDecision {
  limited: boolean;
  headers: Record<string, string>;
}

interface Window {
  config: RateLimitConfig;
  startedAt: number;
  used: number;
}

/**
 * Fixed-window limiter per API family. Uses the wall clock (injected) because clients under test
 * really wait for the window to pass; the model's clock is for timestamps only.
 */
export class RateLimiter {
  private readonly windows = new Map<FaultTarget, Window>();

  constructor(private readonly now: () => number = Date.now) {}

  configure(config: RateLimitConfig): void {
    this.windows.set(config.api, { config, startedAt: this.now(), used: 0 });
  }

  clear(): void {
    this.windows.clear();
  }

  check(api: SimApi): RateLimitDecision | undefined {
    const window = this.windows.get(api) ?? this.windows.get('all');
    if (!window) return undefined;
    const now = this.now();
    if (now - window.startedAt >= window.config.windowMs) {
      window.startedAt = now;
      window.used = 0;
    }
    const resetAt = window.startedAt + window.config.windowMs;
    const limited = window.used >= window.config.limit;
    if (!limited) window.used += 1;
    const headers: Record<string, string> = {
      'X-RateLimit-Limit': String(window.config.limit),
      'X-RateLimit-Remaining': String(Math.max(0, window.config.limit - window.used)),
      'X-RateLimit-Reset': new Date(resetAt).toISOString(),
    };
    if (limited && window.config.retryAfter) {
      headers['Retry-After'] = String(Math.max(1, Math.ceil((resetAt - now) / 1000)));
    }
    return { limited, headers };
  }
}
