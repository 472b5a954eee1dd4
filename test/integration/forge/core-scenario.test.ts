/**
 * The core scenario from the admin page's resolvers: a person locked by SCIM is looked up, dry-run,
 * unlocked, and the trail is in the audit — through the real Forge packages, proxy and simulator.
 */
import type { LookupResponse, UnlockResponse } from '../../../src/contract/proxy';
import type { ActionResult, AuditPage, Page } from '../../../src/contract/app/resolvers';
import type { AuditEntry, Settings } from '../../../src/contract/app/records';
import { dataOf, errorOf, expectStorageWithinLimits, startForgeHarness, type ForgeHarness } from './harness';

let h: ForgeHarness;
beforeAll(async () => {
  h = await startForgeHarness();
});
afterAll(async () => {
  await h?.close();
});

const BOB = 'bob.mover@acme.example';

test('lookup → dry run changes nothing → unlock → active, audited newest first', async () => {
  const looked = dataOf(await h.adminCall<LookupResponse>('lookup', { email: BOB }));
  expect(looked.diagnosis.state).toBe('locked-by-scim');
  expect(looked.diagnosis.canUnlock).toBe(true);
  const accountId = looked.account?.accountId ?? '';
  expect(accountId).toBe(h.accountIdOf(BOB));

  const before = await h.simText();
  const dry = dataOf(
    await h.adminCall<ActionResult<UnlockResponse>>('unlock', {
      accountId,
      reason: 'Moved teams',
      dryRun: true,
    }),
  );
  expect(dry.response.outcome).toBe('planned');
  expect(dry.response.steps.length).toBeGreaterThan(0);
  expect(await h.simText()).toBe(before);

  const reason = `Returned from leave ${'é'.repeat(470)}`;
  const done = dataOf(await h.adminCall<ActionResult<UnlockResponse>>('unlock', { accountId, reason }));
  expect(done.response.outcome).toBe('unlocked');
  expect(done.auditId).not.toBeNull();

  const after = dataOf(await h.adminCall<LookupResponse>('lookup', { accountId }));
  expect(after.diagnosis.state).toBe('active');
  expect(after.account?.accountStatus).toBe('active');

  const again = dataOf(
    await h.adminCall<ActionResult<UnlockResponse>>('unlock', { accountId, reason: 'twice' }),
  );
  expect(again.response.outcome).toBe('already-active');

  const byAccount = dataOf(await h.adminCall<Page<AuditEntry>>('listAudit', { accountId }));
  expect(byAccount.items.map((e) => [e.action, e.outcome, e.dryRun])).toEqual([
    ['unlock', 'no-op', false],
    ['unlock', 'success', false],
    ['unlock', 'planned', true],
  ]);
  expect(byAccount.items.every((e) => e.actor === h.admin.accountId)).toBe(true);
  const firstPage = dataOf(await h.adminCall<Page<AuditEntry>>('listAudit', { action: 'unlock', limit: 2 }));
  expect(firstPage.items).toHaveLength(2);
  expect(firstPage.nextCursor).not.toBeNull();
  const secondPage = dataOf(
    await h.adminCall<Page<AuditEntry>>('listAudit', {
      action: 'unlock',
      limit: 2,
      cursor: firstPage.nextCursor,
    }),
  );
  expect(secondPage.items.map((e) => e.dryRun)).toEqual([true]);
  expectStorageWithinLimits(h.rt);
});

test('the audit resolver filters by actor and time, counts by action, and refuses bad filters', async () => {
  const accountId = h.accountIdOf(BOB);
  const mine = dataOf(
    await h.adminCall<AuditPage>('listAudit', { actor: h.admin.accountId, accountId, action: 'unlock' }),
  );
  expect(mine.items.map((e) => e.outcome)).toEqual(['no-op', 'success', 'planned']);
  expect(mine.count).toBeNull();
  const unlocks = dataOf(await h.adminCall<AuditPage>('listAudit', { action: 'unlock', limit: 100 }));
  expect(unlocks.count).toBe(unlocks.items.length);
  const [newest, , oldest] = mine.items;
  if (newest === undefined || oldest === undefined) throw new Error('three entries');
  // Inclusive bounds, given with an offset: the same instants.
  const plusTwo = (iso: string) =>
    new Date(Date.parse(iso) + 2 * 3_600_000).toISOString().replace('Z', '+02:00');
  const window = dataOf(
    await h.adminCall<AuditPage>('listAudit', {
      accountId,
      from: plusTwo(oldest.at),
      to: plusTwo(oldest.at),
    }),
  );
  expect(window.items.map((e) => e.id)).toEqual([oldest.id]);
  expect(
    dataOf(await h.adminCall<AuditPage>('listAudit', { accountId, from: newest.at })).items.map((e) => e.id),
  ).toEqual([newest.id]);
  expect(dataOf(await h.adminCall<AuditPage>('listAudit', { actor: 'app', accountId })).items).toEqual([]);

  for (const bad of [
    { from: newest.at, to: oldest.at },
    { limit: 101 },
    { actor: 'not an account id!' },
    { from: 'yesterday' },
  ]) {
    expect(errorOf(await h.adminCall('listAudit', bad)).code).toBe('invalid-input');
  }
});

test('a protected account is refused by the proxy policy, audited as failed, nothing changes', async () => {
  const accountId = h.accountIdOf('alice.admin@acme.example');
  const before = await h.simText();
  const err = errorOf(await h.adminCall('unlock', { accountId, reason: 'try' }));
  expect(err.code).toBe('policy-refused');
  expect(await h.simText()).toBe(before);
  const audit = dataOf(await h.adminCall<Page<AuditEntry>>('listAudit', { accountId }));
  expect(audit.items[0]).toMatchObject({ action: 'unlock', outcome: 'failed' });
});

test('unlink then reactivate as separate halves', async () => {
  const accountId = h.accountIdOf('nora.contractor@acme-labs.example');
  const blocked = dataOf(
    await h.adminCall<ActionResult<UnlockResponse>>('reactivate', { accountId, reason: 'x' }),
  );
  expect(blocked.response.outcome).toBe('blocked');
  const unlinked = dataOf(
    await h.adminCall<ActionResult<UnlockResponse>>('unlink', { accountId, reason: 'x' }),
  );
  expect(unlinked.response.outcome).toBe('done');
  const reactivated = dataOf(
    await h.adminCall<ActionResult<UnlockResponse>>('reactivate', { accountId, reason: 'x' }),
  );
  expect(reactivated.response.outcome).toBe('done');
  const audit = dataOf(await h.adminCall<Page<AuditEntry>>('listAudit', { accountId }));
  expect(audit.items.map((e) => `${e.action}:${e.outcome}`)).toEqual([
    'reactivate:success',
    'unlink:success',
    'reactivate:blocked',
  ]);
  expect(audit.items[2]?.remaining.length).toBeGreaterThan(0);
});

test('settings are validated against Jira and saved', async () => {
  const current = dataOf(await h.adminCall<Settings>('getSettings'));
  expect(current.scanEnabled).toBe(false);
  const bad = errorOf(
    await h.adminCall('saveSettings', {
      settings: { ...current, projectKey: 'NOPE', issueTypeName: 'Task' },
    }),
  );
  expect(bad.code).toBe('invalid-input');
  const badType = errorOf(
    await h.adminCall('saveSettings', {
      settings: { ...current, projectKey: 'ITSUP', issueTypeName: 'Epic' },
    }),
  );
  expect(badType.code).toBe('invalid-input');
  const next = { ...current, projectKey: 'ITSUP', issueTypeName: 'Access request', scanEnabled: true };
  expect(dataOf(await h.adminCall('saveSettings', { settings: next }))).toEqual(next);
  expect(dataOf(await h.adminCall('getSettings'))).toEqual(next);
  const overview = dataOf(await h.adminCall<{ settings: Settings }>('overview'));
  expect(overview.settings).toEqual(next);
});

test('the default unlink method from settings applies when an action names none', async () => {
  await h.reset();
  const accountId = h.accountIdOf('bob.mover@acme.example');
  const current = dataOf(await h.adminCall<Settings>('getSettings'));
  expect(current.defaultUnlinkMethod).toBeNull();
  const planned = async (payload: object) =>
    dataOf(
      await h.adminCall<ActionResult<UnlockResponse>>('unlock', {
        accountId,
        reason: 'preview',
        dryRun: true,
        ...payload,
      }),
    ).response.steps.map((s) => s.call?.operation ?? null);

  // The proxy's UNLINK_METHOD (unlink) while the setting is empty.
  expect(await planned({})).toContain('scimLinks.unlink');
  dataOf(await h.adminCall('saveSettings', { settings: { ...current, defaultUnlinkMethod: 'delete' } }));
  expect(await planned({})).toContain('scimLinks.onlyDeleteUserInDB');
  expect(await planned({})).not.toContain('scimLinks.unlink');
  // A method chosen for the action still wins.
  expect(await planned({ method: 'unlink' })).toContain('scimLinks.unlink');
});
