/**
 * The re-lock watch end to end: the real Forge handlers on the local runtime, the real proxy and the
 * simulator. The app unlocks accounts (Look up's unlock, an approved request); the simulator's identity
 * provider then re-provisions one of them over SCIM (links it again) and deactivates it; the scan's
 * `relock` phase reopens that flag as re-locked, says what to fix in the IdP, and the overview counts
 * it — while an unlocked account the IdP leaves alone stays quiet, and a watch past its window ends.
 */
import { createAtlassianClients, type AtlassianClients } from '../../../../src/atlassian';
import type {
  ActionResult,
  Overview,
  Page,
  RequestOutcome,
  RequestReceipt,
  ScanStarted,
} from '../../../../src/contract/app/resolvers';
import type { UnlockResponse } from '../../../../src/contract/proxy';
import {
  DEFAULT_SETTINGS,
  type AuditEntry,
  type Flag,
  type ScanState,
  type Settings,
} from '../../../../src/contract/app/records';
import { relockWatch, RELOCK_RECHECKS_PER_RUN } from '../../../../src/forge/relock/relock-watch';
import { dataOf, expectStorageWithinLimits, startForgeHarness, type ForgeHarness } from '../harness';

let h: ForgeHarness;
let clients: AtlassianClients;
beforeAll(async () => {
  h = await startForgeHarness();
  clients = createAtlassianClients({
    baseUrl: h.sim.url,
    orgId: h.sim.identity.org.id,
    orgApiKey: h.sim.identity.org.apiKey,
    scimKeys: Object.fromEntries(h.sim.identity.directories.map((d) => [d.id, d.scimKey])),
  });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await h.reset();
});

const SETTINGS: Settings = { ...DEFAULT_SETTINGS, scanEnabled: true, projectKey: 'ITSUP' };
const BOB = 'bob.mover@acme.example';
const NORA = 'nora.contractor@acme-labs.example';
const DAN = 'dan.deactivated@acme.example';
const DAY_MS = 86_400_000;

async function configure(settings: Settings): Promise<void> {
  dataOf(await h.adminCall('saveSettings', { settings }));
}

async function lastRun(): Promise<NonNullable<ScanState['lastRun']>> {
  const run = dataOf(await h.adminCall<Overview>('overview')).scan.lastRun;
  if (!run) throw new Error('no run recorded');
  return run;
}

/** A manual run, drained to its end. */
async function rescan(): Promise<NonNullable<ScanState['lastRun']>> {
  dataOf(await h.adminCall<ScanStarted>('scanNow'));
  await h.drain();
  const run = await lastRun();
  expect(run.status).toBe('completed');
  return run;
}

async function flagOf(email: string): Promise<Flag> {
  const id = h.accountIdOf(email);
  let cursor: string | null = null;
  do {
    const page: Page<Flag> = dataOf(
      await h.adminCall<Page<Flag>>('listFlags', { limit: 50, ...(cursor ? { cursor } : {}) }),
    );
    const found = page.items.find((f) => f.accountId === id);
    if (found) return found;
    cursor = page.nextCursor;
  } while (cursor !== null);
  throw new Error(`${email} has no flag`);
}

async function relockedCount(): Promise<number> {
  return dataOf(await h.adminCall<Overview>('overview')).relockedByIdp;
}

function watchedIds(): string[] {
  return h.rt.kvs
    .entries()
    .filter((e) => e.key.startsWith('relock:watch:'))
    .map((e) => e.key.slice('relock:watch:'.length))
    .sort();
}

async function unlock(email: string): Promise<void> {
  const done = dataOf(
    await h.adminCall<ActionResult<UnlockResponse>>('unlock', {
      accountId: h.accountIdOf(email),
      reason: 'Moved teams by mistake',
    }),
  );
  expect(done.response.outcome).toBe('unlocked');
}

const OKTA = (): { id: string; name: string } => {
  const d = h.sim.identity.directories.find((x) => x.name === 'Okta Workforce');
  if (!d) throw new Error('the demo org has an Okta directory');
  return d;
};

/**
 * The IdP pushes the user again, as Okta does when the person is still assigned to the app: the old
 * record (kept, unlinked, by the unlock) is replaced by a new one, which links the account by email.
 */
async function idpReprovisions(email: string): Promise<string> {
  const scim = clients.scim(OKTA().id);
  const old = (await scim.listUsers({ filter: { userName: email } })).resources[0];
  if (old) await scim.deleteUser(old.id);
  const created = await scim.createUser({
    userName: email,
    emails: [{ value: email, primary: true }],
    active: true,
    displayName: 'Re-provisioned',
  });
  return created.id;
}

async function commentTexts(issueKey: string): Promise<string> {
  const res = await h.jira<{ comments: Array<{ body: unknown }> }>(`/rest/api/3/issue/${issueKey}/comment`);
  return JSON.stringify(res.comments.map((c) => c.body));
}

function verifyCalls(): number {
  return h.rt.calls.filter((c) => c.kind === 'remote' && c.path === '/v1/scan/verify').length;
}

test('an unlocked account the IdP links and deactivates again reopens as re-locked; the others stay quiet', async () => {
  await configure(SETTINGS);
  await rescan();
  const bobBefore = await flagOf(BOB);
  expect(bobBefore).toMatchObject({ status: 'open', issue: { key: expect.any(String) } });

  // Unlocked through the app: Bob and Nora from Look up, Dan by approving his unlock request.
  await unlock(BOB);
  await unlock(NORA);
  const danIssue = (await flagOf(DAN)).issue;
  if (!danIssue) throw new Error('Dan was posted');
  const receipt = dataOf(
    await h.issueCall<RequestReceipt>('requestUnlock', danIssue, { reason: 'Back from leave' }),
  );
  const approved = dataOf(
    await h.adminCall<RequestOutcome>('approveRequest', { requestId: receipt.request.requestId }),
  );
  expect(approved.unlock?.outcome).toBe('unlocked');
  expect(watchedIds()).toEqual([BOB, NORA, DAN].map((e) => h.accountIdOf(e)).sort());
  expect((await flagOf(BOB)).status).toBe('resolved');

  // A scan while the IdP leaves everyone alone: all three re-checked, nothing re-locked.
  const quiet = await rescan();
  expect(quiet.totals).toMatchObject({ relockChecked: 3, relocked: 0 });
  expect(await relockedCount()).toBe(0);

  // Okta re-provisions Bob: his account is linked again (and still active).
  const scimId = await idpReprovisions(BOB);
  expect((await clients.scimLinks.getScimLinks(h.accountIdOf(BOB))).map((l) => l.scimUserId)).toEqual([
    scimId,
  ]);
  const linked = await rescan();
  expect(linked.totals).toMatchObject({ relockChecked: 3, relocked: 1 });
  const bob = await flagOf(BOB);
  expect(bob).toMatchObject({
    status: 'open',
    episode: bobBefore.episode,
    issue: bobBefore.issue,
    relocked: { state: 'linked', directoryId: OKTA().id, directoryName: 'Okta Workforce' },
  });
  expect(bob.reason).toContain('Okta Workforce linked this account again');
  expect(bob.reason).toContain('remove the user from the Atlassian app assignment');
  expect(await relockedCount()).toBe(1);
  const comments = await commentTexts(bobBefore.issue?.key ?? '');
  expect(comments).toContain('Re-locked by the IdP');
  expect(comments).toContain('reactivate them there');
  const audit = dataOf(
    await h.adminCall<Page<AuditEntry>>('listAudit', { action: 'flag-relocked', limit: 10 }),
  );
  expect(audit.items.map((a) => a.accountId)).toEqual([h.accountIdOf(BOB)]);

  // Then Okta deactivates him: the flag stays open, now re-locked as deactivated; still one account.
  await clients.scim(OKTA().id).setUserActive(scimId, false);
  const deactivated = await rescan();
  expect(deactivated.totals).toMatchObject({ relocked: 1 });
  expect(await flagOf(BOB)).toMatchObject({
    status: 'open',
    episode: bobBefore.episode,
    relocked: { state: 'deactivated', directoryName: 'Okta Workforce' },
  });
  expect(await relockedCount()).toBe(1);

  // Nora and Dan, left alone by their IdPs, stay unlocked and unflagged.
  for (const email of [NORA, DAN]) {
    const f = await flagOf(email);
    expect(f.status).toBe('resolved');
    expect(f.relocked).toBeUndefined();
  }

  // Unlocking Bob again resolves the flag and restarts his watch: the count drops.
  await unlock(BOB);
  expect((await flagOf(BOB)).status).toBe('resolved');
  expect(await relockedCount()).toBe(0);
  // Pressing Unlock on an account already active changes nothing, and does not restart the watch.
  const watchOf = () => h.rt.kvs.entries().find((e) => e.key === `relock:watch:${h.accountIdOf(BOB)}`);
  const restarted = watchOf();
  expect(restarted?.value).toMatchObject({ relocked: null, lastCheckedAt: null });
  const again = dataOf(
    await h.adminCall<ActionResult<UnlockResponse>>('unlock', { accountId: h.accountIdOf(BOB), reason: 'x' }),
  );
  expect(again.response.outcome).toBe('already-active');
  expect(watchOf()).toEqual(restarted);
  expectStorageWithinLimits(h.rt);
});

test('a watch ends with its window: a re-link after it is not reported and the entry is gone', async () => {
  await configure({ ...SETTINGS, relockWatchDays: 7 });
  await rescan();
  await unlock(BOB);
  expect(watchedIds()).toEqual([h.accountIdOf(BOB)]);
  // As if the unlock had been eight days ago.
  await h.rt.invokeFunction(
    () => relockWatch.watch([h.accountIdOf(BOB)], new Date(Date.now() - 8 * DAY_MS)),
    {},
  );
  await idpReprovisions(BOB);
  const run = await rescan();
  expect(run.totals.relockChecked ?? 0).toBe(0);
  expect(watchedIds()).toEqual([]);
  expect((await flagOf(BOB)).status).toBe('resolved');
  expect(await relockedCount()).toBe(0);
});

test('with the watch off (0 days) an unlock starts no watch', async () => {
  await configure({ ...SETTINGS, relockWatchDays: 0 });
  await rescan();
  await unlock(BOB);
  expect(watchedIds()).toEqual([]);
});

test('re-checks are batched: one verify call per 50 watched accounts, one link read per account', async () => {
  await configure(SETTINGS);
  const first = await clients.org.searchUsers('-', { accountStatus: ['active'], limit: 100 });
  const second = await clients.org.searchUsers('-', {
    accountStatus: ['active'],
    limit: 100,
    ...(first.nextCursor === undefined ? {} : { cursor: first.nextCursor }),
  });
  const ids = [...first.data, ...second.data].map((u) => u.accountId).slice(0, 120);
  expect(ids).toHaveLength(120);
  await h.rt.invokeFunction(() => relockWatch.watch(ids), {});
  expect(watchedIds()).toHaveLength(120);

  const runStartedAt = new Date().toISOString();
  await h.control.clearCalls();
  const verifyBefore = verifyCalls();
  let checked = 0;
  let units = 0;
  for (;;) {
    const done = (await h.rt.invokeFunction(
      () => relockWatch.recheckUnit({ runStartedAt, alreadyChecked: checked }),
      {},
    )) as { checked: number; relocked: number } | null;
    if (done === null) break;
    checked += done.checked;
    units++;
    expect(units).toBeLessThanOrEqual(RELOCK_RECHECKS_PER_RUN / 50);
  }
  expect(checked).toBe(120);
  expect(units).toBe(3);
  expect(verifyCalls() - verifyBefore).toBe(3);
  const { counters } = await h.control.calls();
  expect(counters.scimLinks).toBe(120);
  // Every account was checked in this run: another unit makes no call.
  expect(
    await h.rt.invokeFunction(() => relockWatch.recheckUnit({ runStartedAt, alreadyChecked: 0 }), {}),
  ).toBeNull();
  expect(verifyCalls() - verifyBefore).toBe(3);
});
