/**
 * `npm run bench`: the proxy's scan against the per-user SCIM lookups admins script today, and unlock
 * latency against its upstream round trips, on the simulator's `scale` seed with a fixed upstream
 * latency. Everything runs in this one process on loopback; see docs/benchmarks.md for the figures.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createAtlassianClients } from '../src/atlassian';
import { SimControlClient } from '../src/sim/control-client';
import { startSimulator } from '../src/sim/server';
import { runBaseline, type LockedAccount } from './baseline';
import { simulatorTally } from './call-tally';
import { BenchUsageError, parseBenchFlags, type BenchOptions } from './flags';
import { ProxyClient } from './proxy-client';
import { startBenchProxy } from './proxy-harness';
import { runProxyScan } from './proxy-scan';
import { describeMachine, renderMarkdown, renderText, type BenchResults } from './report';
import { formatInt, formatMs } from './stats';
import { measureUnlocks } from './unlock-latency';

export class AnswersDifferError extends Error {
  override readonly name = 'AnswersDifferError';
  constructor(
    readonly onlyBaseline: readonly string[],
    readonly onlyProxy: readonly string[],
  ) {
    super(
      `the baseline and the proxy found different locked accounts: ${onlyBaseline.length} only in the baseline (e.g. ${onlyBaseline.slice(0, 3).join(', ')}), ${onlyProxy.length} only in the proxy scan (e.g. ${onlyProxy.slice(0, 3).join(', ')})`,
    );
  }
}

/** The two answers as sorted account ids; throws unless they are the same set. */
export function agreeOnLocked(baseline: readonly LockedAccount[], proxyIds: readonly string[]): string[] {
  const a = new Set(baseline.map((l) => l.accountId));
  const b = new Set(proxyIds);
  const onlyBaseline = [...a].filter((id) => !b.has(id)).sort();
  const onlyProxy = [...b].filter((id) => !a.has(id)).sort();
  if (
    onlyBaseline.length > 0 ||
    onlyProxy.length > 0 ||
    a.size !== baseline.length ||
    b.size !== proxyIds.length
  ) {
    throw new AnswersDifferError(onlyBaseline, onlyProxy);
  }
  return [...a].sort();
}

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

async function bench(options: BenchOptions, command: string): Promise<BenchResults> {
  const t0 = performance.now();
  const sim = await startSimulator({
    port: 0,
    seed: { seed: 'scale', accounts: options.accounts, inactiveFraction: options.inactiveFraction },
  });
  const seedMs = performance.now() - t0;
  const proxy = await startBenchProxy(sim);
  try {
    const control = new SimControlClient(sim.url, sim.identity.controlToken);
    log(`simulator ${sim.url} seeded with ${formatInt(options.accounts)} accounts in ${formatMs(seedMs)}`);
    await control.setLatency({ api: 'all', ms: options.latencyMs });

    const clients = createAtlassianClients({
      baseUrl: sim.url,
      orgId: sim.identity.org.id,
      orgApiKey: sim.identity.org.apiKey,
      scimKeys: Object.fromEntries(sim.identity.directories.map((d) => [d.id, d.scimKey])),
    });

    log(`baseline: per-user SCIM lookups, ${options.concurrency} in parallel…`);
    await control.clearCalls();
    const baseline = await runBaseline(clients, options.concurrency);
    const baselineCalls = await simulatorTally(control, 'baseline', clients.callCounter.snapshot().byApi);
    log(`baseline: ${formatInt(baselineCalls.total)} calls, ${formatMs(baseline.wallMs)}`);

    log(`proxy scan: ${proxy.url}, limit 100 per page…`);
    const proxyClient = new ProxyClient(proxy.url, proxy.token);
    await control.clearCalls();
    const scan = await runProxyScan(proxyClient);
    const scanCalls = await simulatorTally(control, 'proxy scan', scan.reportedCalls);
    log(`proxy scan: ${formatInt(scanCalls.total)} calls, ${formatMs(scan.wallMs)}`);

    const locked = agreeOnLocked(
      baseline.locked,
      scan.items.map((i) => i.account.accountId),
    );
    log(`both found the same ${formatInt(locked.length)} locked accounts`);

    const toUnlock = locked.slice(0, options.unlocks);
    log(`unlocking ${toUnlock.length} accounts through the proxy (dry run, then for real)…`);
    const unlocks = await measureUnlocks(proxyClient, control, toUnlock);

    return {
      options,
      command,
      date: new Date().toISOString(),
      machine: describeMachine(),
      seedMs,
      proxyScanConcurrency: proxy.scanConcurrency,
      unlinkMethod: proxy.unlinkMethod,
      baseline: { ...baseline, calls: baselineCalls },
      proxy: { ...scan, calls: scanCalls },
      lockedAgreed: locked.length,
      unlocks,
    };
  } finally {
    await proxy.close();
    await sim.close();
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = parseBenchFlags(argv);
  const command = ['npm run bench', ...(argv.length > 0 ? ['--', ...argv] : [])].join(' ');
  const results = await bench(options, command);
  process.stdout.write(`${renderText(results)}\n`);
  if (options.reportPath !== null) {
    await mkdir(dirname(options.reportPath), { recursive: true });
    await writeFile(options.reportPath, renderMarkdown(results));
    log(`wrote ${options.reportPath}`);
  }
}

main().catch((err: unknown) => {
  if (err instanceof BenchUsageError) {
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(
    `[bench] failed: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}\n`,
  );
  process.exitCode = 1;
});
