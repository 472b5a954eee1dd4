/**
 * `listFlags` through the real admin resolver on the local runtime, after real scans of the demo org
 * (simulator + proxy): its counts (from the counters) equal what walking every page finds, after a scan,
 * a rescan with churn (a new lock, a reactivation), a dismissal and an unlock that resolves a flag.
 */
import { createAtlassianClients, type AtlassianClients } from '../../../../src/atlassian';
import type { FlagIds, FlagPage, ScanStarted } from '../../../../src/contract/app/resolvers';
import { DEFAULT_SETTINGS, type Flag, type FlagStatus } from '../../../../src/contract/app/records';
import { dataOf, errorOf, startForgeHarness, type ForgeHarness } from '../harness';

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
  await h.reset();
  dataOf(
    await h.adminCall('saveSettings', {
      settings: { ...DEFAULT_SETTINGS, scanEnabled: true, projectKey: 'ITSUP', scanPageSize: 5 },
    }),
  );
});
afterAll(async () => {
  await h?.close();
});

async function scanNow(): Promise<void> {
  dataOf(await h.adminCall<ScanStarted>('scanNow'));
  await h.drain();
}

/** Every flag of one filter, walked page by page (3 a page, so there are several). */
async function walk(payload: Record<string, unknown>): Promise<{ flags: Flag[]; last: FlagPage }> {
  const flags: Flag[] = [];
  let cursor: string | null = null;
  let last: FlagPage | null = null;
  for (let i = 0; i < 200; i++) {
    const page: FlagPage = dataOf(
      await h.adminCall<FlagPage>('listFlags', { ...payload, limit: 3, ...(cursor ? { cursor } : {}) }),
    );
    flags.push(...page.items);
    last = page;
    cursor = page.nextCursor;
    if (cursor === null) break;
  }
  if (last === null || cursor !== null) throw new Error('the walk did not end');
  return { flags, last };
}

/** The counters agree with the flags themselves, per status, per directory and in all. */
async function expectCountsExact(): Promise<FlagPage['counts']> {
  const { flags: all, last } = await walk({});
  expect(new Set(all.map((f) => f.accountId)).size).toBe(all.length);
  const tally: Record<FlagStatus | 'all', number> = {
    all: all.length,
    open: 0,
    dismissed: 0,
    resolved: 0,
    cleared: 0,
  };
  for (const f of all) tally[f.status]++;
  expect(last.counts).toEqual(tally);
  expect(last.total).toBe(all.length);
  for (const status of ['open', 'dismissed', 'resolved', 'cleared'] as const) {
    const { flags: some, last: page } = await walk({ status });
    expect(some.every((f) => f.status === status)).toBe(true);
    expect(page.total).toBe(tally[status]);
    let inDirectories = 0;
    for (const d of page.directories) {
      const { flags: inDir, last: dirPage } = await walk({ status, directoryId: d.directoryId });
      expect(dirPage.total).toBe(inDir.length);
      expect(d.count).toBe(inDir.length);
      inDirectories += inDir.length;
    }
    expect(inDirectories).toBe(tally[status]);
  }
  return tally;
}

async function idpSetsActive(email: string, active: boolean): Promise<void> {
  for (const d of h.sim.identity.directories) {
    const found = await clients.scim(d.id).listUsers({ filter: { userName: email } });
    const user = found.resources[0];
    if (user) {
      await clients.scim(d.id).patchUser(user.id, [{ op: 'replace', path: 'active', value: active }]);
      return;
    }
  }
  throw new Error(`${email} has no SCIM user`);
}

test('counts stay exact through scans with churn, a dismissal and an unlock', async () => {
  await scanNow();
  const first = await expectCountsExact();
  expect(first.open).toBeGreaterThan(2);

  // Churn: the IdP reactivates Bob and deactivates Hank; the rescan clears one flag and opens another.
  await idpSetsActive('bob.mover@acme.example', true);
  await idpSetsActive('hank.active@acme.example', false);
  await scanNow();
  const second = await expectCountsExact();
  expect(second.cleared).toBe(first.cleared + 1);

  const open = (await walk({ status: 'open' })).flags;
  const [toDismiss, toUnlock] = open;
  if (toDismiss === undefined || toUnlock === undefined) throw new Error('two open flags expected');
  dataOf(await h.adminCall('dismissFlag', { accountId: toDismiss.accountId, reason: 'known leaver' }));
  const third = await expectCountsExact();
  expect(third).toMatchObject({ open: second.open - 1, dismissed: second.dismissed + 1 });

  dataOf(await h.adminCall('unlock', { accountId: toUnlock.accountId, reason: 'back from leave' }));
  const fourth = await expectCountsExact();
  expect(fourth).toMatchObject({ open: third.open - 1, resolved: third.resolved + 1, all: third.all });
});

test('a directory filter without a status, or a page over 100, is refused', async () => {
  const dir = h.sim.identity.directories[0]?.id ?? 'd';
  expect(errorOf(await h.adminCall('listFlags', { directoryId: dir })).code).toBe('invalid-input');
  expect(errorOf(await h.adminCall('listFlags', { status: 'open', limit: 101 })).code).toBe('invalid-input');
});

test('"select all matching": listFlagIds answers the ids every page of the filter holds', async () => {
  const dir = h.sim.identity.directories[0]?.id ?? 'd';
  for (const filter of [
    {},
    { status: 'open' },
    { status: 'open', directoryId: dir },
    { status: 'cleared' },
  ]) {
    const walked = (await walk(filter)).flags.map((f) => f.accountId);
    const ids = dataOf(await h.adminCall<FlagIds>('listFlagIds', filter));
    expect(ids.capped).toBe(false);
    // The same accounts, in the tab's default order (last seen, newest first).
    expect(ids.accountIds).toEqual(walked);
  }
  expect(errorOf(await h.adminCall('listFlagIds', { directoryId: dir })).code).toBe('invalid-input');
});
