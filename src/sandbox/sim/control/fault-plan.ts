import { mulberry32 } from '../ids';
import type { FaultConfig, FaultStep, FaultTarget, SimApi } from './schemas';

interface TargetPlan {
  queue: FaultStep[];
  draws?: { faults: Array<{ p: number; fault: FaultStep }>; next: () => number };
}

/**
 * Planned faults per API family. A sequence is consumed one step per matching request, in order;
 * a probability (or a mix of several) draws from its own seeded PRNG so a given seed always faults the
 * same requests.
 */
export class FaultPlan {
  private readonly plans = new Map<FaultTarget, TargetPlan>();

  configure(config: FaultConfig): void {
    const plan: TargetPlan = { queue: [...(config.sequence ?? [])] };
    if (config.probability) {
      plan.draws = {
        faults: [{ p: config.probability.p, fault: config.probability.fault }],
        next: mulberry32(config.probability.seed ?? 1),
      };
    }
    if (config.mix) plan.draws = { faults: config.mix.faults, next: mulberry32(config.mix.seed ?? 1) };
    this.plans.set(config.api, plan);
  }

  clear(): void {
    this.plans.clear();
  }

  /** The fault for the next request of `api`, if any; a family's own plan wins over 'all'. */
  take(api: SimApi): FaultStep | undefined {
    for (const target of [api, 'all'] as const) {
      const plan = this.plans.get(target);
      if (!plan) continue;
      const step = plan.queue.shift();
      if (step) return step;
    }
    for (const target of [api, 'all'] as const) {
      const draws = this.plans.get(target)?.draws;
      if (!draws) continue;
      const r = draws.next();
      let edge = 0;
      for (const f of draws.faults) {
        edge += f.p;
        if (r < edge) return f.fault;
      }
    }
    return undefined;
  }
}

export function describeFault(step: FaultStep): string {
  if ('drop' in step) return 'drop';
  if ('latencyMs' in step) return `latency:${step.latencyMs}`;
  return `status:${step.status}`;
}
