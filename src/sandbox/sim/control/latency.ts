import type { FaultTarget, LatencyConfig, SimApi } from './schemas';

/** Fixed added latency per API family, for benchmarks. */
export class LatencyTable {
  private readonly delays = new Map<FaultTarget, number>();

  configure(config: LatencyConfig): void {
    this.delays.set(config.api, config.ms);
  }

  clear(): void {
    this.delays.clear();
  }

  delayFor(api: SimApi): number {
    return this.delays.get(api) ?? this.delays.get('all') ?? 0;
  }
}
