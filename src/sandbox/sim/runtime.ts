import { CallLog } from './control/call-log';
import { FaultPlan } from './control/fault-plan';
import { LatencyTable } from './control/latency';
import { RateLimiter } from './control/rate-limiter';
import type { SeedRequest } from './control/schemas';
import type { SimIdentity } from './identity';
import type { OrgModel } from './model/org-model';
import { buildSeed } from './seeds';
import type { UpstreamControls } from './upstream-chain';

/**
 * Everything one simulator process holds. Identity is fixed for the life of the process; the model
 * is rebuilt from a seed on reset; the controls (faults, limits, call log) belong to the process.
 */
export class SimRuntime {
  readonly controls: UpstreamControls = {
    calls: new CallLog(),
    faults: new FaultPlan(),
    rateLimiter: new RateLimiter(),
    latency: new LatencyTable(),
  };
  private current: OrgModel;
  private readonly resetHooks: Array<(seed: SeedRequest) => void> = [];

  constructor(
    readonly identity: SimIdentity,
    readonly initialSeed: SeedRequest,
  ) {
    this.current = buildSeed(initialSeed, identity);
  }

  get model(): OrgModel {
    return this.current;
  }

  /** Other parts of the simulator (Jira) reseed themselves when the org is reset. */
  onReset(hook: (seed: SeedRequest) => void): void {
    this.resetHooks.push(hook);
  }

  reset(seed: SeedRequest): void {
    this.current = buildSeed(seed, this.identity);
    for (const hook of this.resetHooks) hook(seed);
  }

  /** Key lookups for auth: which known credential, if any, a token is. */
  credentialOf(token: string): 'org' | { directoryId: string } | undefined {
    if (token === this.identity.org.apiKey) return 'org';
    const dir = this.identity.directories.find((d) => d.scimKey === token);
    return dir ? { directoryId: dir.id } : undefined;
  }
}
