/**
 * The model's clock. Timestamps come from here, never from Date.now(), so a seed built twice is
 * identical; every mutation ticks it forward one second so events keep their order.
 */
export const SIM_EPOCH = '2026-11-02T09:00:00.000Z';

export class SimClock {
  private ms: number;

  constructor(startIso: string = SIM_EPOCH) {
    this.ms = Date.parse(startIso);
  }

  nowIso(): string {
    return new Date(this.ms).toISOString();
  }

  /** Advances by `ms` (default one second) and returns the new time. */
  tick(ms = 1000): string {
    this.ms += ms;
    return this.nowIso();
  }

  set(iso: string): void {
    this.ms = Date.parse(iso);
  }
}
