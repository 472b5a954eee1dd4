/**
 * Unlock latency against round trips: each account is first unlocked as a dry run (reads only; the
 * steps list the calls it would make), then for real. One request at a time, with the simulator's
 * call log cleared before each, so every request's upstream calls are counted on their own and
 * checked against what the proxy reported.
 */
import type { SimControlClient } from '../src/sandbox/sim/control-client';
import { simulatorTally } from './call-tally';
import type { ProxyClient } from './proxy-client';
import { countSentCalls } from './proxy-scan';
import type { UnlockSample } from './results';

export class UnexpectedOutcomeError extends Error {
  override readonly name = 'UnexpectedOutcomeError';
  constructor(
    readonly accountId: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`unlock of ${accountId}: expected outcome ${expected}, got ${actual}`);
  }
}

const REASON = 'benchmark: SCIM-locked account from the scale seed';

export async function measureUnlocks(
  proxy: ProxyClient,
  control: SimControlClient,
  accountIds: readonly string[],
): Promise<UnlockSample[]> {
  const samples: UnlockSample[] = [];
  for (const accountId of accountIds) {
    await control.clearCalls();
    let t0 = performance.now();
    const dry = await proxy.unlock(accountId, { reason: REASON, dryRun: true });
    const dryRunMs = performance.now() - t0;
    if (dry.outcome !== 'planned') throw new UnexpectedOutcomeError(accountId, 'planned', dry.outcome);
    const dryTally = await simulatorTally(control, `dry-run unlock ${accountId}`, countSentCalls(dry.calls));

    await control.clearCalls();
    t0 = performance.now();
    const real = await proxy.unlock(accountId, { reason: REASON });
    const unlockMs = performance.now() - t0;
    if (real.outcome !== 'unlocked') throw new UnexpectedOutcomeError(accountId, 'unlocked', real.outcome);
    if (real.account?.accountStatus !== 'active') {
      throw new UnexpectedOutcomeError(
        accountId,
        'account active after unlock',
        String(real.account?.accountStatus),
      );
    }
    const tally = await simulatorTally(control, `unlock ${accountId}`, countSentCalls(real.calls));

    samples.push({
      accountId,
      dryRunMs,
      dryRunCalls: dryTally.total,
      plannedMutations: dry.steps.filter((s) => s.status === 'planned' && s.call !== null).length,
      unlockMs,
      unlockCalls: tally.total,
      mutations: real.steps.filter((s) => s.status === 'done' && s.call !== null).length,
      dryRunOperations: dry.calls.filter((c) => c.status !== null).map((c) => c.operation),
      unlockOperations: real.calls.map((c) => c.operation),
    });
  }
  return samples;
}
