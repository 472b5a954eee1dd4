/**
 * Batch unlock from the admin page's resolvers: the app starts a batch in the proxy, reads its status
 * and per-account results, and cancels — through the real Forge packages, proxy and simulator. The
 * proxy runs the batch in the background; `batches.settled` is its own completion signal.
 */
import type { BatchAccountsPage, BatchStatus, LookupResponse } from '../../../src/contract/proxy';
import type { Page } from '../../../src/contract/app/resolvers';
import type { AuditEntry } from '../../../src/contract/app/records';
import { dataOf, errorOf, startForgeHarness, type ForgeHarness } from './harness';

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

const BOB = 'bob.mover@acme.example';
const NOBODY = 'nobody.here@acme.example';

async function settled(batch: BatchStatus): Promise<BatchStatus> {
  await h.proxy.batches?.settled(batch.id);
  return dataOf(await h.adminCall<BatchStatus>('getBatch', { batchId: batch.id }));
}

test('a preview reads every account and changes nothing', async () => {
  const before = await h.simText();
  const started = dataOf(
    await h.adminCall<BatchStatus>('startBatch', {
      accounts: [BOB, NOBODY, BOB],
      reason: 'Reorg',
      dryRun: true,
    }),
  );
  expect(started).toMatchObject({ dryRun: true, total: 2, duplicates: 1 });
  const done = await settled(started);
  expect(done.state).toBe('done');
  expect(done.preview).toMatchObject({ willUnlock: 1, notFound: 1 });
  expect(await h.simText()).toBe(before);
});

test('a run unlocks, reports each account, and both audits name it', async () => {
  const started = dataOf(
    await h.adminCall<BatchStatus>('startBatch', { accounts: [BOB], reason: 'Moved back to product' }),
  );
  const done = await settled(started);
  expect(done).toMatchObject({ state: 'done', dryRun: false, total: 1 });
  expect(done.counts.unlocked).toBe(1);

  const page = dataOf(
    await h.adminCall<BatchAccountsPage>('listBatchAccounts', { batchId: started.id, limit: 10 }),
  );
  expect(page.results.map((r) => r.outcome)).toEqual(['unlocked']);
  expect(page.nextCursor).toBeNull();

  const after = dataOf(await h.adminCall<LookupResponse>('lookup', { email: BOB }));
  expect(after.diagnosis.state).toBe('active');

  const trail = dataOf(await h.adminCall<Page<AuditEntry>>('listAudit', { action: 'batch-started' }));
  expect(trail.items).toHaveLength(1);
  expect(trail.items[0]).toMatchObject({ actor: h.admin.accountId, outcome: 'success', dryRun: false });
  expect(trail.items[0]?.summary).toContain(started.id);
  expect(h.proxyAudit().filter((line) => line['batchId'] === started.id).length).toBeGreaterThan(0);
});

test('cancelling is recorded; an unknown batch is not found', async () => {
  const started = dataOf(await h.adminCall<BatchStatus>('startBatch', { accounts: [BOB], reason: 'Oops' }));
  const cancelled = dataOf(await h.adminCall<BatchStatus>('cancelBatch', { batchId: started.id }));
  expect(cancelled.id).toBe(started.id);
  await settled(started);
  const trail = dataOf(await h.adminCall<Page<AuditEntry>>('listAudit', { action: 'batch-cancelled' }));
  expect(trail.items.map((e) => e.actor)).toEqual([h.admin.accountId]);

  expect(errorOf(await h.adminCall('getBatch', { batchId: 'b-doesnotexist1' })).code).toBe('not-found');
});

test('bad input and non-admins change nothing', async () => {
  const before = await h.simText();
  const tooMany = Array.from({ length: 1001 }, (_, i) => `person${i}@acme.example`);
  expect(errorOf(await h.adminCall('startBatch', { accounts: tooMany, reason: 'x' })).code).toBe(
    'invalid-input',
  );
  expect(errorOf(await h.adminCall('startBatch', { accounts: [BOB] })).code).toBe('invalid-input');
  expect(errorOf(await h.adminCall('getBatch', { batchId: '../etc' })).code).toBe('invalid-input');
  const denied = errorOf(
    await h.adminCall('startBatch', { accounts: [BOB], reason: 'x' }, h.member.accountId),
  );
  expect(denied.code).toBe('forbidden');
  expect(await h.simText()).toBe(before);
});
