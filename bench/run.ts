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
import { auditStoreSection, withAuditStoreSection } from './audit-store/report-section';
import { runBaseline } from './baseline';
import { simulatorTally, type CallTally } from './call-tally';
import { BenchUsageError, parseBenchFlags, type MeasureOptions } from './flags';
import { withKeptSections } from './kept-sections';
import { ProxyClient } from './proxy-client';
import { startBenchProxy } from './proxy-harness';
import { runProxyScan } from './proxy-scan';
import { renderMarkdown, renderText } from './report';
import { describeMachine, loadResults, serializeResults, type BenchResults } from './results';
import { formatInt, formatMs } from './stats';
import { measureUnlocks } from './unlock-latency';
import { applyChurn } from './churn';
import { HOUR_MS, IncrementalScanner, type IncrementalRun } from './incremental-scan';
import type { LockedAccount } from './baseline';
import type { AtlassianClients } from '../src/atlassian';

/** Hourly rescans with the default 24 h verification window, as the Forge app runs them. */
const RESCAN_INTERVAL_MS = HOUR_MS;
const VERIFY_WINDOW_MS = 24 * HOUR_MS;
/** Share of the locked accounts that change between the first scan and the rescan, each way. */
const CHURN_FRACTION = 0.01;

function incrementalFigures(run: IncrementalRun, tally: CallTally) {
  return {
    calls: tally,
    pages: run.pages,
    verifyCalls: run.verifyCalls,
    candidates: run.candidates,
    verified: run.verified,
    rechecked: run.rechecked,
    reread: run.reread,
    cleared: run.cleared,
    flagged: run.flagged.length,
    wallMs: run.wallMs,
  };
}

/**
 * The incremental scan: a first scan, then churn (1 % of the locked accounts reactivated by the IdP and
 * as many newly locked), a rescan an hour later, and a rescan an hour after that with no change. Each
 * answer must equal the locked set known at that point (the baseline's, adjusted by the churn made),
 * and each call count must agree with the simulator's log.
 */
async function measureIncremental(
  control: SimControlClient,
  clients: AtlassianClients,
  proxy: ProxyClient,
  baselineLocked: readonly LockedAccount[],
  agreed: readonly string[],
) {
  const scanner = new IncrementalScanner(proxy, {
    intervalMs: RESCAN_INTERVAL_MS,
    windowMs: VERIFY_WINDOW_MS,
  });
  const t0 = Date.parse('2026-01-01T00:00:00.000Z');

  log('incremental scan: first scan…');
  await control.clearCalls();
  const first = await scanner.run(new Date(t0));
  const firstCalls = await simulatorTally(control, 'incremental first scan', first.reportedCalls);
  agreeOnLocked(agreed, first.flagged);
  log(
    `incremental first scan: ${formatInt(firstCalls.total)} calls, same ${formatInt(agreed.length)} accounts`,
  );

  log(`churn: ${CHURN_FRACTION * 100} % of the locked accounts reactivated, as many newly locked…`);
  const churn = await applyChurn(clients, baselineLocked, CHURN_FRACTION);
  await control.clearCalls();
  const rescan = await scanner.run(new Date(t0 + RESCAN_INTERVAL_MS));
  const rescanCalls = await simulatorTally(control, 'incremental rescan', rescan.reportedCalls);
  agreeOnLocked(churn.expected, rescan.flagged);
  log(`incremental rescan: ${formatInt(rescanCalls.total)} calls, same ${formatInt(churn.expected.length)}`);

  await control.clearCalls();
  const steady = await scanner.run(new Date(t0 + 2 * RESCAN_INTERVAL_MS));
  const steadyCalls = await simulatorTally(control, 'incremental steady rescan', steady.reportedCalls);
  agreeOnLocked(churn.expected, steady.flagged);
  log(`incremental steady rescan: ${formatInt(steadyCalls.total)} calls`);

  return {
    lockedAfterChurn: churn.expected,
    figures: {
      intervalHours: RESCAN_INTERVAL_MS / HOUR_MS,
      windowHours: VERIFY_WINDOW_MS / HOUR_MS,
      churn: { reactivated: churn.reactivated.length, newlyLocked: churn.newlyLocked.length },
      first: incrementalFigures(first, firstCalls),
      rescan: incrementalFigures(rescan, rescanCalls),
      steady: incrementalFigures(steady, steadyCalls),
    },
  };
}

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

    const incremental = await measureIncremental(control, clients, proxyClient, baseline.locked, locked);

    // Unlocks take accounts locked after the churn: the churn reactivated some of the first scan's.
    const toUnlock = incremental.lockedAfterChurn.slice(0, options.unlocks);
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
      incremental: incremental.figures,
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
  // Sections measured by other commands are carried over as they are: the incident bench's
  // and the audit store's (bench/incident/, bench/audit-store/, between markers) and the page weight
  // (`npm run size`, at the end).
  const existing = await readFile(path, 'utf8').catch(() => null);
  const rendered = withAuditStoreSection(
    withIncidentSection(renderMarkdown(results), incidentSection(existing ?? '')),
    auditStoreSection(existing ?? ''),
  );
  await writeFormatted(path, withKeptSections(rendered, existing));
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
