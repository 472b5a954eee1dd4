/**
 * `npm run bench:audit`: the Audit tab's storage cost with 100,000 entries, the `audit-entry` custom entity
 * (src/forge/audit/audit-log.ts) against the key-prefix layout it replaced (old-layout.ts), through the real
 * @forge/kvs client on the local Forge runtime. Counts storage calls per entry written and per Audit page
 * for each filter, and their wall time on the local store. Writes its section of docs/benchmarks.md.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { format, resolveConfig } from 'prettier';
import { audit, AUDIT_COUNTER_GROUP, toStored, type AuditListOptions } from '../../src/forge/audit/audit-log';
import { COUNTER_ENTITY, counterKey } from '../../src/forge/platform/counters';
import type { AuditEntry } from '../../src/contract/app/records';
import { readAppManifest } from '../../src/sandbox/forge-app-manifest';
import { createFitSigner, createForgeRuntime, type ForgeRuntime } from '../../src/sandbox/forge-runtime';
import { describeMachine } from '../results';
import { formatInt, formatMs } from '../stats';
import { oldKeysOf, oldList, oldRecord } from './old-layout';
import { auditStoreSection, SECTION_END, SECTION_START, withAuditStoreSection } from './report-section';
import { adminOf, SEED_END, seedEntries } from './seed';

const ENTRIES = Number(process.env.BENCH_AUDIT_ENTRIES ?? 100_000);
const WRITES = 200;
const PAGE = 25;
/** The old layout's scan for one page stops here (reported as "stopped"). */
const OLD_MAX_CALLS = 400;
const DAY = 86_400_000;

const log = (line: string) => process.stderr.write(`${line}\n`);

function kvsCalls(rt: ForgeRuntime): number {
  return rt.calls.filter((c) => c.kind === 'kvs').length;
}

async function measureWrites(rt: ForgeRuntime) {
  const entries = seedEntries(WRITES);
  const run = async (write: (e: AuditEntry) => Promise<unknown>) => {
    rt.kvs.clear();
    const before = rt.calls.filter((c) => c.kind === 'kvs');
    const started = performance.now();
    for (const e of entries) await write(e);
    const wallMs = performance.now() - started;
    const calls = rt.calls.filter((c) => c.kind === 'kvs').slice(before.length);
    const writes = calls.filter((c) => /\/(set|delete|transaction)$/.test(c.path)).length;
    return { calls: calls.length / WRITES, writes: writes / WRITES, wallMs: wallMs / WRITES };
  };
  const entity = await run((e) =>
    audit.record(
      {
        actor: e.actor,
        action: e.action,
        outcome: e.outcome,
        summary: e.summary,
        accountId: e.accountId,
      },
      new Date(e.at),
    ),
  );
  const old = await run(oldRecord);
  return { entity, old };
}

/** Both layouts filled with the same trail, written straight into the local store (not measured). */
function seedStore(rt: ForgeRuntime, entries: readonly AuditEntry[]): void {
  rt.kvs.clear();
  const counts = new Map<string, number>();
  for (const e of entries) {
    rt.kvs.set({ kind: 'entity', name: 'audit-entry' }, e.id, toStored(e));
    counts.set(e.action, (counts.get(e.action) ?? 0) + 1);
    for (const key of oldKeysOf(e)) rt.kvs.set({ kind: 'plain' }, key, e);
  }
  for (const [name, count] of counts) {
    rt.kvs.set({ kind: 'entity', name: COUNTER_ENTITY.name }, counterKey(AUDIT_COUNTER_GROUP, name), {
      group: AUDIT_COUNTER_GROUP,
      name,
      count,
    });
  }
}

interface FilterCase {
  name: string;
  filter: Omit<AuditListOptions, 'limit' | 'cursor'>;
}

/** The most frequent value of `pick` among `entries` (ties: the first seen). */
function mostFrequent<T>(entries: readonly AuditEntry[], pick: (e: AuditEntry) => T | null): T {
  const counts = new Map<T, number>();
  for (const e of entries) {
    const v = pick(e);
    if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  if (best === undefined) throw new Error('the seed has no such entry');
  return best[0];
}

function cases(entries: readonly AuditEntry[]): FilterCase[] {
  // The busiest account, its commonest action and actor: combinations that have entries to show.
  const account = mostFrequent(entries, (e) => e.accountId);
  const ofAccount = entries.filter((e) => e.accountId === account);
  const action = mostFrequent(ofAccount, (e) => e.action);
  const actor = mostFrequent(
    ofAccount.filter((e) => e.action === action),
    (e) => e.actor,
  );
  const dayFrom = new Date(SEED_END - 4 * DAY).toISOString();
  const dayTo = new Date(SEED_END - 3 * DAY - 1).toISOString();
  return [
    { name: 'all entries', filter: {} },
    { name: 'one account', filter: { accountId: account } },
    { name: 'one action (unlink)', filter: { action: 'unlink' } },
    { name: 'one actor (an admin)', filter: { actor: adminOf(3) } },
    { name: 'one day, 3 days back', filter: { from: dayFrom, to: dayTo } },
    { name: 'account + action', filter: { accountId: account, action } },
    { name: 'actor + one day', filter: { actor: adminOf(3), from: dayFrom, to: dayTo } },
    { name: 'action + one day', filter: { action: 'unlock', from: dayFrom, to: dayTo } },
    {
      name: 'account + actor + action',
      filter: { accountId: account, actor, action },
    },
  ];
}

interface PageFigures {
  calls: number;
  items: number;
  wallMs: number;
  stopped: boolean;
}

async function measurePages(rt: ForgeRuntime, c: FilterCase) {
  const before = kvsCalls(rt);
  let started = performance.now();
  const page = await audit.list({ ...c.filter, limit: PAGE });
  const entity: PageFigures = {
    calls: kvsCalls(rt) - before,
    items: page.items.length,
    wallMs: performance.now() - started,
    stopped: false,
  };
  started = performance.now();
  const old = await oldList({ ...c.filter, limit: PAGE }, OLD_MAX_CALLS);
  const oldFigures: PageFigures = {
    calls: old.calls,
    items: old.items.length,
    wallMs: performance.now() - started,
    stopped: old.stopped,
  };
  return { entity, old: oldFigures };
}

function render(
  writes: Awaited<ReturnType<typeof measureWrites>>,
  pages: Array<{ name: string; entity: PageFigures; old: PageFigures }>,
): string {
  const m = describeMachine();
  const oldCalls = (f: PageFigures) => `${formatInt(f.calls)}${f.stopped ? ' (stopped)' : ''}`;
  return [
    SECTION_START,
    '## Audit storage: 100,000 entries, one query per page',
    '',
    `\`npm run bench:audit\`: ${formatInt(ENTRIES)} audit entries (60 days, 2,000 accounts, 20 admins and the app) in the`,
    '`audit-entry` custom entity (manifest.yml) against the key-prefix layout it replaced (`audit:`, `audit-account:`,',
    '`audit-action:` copies), both through the real `@forge/kvs` client on the local Forge runtime. A filter the old',
    'prefixes did not cover could only be answered by reading pages of 100 newest first and filtering them, so that',
    `is what the old column does (stopped after ${OLD_MAX_CALLS} calls). One Audit page is ${PAGE} entries.`,
    '',
    `Writing: ${WRITES} entries each way into an empty store (the first entry of each action also creates its`,
    'counter, hence slightly more than two calls and one write per entry for the entity).',
    '',
    '| Writing one entry | storage calls | of which writes | wall (local) |',
    '| --- | ---: | ---: | ---: |',
    `| custom entity (entry + its count, one transaction) | ${writes.entity.calls.toFixed(2)} | ${writes.entity.writes.toFixed(2)} | ${formatMs(writes.entity.wallMs)} |`,
    `| old prefix layout (three separate sets) | ${writes.old.calls.toFixed(2)} | ${writes.old.writes.toFixed(2)} | ${formatMs(writes.old.wallMs)} |`,
    '',
    '| Audit page (first page) | entity: calls | entries | wall (local) | old layout: calls | entries | wall (local) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...pages.map(
      (p) =>
        `| ${p.name} | ${p.entity.calls} | ${p.entity.items} | ${formatMs(p.entity.wallMs)} | ${oldCalls(p.old)} | ${p.old.items} | ${formatMs(p.old.wallMs)} |`,
    ),
    '',
    'Entity calls per page are one index query, plus one query of the counters when a count is kept for the',
    'filter (none, or only an action); a later page costs the same (the cursor continues the index). Wall times',
    'are the local store on this machine, which scans its whole map for every query (it emulates the',
    'semantics, not the service’s indexes): read them for the old layout’s calls, not as Forge latencies.',
    `Machine: ${m.cpuModel}, ${m.nproc} cores, Node ${m.node}.`,
    SECTION_END,
  ].join('\n');
}

async function main(): Promise<void> {
  const rt = createForgeRuntime({
    // The bench makes no Jira request; the URL only has to be valid.
    jira: { baseUrl: 'http://127.0.0.1:9', cloudId: 'bench', appToken: 'unused', tokenFor: () => undefined },
    fit: await createFitSigner(),
    appId: 'ari:cloud:ecosystem::app/audit-store-bench',
    installationId: 'audit-store-bench',
    entities: readAppManifest().entities,
  });
  rt.install();
  try {
    log(`writing ${WRITES} entries each way…`);
    const writes = await measureWrites(rt);
    log(`seeding ${formatInt(ENTRIES)} entries in both layouts…`);
    const entries = seedEntries(ENTRIES);
    seedStore(rt, entries);
    const pages = [];
    for (const c of cases(entries)) {
      const figures = await measurePages(rt, c);
      log(
        `${c.name}: entity ${figures.entity.calls} calls ${formatMs(figures.entity.wallMs)}, old ${figures.old.calls} calls ${formatMs(figures.old.wallMs)}`,
      );
      pages.push({ name: c.name, ...figures });
    }
    const section = render(writes, pages);
    process.stdout.write(`${section}\n`);
    if (ENTRIES === 100_000) {
      const path = 'docs/benchmarks.md';
      const existing = await readFile(path, 'utf8');
      const text = withAuditStoreSection(existing, section);
      const config = (await resolveConfig(path)) ?? {};
      await writeFile(path, await format(text, { ...config, filepath: path }));
      log(`wrote ${path}${auditStoreSection(existing) === '' ? ' (new section)' : ''}`);
    }
  } finally {
    rt.uninstall();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
