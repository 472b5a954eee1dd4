/**
 * What the app does once a batch run is final — flags of unlocked accounts resolved, each posted issue
 * commented once, one `batch-finished` audit line — whoever sees it final first (the page's polls, or
 * the scheduled trigger when nobody polls), and `currentBatch`, which lets any admin find the latest run.
 * Real Forge packages on the local runtime, the real proxy and simulator.
 */
import * as app from '../../../src/index';
import type { BatchStatus } from '../../../src/contract/proxy';
import type { CurrentBatch, Page } from '../../../src/contract/app/resolvers';
import {
  DEFAULT_SETTINGS,
  type AuditEntry,
  type Flag,
  type Settings,
} from '../../../src/contract/app/records';
import { KEYS } from '../../../src/forge/platform/repository';
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
  scanPageSize: 50,
  scanPagesPerInvocation: 50,
};

/** Scans the demo org so every locked account has an open flag and a posted issue. */
async function flagEveryone(): Promise<Flag[]> {
  dataOf(await h.adminCall('saveSettings', { settings: SETTINGS }));
  dataOf(await h.adminCall('scanNow'));
  await h.drain();
  const page = dataOf(await h.adminCall<Page<Flag>>('listFlags', { limit: 50 }));
  expect(page.nextCursor).toBeNull();
  const open = page.items.filter((f) => f.status === 'open');
  expect(open.length).toBeGreaterThan(1);
  expect(open.every((f) => f.issue !== null)).toBe(true);
  return open;
}

async function flagOf(accountId: string): Promise<Flag | undefined> {
  const page = dataOf(await h.adminCall<Page<Flag>>('listFlags', { limit: 50 }));
  return page.items.find((f) => f.accountId === accountId);
}

async function commentsOn(issueKey: string): Promise<string[]> {
  const res = await h.jira<{ comments: Array<{ body: unknown }> }>(`/rest/api/3/issue/${issueKey}/comment`);
  const textOf = (n: unknown): string => {
    if (n === null || typeof n !== 'object') return '';
    const node = n as { text?: string; content?: unknown[] };
    return (node.text ?? '') + (node.content ?? []).map(textOf).join(' ');
  };
  return res.comments.map((c) => textOf(c.body).replace(/\s+/g, ' '));
}

async function finishedLines(): Promise<AuditEntry[]> {
  return dataOf(await h.adminCall<Page<AuditEntry>>('listAudit', { action: 'batch-finished' })).items;
}

async function runToTheEnd(accounts: string[]): Promise<BatchStatus> {
  const started = dataOf(
    await h.adminCall<BatchStatus>('startBatch', {
      accounts,
      reason: 'Reorg moved them out of the synced group',
      title: `Unlock ${accounts.length} accounts`,
      source: 'flags',
    }),
  );
  await h.proxy.batches?.settled(started.id);
  return started;
}

test('polled twice, a finished batch resolves the unlocked flags and comments each issue once', async () => {
  const open = await flagEveryone();
  const started = await runToTheEnd(open.map((f) => f.accountId));

  // Two admins' pages poll at once (their invocations interleave at every await), then one polls again.
  const [first, second] = await Promise.all([
    h.adminCall<BatchStatus>('getBatch', { batchId: started.id }),
    h.adminCall<CurrentBatch | null>('currentBatch'),
  ]);
  expect(dataOf(first).state).toBe('done');
  expect(dataOf(second)?.record.batchId).toBe(started.id);
  const third = dataOf(await h.adminCall<BatchStatus>('getBatch', { batchId: started.id }));
  expect(third.counts).toEqual(dataOf(first).counts);

  const results = dataOf(
    await h.adminCall<{ results: Array<{ accountId: string | null; outcome: string }> }>(
      'listBatchAccounts',
      {
        batchId: started.id,
        limit: 200,
      },
    ),
  ).results;
  const unlocked = new Set(results.filter((r) => r.outcome === 'unlocked').map((r) => r.accountId));
  expect(unlocked.size).toBeGreaterThan(0);
  expect(unlocked.size).toBe(third.counts.unlocked);
  // Every account the batch unlocked is watched for re-locks by the IdP (src/forge/relock), and no other.
  const watched = h.rt.kvs
    .entries()
    .filter((e) => e.key.startsWith(KEYS.relockWatchPrefix))
    .map((e) => e.key.slice(KEYS.relockWatchPrefix.length));
  expect(new Set(watched)).toEqual(unlocked);

  for (const f of open) {
    const now = await flagOf(f.accountId);
    const comments = (await commentsOn(f.issue?.key ?? '')).filter((c) => c.includes(started.id));
    if (unlocked.has(f.accountId)) {
      expect(now?.status).toBe('resolved');
      expect(comments).toHaveLength(1);
      expect(comments[0]).toContain('Reorg moved them out of the synced group');
    } else {
      expect(now?.status).toBe('open');
      expect(comments).toHaveLength(0);
    }
  }

  const lines = await finishedLines();
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({ actor: 'app', outcome: 'success' });
  expect(lines[0]?.summary).toContain(
    `${unlocked.size} flag(s) resolved, ${unlocked.size} issue(s) commented`,
  );

  const current = dataOf(await h.adminCall<CurrentBatch | null>('currentBatch'));
  expect(current?.completion).toMatchObject({
    state: 'done',
    flagsResolved: unlocked.size,
    issuesCommented: unlocked.size,
    commentsFailed: 0,
  });
  expect(await finishedLines()).toHaveLength(1);
  expectStorageWithinLimits(h.rt);
});

test('nobody polls: the scheduled trigger finishes the batch, and a later poll does nothing more', async () => {
  const open = await flagEveryone();
  const bob = h.accountIdOf('bob.mover@acme.example');
  const bobFlag = open.find((f) => f.accountId === bob);
  expect(bobFlag).toBeDefined();
  const started = await runToTheEnd([bob]);

  await h.rt.invokeFunction(app.scheduledScan, {}, { kind: 'scheduledTrigger' });
  expect((await flagOf(bob))?.status).toBe('resolved');
  const issueKey = bobFlag?.issue?.key ?? '';
  expect((await commentsOn(issueKey)).filter((c) => c.includes(started.id))).toHaveLength(1);

  dataOf(await h.adminCall('getBatch', { batchId: started.id }));
  await h.rt.invokeFunction(app.scheduledScan, {}, { kind: 'scheduledTrigger' });
  expect((await commentsOn(issueKey)).filter((c) => c.includes(started.id))).toHaveLength(1);
  expect(await finishedLines()).toHaveLength(1);
  // Nothing is left open for the trigger to look at.
  expect(h.rt.kvs.entries().filter((e) => e.key.startsWith('batch:open:'))).toEqual([]);
});

test('currentBatch: none at first; then the latest real run, for any admin; previews are not remembered', async () => {
  expect(dataOf(await h.adminCall<CurrentBatch | null>('currentBatch'))).toBeNull();
  const bob = 'bob.mover@acme.example';
  const preview = dataOf(
    await h.adminCall<BatchStatus>('startBatch', { accounts: [bob], reason: 'Check', dryRun: true }),
  );
  await h.proxy.batches?.settled(preview.id);
  expect(dataOf(await h.adminCall<CurrentBatch | null>('currentBatch'))).toBeNull();

  const started = await runToTheEnd([bob]);
  const current = dataOf(await h.adminCall<CurrentBatch | null>('currentBatch'));
  expect(current?.record).toMatchObject({
    batchId: started.id,
    startedBy: h.admin.accountId,
    title: 'Unlock 1 accounts',
    source: 'flags',
    total: 1,
    reason: 'Reorg moved them out of the synced group',
  });
  expect(current?.status).toMatchObject({ id: started.id, state: 'done' });
  expect(current?.status.counts.unlocked).toBe(1);
  // Bob had no flag (no scan ran): the completion has nothing to resolve, and says so.
  expect(current?.completion).toMatchObject({ state: 'done', unlocked: 1, flagsResolved: 0 });

  expect((await h.adminCall('currentBatch', {}, h.member.accountId)) as unknown).toMatchObject({
    error: { code: 'forbidden' },
  });
});
