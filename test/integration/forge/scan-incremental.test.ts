/**
 * The incremental scan across reruns with churn, through the real Forge handlers on the local runtime,
 * the real proxy and the simulator: the flags must equal, after every run, what the proxy's stateless
 * full scan (`/v1/scan/deactivated-by-sync`) says at that moment — while a rescan re-reads only what is
 * new or due. Churn is made the way it happens: the IdP's SCIM `PATCH active`, and someone else
 * removing a SCIM link.
 */
import { createAtlassianClients, type AtlassianClients } from '../../../src/atlassian';
import type { Page, ScanStarted } from '../../../src/contract/app/resolvers';
import type { ScanItem } from '../../../src/contract/proxy';
import {
  DEFAULT_SETTINGS,
  type Flag,
  type ScanState,
  type Settings,
} from '../../../src/contract/app/records';
import { proxyClient } from '../../../src/forge/platform/proxy-client';
import { scan } from '../../../src/forge/scan/scan';
import { dataOf, expectStorageWithinLimits, startForgeHarness, type ForgeHarness } from './harness';

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

const SETTINGS: Settings = {
  ...DEFAULT_SETTINGS,
  scanEnabled: true,
  cadence: 'daily',
  projectKey: 'ITSUP',
  scanPageSize: 5,
};

async function configure(settings: Settings): Promise<void> {
  dataOf(await h.adminCall('saveSettings', { settings }));
}

async function openFlags(): Promise<Flag[]> {
  const out: Flag[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<Flag> = dataOf(
      await h.adminCall<Page<Flag>>('listFlags', { limit: 50, ...(cursor ? { cursor } : {}) }),
    );
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return out.filter((f) => f.status === 'open' || f.status === 'dismissed');
}

/** The reference: the proxy's stateless full scan, called the way the app calls the proxy. */
async function fullScan(): Promise<string[]> {
  const items: ScanItem[] = [];
  await h.rt.invokeFunction(async () => {
    let cursor: string | undefined;
    for (let guard = 0; guard < 50; guard++) {
      const page = await proxyClient.scan({ body: { limit: 100, ...(cursor ? { cursor } : {}) } });
      items.push(...page.items);
      if (page.nextCursor === null) return;
      cursor = page.nextCursor;
    }
    throw new Error('the full scan did not end');
  }, {});
  return items
    .filter((i) => i.confidence === 'high' || i.confidence === 'medium')
    .map((i) => i.account.accountId)
    .sort();
}

async function lastRun(): Promise<NonNullable<ScanState['lastRun']>> {
  const overview = dataOf(await h.adminCall<{ scan: ScanState }>('overview'));
  if (!overview.scan.lastRun) throw new Error('no run recorded');
  return overview.scan.lastRun;
}

/** A manual run, drained; returns the run and the upstream calls it made, per API family. */
async function rescan(): Promise<{
  run: Awaited<ReturnType<typeof lastRun>>;
  calls: Record<string, number>;
}> {
  await h.control.clearCalls();
  dataOf(await h.adminCall<ScanStarted>('scanNow'));
  await h.drain();
  const { counters } = await h.control.calls();
  const run = await lastRun();
  expect(run.status).toBe('completed');
  return { run, calls: counters };
}

async function expectExact(): Promise<string[]> {
  const truth = await fullScan();
  expect((await openFlags()).map((f) => f.accountId).sort()).toEqual(truth);
  return truth;
}

async function scimUserOf(email: string): Promise<{ directoryId: string; id: string }> {
  for (const d of h.sim.identity.directories) {
    const found = await clients.scim(d.id).listUsers({ filter: { userName: email } });
    const user = found.resources[0];
    if (user) return { directoryId: d.id, id: user.id };
  }
  throw new Error(`${email} has no SCIM user`);
}

async function idpSetsActive(email: string, active: boolean): Promise<void> {
  const u = await scimUserOf(email);
  await clients.scim(u.directoryId).patchUser(u.id, [{ op: 'replace', path: 'active', value: active }]);
}

test('reruns with churn stay exact: new locks, reactivations, unlinks by someone else', async () => {
  await configure(SETTINGS);
  const first = await rescan();
  const truth0 = await expectExact();
  expect(truth0).toContain(h.accountIdOf('bob.mover@acme.example'));
  expect(first.run.totals).toMatchObject({ verified: first.run.totals.candidates, rechecked: 0 });
  // Every flag keeps the evidence it was flagged on: links, SCIM active, when the IdP changed it.
  const bob = (await openFlags()).find((f) => f.accountId === h.accountIdOf('bob.mover@acme.example'));
  expect(bob?.evidence?.links[0]).toMatchObject({ record: 'known', active: false });
  expect(bob?.evidence?.links[0]?.lastModified).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));

  // The IdP reactivates Bob and deactivates Hank; someone else removes Dan's SCIM link.
  await idpSetsActive('bob.mover@acme.example', true);
  await idpSetsActive('hank.active@acme.example', false);
  const dan = h.accountIdOf('dan.deactivated@acme.example');
  for (const link of await clients.scimLinks.getScimLinks(dan)) {
    await clients.scimLinks.unlink(link.directoryId, link.scimUserId);
  }

  const second = await rescan();
  const truth1 = await expectExact();
  expect(truth1).not.toContain(h.accountIdOf('bob.mover@acme.example'));
  expect(truth1).toContain(h.accountIdOf('hank.active@acme.example'));
  expect(truth1).not.toContain(dan);
  // Only Hank was new; the daily cadence with a 24 h window re-checks every known account, flagged ones
  // by their links alone (Dan's changed, so his records were read again).
  expect(second.run.totals).toMatchObject({ verified: 1, cleared: 2, newlyFlagged: 1 });
  expect(second.calls.scim ?? 0).toBeLessThan(first.calls.scim ?? 0);

  // Bob is locked again: a new episode, a new issue.
  await idpSetsActive('bob.mover@acme.example', false);
  const third = await rescan();
  await expectExact();
  expect(third.run.totals).toMatchObject({ verified: 1, newlyFlagged: 1, posted: 1 });
  expectStorageWithinLimits(h.rt);
});

test('hourly rescans re-check only their share; nothing is read twice within the window', async () => {
  await configure({ ...SETTINGS, cadence: 'hourly', scanVerifyWindowHours: 24 });
  const first = await rescan();
  await expectExact();
  const known = first.run.totals.candidates;
  const second = await rescan();
  await expectExact();
  const share = Math.ceil(known / 24);
  expect(second.run.totals).toMatchObject({ verified: 0, rechecked: share, newlyFlagged: 0 });
  // Admin APIs only (Jira answers the resolver's admin check): one candidate page per 5 accounts, one
  // link read per re-checked account, no SCIM record read.
  const { jira: _adminCheck, ...admin } = second.calls;
  expect(admin).toEqual({ org: Math.ceil(known / SETTINGS.scanPageSize), scimLinks: share });
});

test('a run that outlives its invocation continues through the queue and shows its progress', async () => {
  await configure(SETTINGS);
  // The run's first invocation, with a clock that says no time is left: it does one unit and hands
  // the rest to the queue.
  const started = (await h.rt.invokeFunction(() => scan.startRun('manual', h.admin.accountId), {}, {})) as {
    runId: string;
  };
  const noTimeLeft = { remainingMs: () => 0 };
  await h.rt.invokeFunction(
    async () => scan.drive({ runId: started.runId, cursor: null, hop: 0 }, noTimeLeft),
    {},
    { kind: 'consumer' },
  );
  expect(h.rt.queue.size()).toBe(1);
  const midway = await lastRun();
  expect(midway).toMatchObject({ runId: started.runId, status: 'running', phase: 'candidates' });
  expect(midway.totals.pages).toBe(1);
  expect(midway.totals.candidates).toBe(SETTINGS.scanPageSize);

  await h.drain();
  const done = await lastRun();
  expect(done).toMatchObject({ runId: started.runId, status: 'completed', phase: null });
  expect(done.hops).toBeGreaterThan(0);
  await expectExact();
});
