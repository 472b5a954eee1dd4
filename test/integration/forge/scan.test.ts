/**
 * The scheduled scan end to end: proxy pages → flags → one Jira issue per flagged account, never twice
 * (reruns, two overlapping runs), a failed post retried next run, unseen flags cleared, the queue chain.
 */
import { kvs } from '@forge/kvs';
import * as app from '../../../src/index';
import type { Page, ScanStarted } from '../../../src/contract/app/resolvers';
import { ACCOUNT_PROPERTY_KEY } from '../../../src/forge/platform/jira';
import {
  DEFAULT_SETTINGS,
  type Flag,
  type ScanState,
  type Settings,
} from '../../../src/contract/app/records';
import { KEYS } from '../../../src/forge/platform/repository';
import { flags } from '../../../src/forge/flags/flags';
import { dataOf, expectStorageWithinLimits, startForgeHarness, type ForgeHarness } from './harness';

let h: ForgeHarness;
beforeAll(async () => {
  h = await startForgeHarness();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await h.reset();
});

const SETTINGS: Settings = {
  ...DEFAULT_SETTINGS,
  scanEnabled: true,
  cadence: 'daily',
  projectKey: 'ITSUP',
  issueTypeName: 'Task',
  scanPageSize: 4,
  scanPagesPerInvocation: 1,
};

async function configure(settings: Settings = SETTINGS): Promise<void> {
  dataOf(await h.adminCall('saveSettings', { settings }));
}

async function allFlags(): Promise<Flag[]> {
  const out: Flag[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<Flag> = dataOf(
      await h.adminCall<Page<Flag>>('listFlags', { limit: 50, ...(cursor ? { cursor } : {}) }),
    );
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return out;
}

/** Issues carrying the app's account property, per account id. */
async function postedIssues(): Promise<Map<string, string[]>> {
  const jql = `labels = "${SETTINGS.label}"`;
  const res = await h.jira<{
    issues: Array<{ key: string; properties?: Record<string, { accountId: string }> }>;
  }>(
    `/rest/api/3/search/jql?jql=${encodeURIComponent(jql)}&maxResults=100&properties=${ACCOUNT_PROPERTY_KEY}`,
  );
  const byAccount = new Map<string, string[]>();
  for (const issue of res.issues) {
    const id = issue.properties?.[ACCOUNT_PROPERTY_KEY]?.accountId ?? 'none';
    byAccount.set(id, [...(byAccount.get(id) ?? []), issue.key]);
  }
  return byAccount;
}

async function scanNow(): Promise<ScanStarted> {
  return dataOf(await h.adminCall<ScanStarted>('scanNow'));
}

async function lastRun(): Promise<NonNullable<ScanState['lastRun']>> {
  const overview = dataOf(await h.adminCall<{ scan: ScanState }>('overview'));
  if (!overview.scan.lastRun) throw new Error('no run recorded');
  return overview.scan.lastRun;
}

test('a scan flags the locked accounts and posts each once, through a queue chain; reruns post nothing', async () => {
  await configure();
  const started = await scanNow();
  expect(started.queued).toBe(true);
  await h.drain();
  const run = await lastRun();
  expect(run).toMatchObject({ runId: started.runId, status: 'completed' });

  const flags = await allFlags();
  const bob = h.accountIdOf('bob.mover@acme.example');
  expect(flags.map((f) => f.accountId)).toContain(bob);
  expect(flags.every((f) => f.status === 'open' && f.issue !== null && f.post.lastError === null)).toBe(true);
  expect(run.totals.posted).toBe(flags.length);

  const issues = await postedIssues();
  expect([...issues.keys()].sort()).toEqual(flags.map((f) => f.accountId).sort());
  for (const keys of issues.values()) expect(keys).toHaveLength(1);

  const bobFlag = flags.find((f) => f.accountId === bob);
  const issue = await h.jira<{ fields: { summary: string; labels: string[] } }>(
    `/rest/api/3/issue/${bobFlag?.issue?.key}?fields=summary,labels`,
  );
  expect(issue.fields.summary).toContain('Bob');
  expect(issue.fields.labels).toEqual([SETTINGS.label]);

  await scanNow();
  await h.drain();
  expect((await lastRun()).totals).toMatchObject({ posted: 0, newlyFlagged: 0, seen: flags.length });
  expect(await postedIssues()).toEqual(issues);
  expectStorageWithinLimits(h.rt);
});

test('two overlapping runs post each account exactly once', async () => {
  await configure({ ...SETTINGS, scanPagesPerInvocation: 50, scanPageSize: 3 });
  const a = dataOf(await h.adminCall<ScanStarted>('scanNow'));
  const b = dataOf(await h.adminCall<ScanStarted>('scanNow'));
  // Two consumer invocations at once: their page loops interleave at every await.
  await Promise.all(
    [a, b].map((s) =>
      h.rt.invokeFunction(
        app.scanConsumer,
        { body: { runId: s.runId, cursor: null, hop: 0 } },
        { kind: 'consumer' },
      ),
    ),
  );
  expect(h.rt.queue.size()).toBe(2); // the two queued starts, now stale duplicates
  await h.drain();
  const flags = await allFlags();
  expect(flags.length).toBeGreaterThan(3);
  const issues = await postedIssues();
  expect(issues.size).toBe(flags.length);
  for (const keys of issues.values()) expect(keys).toHaveLength(1);
  expect(flags.every((f) => f.issue !== null)).toBe(true);
});

test('a failed post is recorded on the flag and retried by the next run', async () => {
  await configure({ ...SETTINGS, scanPagesPerInvocation: 50, scanPageSize: 50 });
  await scanNow(); // the resolver's admin check must pass before Jira starts failing
  await h.control.setFaults({ api: 'jira', sequence: Array.from({ length: 200 }, () => ({ status: 503 })) });
  await h.drain();
  await h.control.clearFaults();
  const failed = await allFlags();
  expect(failed.length).toBeGreaterThan(0);
  for (const f of failed) {
    expect(f.issue).toBeNull();
    expect(f.post.attempts).toBe(1);
    expect(f.post.lastError).toMatch(/Jira/);
  }
  expect((await lastRun()).totals.postFailed).toBe(failed.length);
  expect((await postedIssues()).size).toBe(0);

  await scanNow();
  await h.drain();
  const retried = await allFlags();
  for (const f of retried) {
    expect(f.issue).not.toBeNull();
    expect(f.post).toMatchObject({ attempts: 2, lastError: null });
  }
  const issues = await postedIssues();
  expect(issues.size).toBe(retried.length);
  for (const keys of issues.values()) expect(keys).toHaveLength(1);
});

test('an issue created by a run that died before recording it is found by JQL, not posted again', async () => {
  await configure({ ...SETTINGS, scanPagesPerInvocation: 50, scanPageSize: 50 });
  await scanNow();
  await h.drain();
  const bob = h.accountIdOf('bob.mover@acme.example');
  const flag = (await allFlags()).find((f) => f.accountId === bob);
  if (!flag?.issue) throw new Error('bob was posted');
  // Simulate the crash window: the issue exists, but neither the flag nor the claim knows it.
  await h.rt.invokeFunction(async () => {
    await flags.save({ ...flag, issue: null });
    await kvs.delete(KEYS.postClaim(bob, flag.episode));
  }, {});
  await scanNow();
  await h.drain();
  const healed = (await allFlags()).find((f) => f.accountId === bob);
  expect(healed?.issue).toEqual(flag.issue);
  expect((await postedIssues()).get(bob)).toEqual([flag.issue.key]);
});

test('flags that no longer match are cleared; the trigger respects on/off and cadence', async () => {
  const paul = h.member.accountId;
  await h.rt.invokeFunction(async () => {
    await flags.save({
      accountId: paul,
      email: null,
      name: null,
      reason: 'stale',
      confidence: 'high',
      status: 'open',
      episode: '1',
      firstDetectedAt: '2026-01-01T00:00:00.000Z',
      lastSeenAt: '2026-01-01T00:00:00.000Z',
      clearedAt: null,
      dismissed: null,
      issue: null,
      post: { attempts: 0, lastAttemptAt: null, lastError: null },
      evidence: null,
    });
  }, {});

  await configure({ ...SETTINGS, scanEnabled: false });
  await h.rt.scheduler.runNow('scim-unlock-scan-trigger');
  expect((await lastRun().catch(() => null)) === null).toBe(true);

  await configure({ ...SETTINGS, scanPagesPerInvocation: 50 });
  await h.rt.scheduler.runNow('scim-unlock-scan-trigger');
  await h.drain();
  const first = await lastRun();
  expect(first).toMatchObject({ trigger: 'schedule', status: 'completed' });
  expect(first.totals.cleared).toBe(1);
  expect((await allFlags()).find((f) => f.accountId === paul)?.status).toBe('cleared');

  // Daily cadence: a second trigger within the day does nothing.
  await h.rt.scheduler.runNow('scim-unlock-scan-trigger');
  expect((await lastRun()).runId).toBe(first.runId);
});
