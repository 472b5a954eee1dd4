/**
 * `npm run bench:incident`: a 1,000-account SCIM incident on the simulator's scale seed with its rate
 * limiter on (the documented profile, src/sandbox/sim/control/rate-limit-profiles.ts, windows shrunk by
 * `--time-scale`), recovered three ways:
 *
 * 1. one batch through POST /v1/batches (the proxy's shared limiter paces it);
 * 2. the same 1,000 by a sequential loop over POST /v1/accounts/{id}/unlock (the way a script would);
 * 3. the batch again under injected faults (20 % 429, 10 % 5xx, 5 % dropped connections on every
 *    family, mutations included) with one proxy restart mid-batch.
 *
 * Figures: throughput as a fraction of what the limit allows (the bottleneck family's window over the
 * calls one account needs of it, counted from the simulator's call log), share of calls answered 429,
 * wall time; for the fault run: accounts applied twice (a successful mutation sent twice to one path),
 * lost (not reported or still `pending`/`started`), and audit lines against attempts.
 * Prints a JSON summary on stdout; progress on stderr. Not part of `npm test`.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { format, resolveConfig } from 'prettier';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { BatchAccountsPage, BatchStatus, UnlockResponse } from '../../src/contract/proxy';
import { loadConfig, type ProxyConfig } from '../../src/proxy/config';
import { startProxy, type StartedProxy } from '../../src/proxy/main';
import { SimControlClient } from '../../src/sandbox/sim/control-client';
import { documentedRateLimits, PROXY_FAMILIES } from '../../src/sandbox/sim/control/rate-limit-profiles';
import type { CallRecord } from '../../src/sandbox/sim/control/schemas';
import { startSimulator, type RunningSimulator } from '../../src/sandbox/sim/server';
import { renderIncidentSection, type IncidentSummary } from './render';
import { withIncidentSection } from './report-section';

const log = (msg: string) => process.stderr.write(`[incident] ${msg}\n`);

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '1000' },
    'seed-accounts': { type: 'string', default: '2500' },
    'inactive-fraction': { type: 'string', default: '0.5' },
    'time-scale': { type: 'string', default: '8' },
    concurrency: { type: 'string', default: '16' },
    'skip-sequential': { type: 'boolean', default: false },
    'skip-faults': { type: 'boolean', default: false },
    /** Leave docs/benchmarks.md alone (print the summary only). */
    'print-only': { type: 'boolean', default: false },
    /** Re-render the section from a saved summary without measuring. */
    'render-from': { type: 'string' },
  },
});
const REPORT_PATH = 'docs/benchmarks.md';

async function writeSection(summary: IncidentSummary): Promise<void> {
  const previous = await readFile(REPORT_PATH, 'utf8');
  const text = withIncidentSection(previous, renderIncidentSection(summary));
  const config = (await resolveConfig(REPORT_PATH)) ?? {};
  await writeFile(REPORT_PATH, await format(text, { ...config, filepath: REPORT_PATH }));
  log(`wrote the incident section of ${REPORT_PATH}`);
}
const INCIDENT = Number(values.accounts);
const SEED = Number(values['seed-accounts']);
const TIME_SCALE = Number(values['time-scale']);
const INACTIVE = Number(values['inactive-fraction']);
const CONCURRENCY = Number(values.concurrency);
const LIMITS = documentedRateLimits({ timeScale: TIME_SCALE });

interface Bench {
  sim: RunningSimulator;
  control: SimControlClient;
  config: ProxyConfig;
  token: string;
  dir: string;
  proxy: StartedProxy;
}

async function startProxyFor(config: ProxyConfig): Promise<StartedProxy> {
  return startProxy(config, {
    port: 0,
    logDestination: pino.destination({ dest: '/dev/null', sync: true }),
    auditStdout: pino.destination('/dev/null'),
    limits: { rateLimit: { capacity: 100_000, refillPerSecond: 100_000 } },
    batchConcurrency: CONCURRENCY,
  });
}

async function setup(): Promise<Bench> {
  const sim = await startSimulator({
    port: 0,
    seed: { seed: 'scale', accounts: SEED, inactiveFraction: INACTIVE },
  });
  const control = new SimControlClient(sim.url, sim.identity.controlToken);
  const dir = await mkdtemp(join(tmpdir(), 'scim-unlock-incident-'));
  const token = 'incident-bench-token-0123456789abcdefghij';
  const config = loadConfig({
    ATLASSIAN_ORG_ID: sim.identity.org.id,
    ATLASSIAN_ORG_API_KEY: sim.identity.org.apiKey,
    ATLASSIAN_API_BASE_URL: sim.url,
    SCIM_DIRECTORY_KEYS: JSON.stringify(
      Object.fromEntries(sim.identity.directories.map((d) => [d.id, d.scimKey])),
    ),
    PROXY_API_TOKENS: JSON.stringify({ bench: token }),
    AUDIT_LOG_FILE: join(dir, 'audit.jsonl'),
  });
  return { sim, control, config, token, dir, proxy: await startProxyFor(config) };
}

async function call(b: Bench, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${b.proxy.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${b.token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as unknown;
}

async function lockedAccounts(b: Bench): Promise<string[]> {
  const state = (await b.control.state()) as {
    accounts: Array<{ accountId: string; accountStatus: string; linked: boolean }>;
  };
  const locked = state.accounts.filter((a) => a.accountStatus === 'inactive' && a.linked);
  if (locked.length < INCIDENT) throw new Error(`the seed has only ${locked.length} locked accounts`);
  return locked.slice(0, INCIDENT).map((a) => a.accountId);
}

async function reseed(b: Bench): Promise<void> {
  await b.control.reset({ seed: 'scale', accounts: SEED, inactiveFraction: INACTIVE });
  await b.control.clearFaults();
  for (const c of LIMITS) await b.control.setRateLimit(c);
  await b.control.clearCalls();
}

interface CallFigures {
  total: number;
  byApi: Record<string, number>;
  limited: number;
  faulted: number;
  limitedShare: number;
}

function callFigures(calls: readonly CallRecord[]): CallFigures {
  const byApi: Record<string, number> = {};
  let limited = 0;
  let faulted = 0;
  for (const c of calls) {
    byApi[c.api] = (byApi[c.api] ?? 0) + 1;
    if (c.fault === 'rateLimit') limited += 1;
    else if (c.fault !== undefined) faulted += 1;
  }
  return { total: calls.length, byApi, limited, faulted, limitedShare: limited / Math.max(1, calls.length) };
}

/**
 * Accounts per second the limit allows for this mix of calls: each family's window rate over the calls
 * one account made of it (429s included, since they spend nothing but cost a round trip), the lowest.
 */
function allowedAccountsPerSec(
  byApi: Record<string, number>,
  accounts: number,
): { rate: number; bottleneck: string } {
  let best = { rate: Infinity, bottleneck: 'none' };
  for (const limit of LIMITS) {
    const perAccount = (byApi[limit.api] ?? 0) / accounts;
    if (perAccount === 0) continue;
    const rate = limit.limit / (limit.windowMs / 1000) / perAccount;
    if (rate < best.rate) best = { rate, bottleneck: limit.api };
  }
  return best;
}

async function waitForBatch(
  b: Bench,
  id: string,
  onProgress?: (s: BatchStatus) => Promise<boolean>,
): Promise<BatchStatus> {
  for (;;) {
    const status = BatchStatus.parse(await call(b, 'GET', `/v1/batches/${id}`));
    if (status.state === 'done' || status.state === 'cancelled') return status;
    if (onProgress && (await onProgress(status))) continue;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function allResults(b: Bench, id: string) {
  const out: BatchAccountsPage['results'] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 100; i += 1) {
    const q: string = cursor === null ? '?limit=200' : `?limit=200&cursor=${cursor}`;
    const page = BatchAccountsPage.parse(await call(b, 'GET', `/v1/batches/${id}/accounts${q}`));
    out.push(...page.results);
    cursor = page.nextCursor;
    if (cursor === null) break;
  }
  return out;
}

/** Successful mutation requests sent more than once to the same path (the same change applied twice). */
function appliedTwice(calls: readonly CallRecord[]): number {
  const seen = new Map<string, number>();
  for (const c of calls) {
    if (c.method === 'GET' || c.status < 200 || c.status >= 300 || c.path.endsWith('/users/search')) continue;
    const key = `${c.method} ${c.path}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen.values()].filter((n) => n > 1).length;
}

async function runBatch(b: Bench, ids: string[], label: string) {
  await reseed(b);
  const t0 = performance.now();
  const created = BatchStatus.parse(
    await call(b, 'POST', '/v1/batches', { accounts: ids, reason: `bench ${label}` }),
  );
  const status = await waitForBatch(b, created.id);
  const wallMs = performance.now() - t0;
  const calls = (await b.control.calls()).calls;
  const figures = callFigures(calls);
  const unlocked = status.counts.unlocked ?? 0;
  const allowed = allowedAccountsPerSec(figures.byApi, ids.length);
  const achieved = unlocked / (wallMs / 1000);
  return {
    label,
    wallMs,
    counts: status.counts,
    calls: figures,
    achievedPerSec: achieved,
    allowed,
    fraction: achieved / allowed.rate,
  };
}

async function runSequential(b: Bench, ids: string[]) {
  await reseed(b);
  const t0 = performance.now();
  const outcomes: Record<string, number> = {};
  for (const id of ids) {
    const r = UnlockResponse.parse(
      await call(b, 'POST', `/v1/accounts/${id}/unlock`, { reason: 'bench sequential' }),
    );
    outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
  }
  const wallMs = performance.now() - t0;
  const figures = callFigures((await b.control.calls()).calls);
  const allowed = allowedAccountsPerSec(figures.byApi, ids.length);
  const achieved = (outcomes.unlocked ?? 0) / (wallMs / 1000);
  return {
    label: 'sequential single unlocks',
    wallMs,
    counts: outcomes,
    calls: figures,
    achievedPerSec: achieved,
    allowed,
    fraction: achieved / allowed.rate,
  };
}

async function runFaults(b: Bench, ids: string[]) {
  await reseed(b);
  const mix = {
    faults: [
      { p: 0.2, fault: { status: 429 as const } },
      { p: 0.1, fault: { status: 503 as const } },
      { p: 0.05, fault: { drop: true as const } },
    ],
  };
  for (const [i, api] of PROXY_FAMILIES.entries())
    await b.control.setFaults({ api, mix: { ...mix, seed: 11 + i } });
  const t0 = performance.now();
  const created = BatchStatus.parse(
    await call(b, 'POST', '/v1/batches', { accounts: ids, reason: 'bench faults' }),
  );
  let restarted = false;
  const status = await waitForBatch(b, created.id, async (s) => {
    const finished = ids.length - (s.counts.pending ?? 0) - (s.counts.started ?? 0);
    if (!restarted && finished >= ids.length / 2) {
      restarted = true;
      log(`restarting the proxy with ${finished} accounts finished`);
      await b.proxy.close();
      b.proxy = await startProxyFor(b.config);
      return true;
    }
    return false;
  });
  const wallMs = performance.now() - t0;
  await b.control.clearFaults();
  const calls = (await b.control.calls()).calls;
  const results = await allResults(b, created.id);
  const state = (await b.control.state()) as {
    accounts: Array<{ accountId: string; accountStatus: string }>;
  };
  const statusOf = new Map(state.accounts.map((a) => [a.accountId, a.accountStatus]));
  const untruthful = results.filter(
    (r) =>
      (r.outcome === 'unlocked' || r.outcome === 'already-active') &&
      statusOf.get(r.accountId ?? '') !== 'active',
  ).length;
  const lost = ids.length - results.filter((r) => !['pending', 'started'].includes(r.outcome)).length;
  const audit = (await readFile(b.config.auditLogFile!, 'utf8'))
    .split('\n')
    .filter((l) => l.includes(created.id))
    .map((l) => JSON.parse(l) as { action: string });
  const attempts = results.reduce((n, r) => n + r.attempts, 0);
  return {
    label: 'faults + one restart',
    wallMs,
    counts: status.counts,
    resumes: status.resumes,
    resumedAccounts: results.filter((r) => r.resumed).length,
    calls: callFigures(calls),
    appliedTwice: appliedTwice(calls),
    lost,
    untruthful,
    attempts,
    auditUnlockLines: audit.filter((a) => a.action === 'unlock').length,
    auditBatchLines: audit.filter((a) => a.action === 'batch-unlock').length,
  };
}

async function main(): Promise<void> {
  if (values['render-from']) {
    await writeSection(JSON.parse(await readFile(values['render-from'], 'utf8')) as IncidentSummary);
    return;
  }
  const b = await setup();
  try {
    for (const c of LIMITS) await b.control.setRateLimit(c);
    const ids = await lockedAccounts(b);
    log(
      `scale seed ${SEED} accounts, incident of ${ids.length}; limits ${LIMITS[0]!.limit} per ${LIMITS[0]!.windowMs} ms per family`,
    );
    const batch = await runBatch(b, ids, 'batch');
    log(
      `batch: ${(batch.wallMs / 1000).toFixed(1)} s, fraction ${batch.fraction.toFixed(3)}, 429 share ${(batch.calls.limitedShare * 100).toFixed(2)} %`,
    );
    const sequential = values['skip-sequential'] ? null : await runSequential(b, ids);
    if (sequential)
      log(
        `sequential: ${(sequential.wallMs / 1000).toFixed(1)} s, fraction ${sequential.fraction.toFixed(3)}`,
      );
    const faults = values['skip-faults'] ? null : await runFaults(b, ids);
    if (faults)
      log(
        `faults: twice ${faults.appliedTwice}, lost ${faults.lost}, audit ${faults.auditUnlockLines}/${faults.attempts}`,
      );
    const summary: IncidentSummary = {
      measuredAt: new Date().toISOString(),
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
      seedAccounts: SEED,
      inactiveFraction: INACTIVE,
      concurrency: CONCURRENCY,
      incident: ids.length,
      timeScale: TIME_SCALE,
      limits: LIMITS,
      batch,
      sequential,
      faults,
    };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    if (!values['print-only']) await writeSection(summary);
  } finally {
    await b.proxy.close();
    await b.sim.close();
    await rm(b.dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
