/**
 * `npm run bench`: the proxy's scan against the per-user SCIM lookups admins script today, and unlock
 * latency against its upstream round trips, on the simulator's `scale` seed with a fixed upstream
 * latency. Everything runs in this one process on loopback; see docs/benchmarks.md for the figures.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { createAtlassianClients } from '../src/atlassian';
import { SimControlClient } from '../src/sandbox/sim/control-client';
import { startSimulator } from '../src/sandbox/sim/server';
import { agreeOnLocked } from './agreement';
import { incidentSection, withIncidentSection } from './incident/report-section';
import { runBaseline } from './baseline';
import { simulatorTally } from './call-tally';
import { BenchUsageError, parseBenchFlags, type MeasureOptions } from './flags';
import { ProxyClient } from './proxy-client';
import { startBenchProxy } from './proxy-harness';
import { runProxyScan } from './proxy-scan';
import { renderMarkdown, renderText } from './report';
import { describeMachine, loadResults, serializeResults, type BenchResults } from './results';
import { formatInt, formatMs } from './stats';
import { measureUnlocks } from './unlock-latency';

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

async function bench(options: MeasureOptions, command: string): Promise<BenchResults> {
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
      baseline.locked.map((l) => l.accountId),
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
      baseline: {
        locked: baseline.locked.length,
        accountsSeen: baseline.accountsSeen,
        withoutEmail: baseline.withoutEmail,
        searchPages: baseline.searchPages,
        lookups: baseline.lookups,
        wallMs: baseline.wallMs,
        calls: baselineCalls,
      },
      proxy: {
        found: scan.items.length,
        pages: scan.pages,
        byConfidence: scan.byConfidence,
        wallMs: scan.wallMs,
        calls: scanCalls,
      },
      lockedAgreed: locked.length,
      unlocks,
    };
  } finally {
    await proxy.close();
    await sim.close();
  }
}

/** Written through the repository's Prettier settings, so `npm run lint` accepts the files as they are. */
async function writeFormatted(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const config = (await resolveConfig(path)) ?? {};
  await writeFile(path, await format(text, { ...config, filepath: path }));
}

async function writeReport(path: string, results: BenchResults): Promise<void> {
  // The incident bench's section (bench/incident/) is measured separately and kept as it is.
  const previous = await readFile(path, 'utf8').catch(() => '');
  await writeFormatted(path, withIncidentSection(renderMarkdown(results), incidentSection(previous)));
  log(`wrote ${path}`);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const cmd = parseBenchFlags(argv);
  if (cmd.kind === 'render') {
    const results = await loadResults(cmd.resultsPath);
    process.stdout.write(`${renderText(results)}\n`);
    await writeReport(cmd.reportPath, results);
    return;
  }
  const command = ['npm run bench', ...(argv.length > 0 ? ['--', ...argv] : [])].join(' ');
  const results = await bench(cmd.options, command);
  process.stdout.write(`${renderText(results)}\n`);
  if (cmd.resultsPath !== null) {
    await writeFormatted(cmd.resultsPath, serializeResults(results));
    log(`saved the figures to ${cmd.resultsPath}`);
  }
  if (cmd.reportPath !== null) await writeReport(cmd.reportPath, results);
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
