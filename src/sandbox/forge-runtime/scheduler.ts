import type { Clock } from './clock';
import { ForgeRuntimeError } from './errors';

/** The manifest's `scheduledTrigger.interval` values. */
export type TriggerInterval = 'fiveMinute' | 'hour' | 'day' | 'week';

export const INTERVAL_MS: Record<TriggerInterval, number> = {
  fiveMinute: 5 * 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
};

export type TriggerHandler = (event: unknown, context: unknown) => unknown;

export interface TriggerRun {
  key: string;
  outcome: 'ok' | 'error';
  /** The thrown error's name and message (Forge records it; it does not retry). */
  error?: string;
}

/** Runs a trigger handler as a platform invocation of the module `key`. */
export type RunTrigger = (key: string, handler: TriggerHandler) => Promise<unknown>;

interface Registered {
  handler: TriggerHandler;
  intervalMs: number;
  nextDue: number;
}

/**
 * Scheduled triggers on an injectable clock. A trigger is first due one interval after registration,
 * then on that grid; `tick(now)` runs every due trigger once (missed slots are not caught up, as on
 * Forge) in registration order. Return values are ignored and errors are reported, not retried
 * (DAC "manifest-reference/modules/scheduled-trigger").
 */
export class LocalScheduler {
  private readonly triggers = new Map<string, Registered>();

  constructor(
    private readonly clock: Clock,
    private readonly run: RunTrigger,
  ) {}

  registerTrigger(key: string, handler: TriggerHandler, opts: { interval?: TriggerInterval } = {}): void {
    if (this.triggers.has(key)) {
      throw new ForgeRuntimeError('DUPLICATE_REGISTRATION', `Trigger '${key}' is already registered`, {
        key,
      });
    }
    const intervalMs = INTERVAL_MS[opts.interval ?? 'hour'];
    this.triggers.set(key, { handler, intervalMs, nextDue: this.clock.now() + intervalMs });
  }

  /** When each trigger is next due (ms since the epoch). */
  nextDue(key: string): number {
    return this.get(key).nextDue;
  }

  async runNow(key: string): Promise<TriggerRun> {
    return this.invoke(key, this.get(key));
  }

  async tick(now: number = this.clock.now()): Promise<TriggerRun[]> {
    const runs: TriggerRun[] = [];
    for (const [key, t] of this.triggers) {
      if (t.nextDue > now) continue;
      t.nextDue += Math.floor((now - t.nextDue) / t.intervalMs + 1) * t.intervalMs;
      runs.push(await this.invoke(key, t));
    }
    return runs;
  }

  private get(key: string): Registered {
    const t = this.triggers.get(key);
    if (t === undefined)
      throw new ForgeRuntimeError('UNKNOWN_TRIGGER', `No trigger registered as '${key}'`, { key });
    return t;
  }

  private async invoke(key: string, t: Registered): Promise<TriggerRun> {
    try {
      await this.run(key, t.handler);
      return { key, outcome: 'ok' };
    } catch (err) {
      return {
        key,
        outcome: 'error',
        error: err instanceof Error ? `${err.name}: ${err.message}` : 'non-Error thrown',
      };
    }
  }
}
