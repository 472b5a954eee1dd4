/**
 * An IdP run that outlives one queue invocation: the app starts the proxy's background run, follows it
 * while the invocation's time lasts, stores its progress for the admin page and hands it to the next
 * invocation with the lock kept; the next one learns the outcome from the long poll and reports it once.
 * The proxy's first deactivation is held by a gate in its own fetch, and the first invocation is given a
 * stepping clock, so "still running when the time is up" is a state the test sets, not a race.
 */
import * as app from '../../../src/index';
import type { IdpRunStarted, IdpSyncView } from '../../../src/contract/app/resolvers';
import type { IdpRun } from '../../../src/contract/app/idp-records';
import { DEFAULT_SETTINGS } from '../../../src/contract/app/records';
import { idpSync } from '../../../src/forge/idp-sync/idp-sync';
import { KEYS } from '../../../src/forge/platform/repository';
import { scenarioRealm } from '../proxy/support/keycloak-scenario';
import { mutationGate } from '../proxy/support/mutation-gate';
import { dataOf, startForgeHarness, type ForgeHarness } from './harness';

const gate = mutationGate();
let h: ForgeHarness;
beforeAll(async () => {
  h = await startForgeHarness({ proxyFetch: gate.fetch });
});
afterAll(async () => {
  // A failed test must not leave a call held: the proxy's shutdown waits for the run.
  gate.release();
  await h?.close();
});

async function view(): Promise<IdpSyncView> {
  return dataOf(await h.adminCall<IdpSyncView>('getIdpSync'));
}

async function lastRun(): Promise<IdpRun> {
  const run = (await view()).state.lastRun;
  if (run === null) throw new Error('no IdP run recorded');
  return run;
}

/** An invocation clock that loses a second each time it is read: the second poll finds no time left. */
function steppingClock(startMs: number) {
  let remaining = startMs + 1000;
  return { remainingMs: () => (remaining -= 1000) };
}

test('a run handed across invocations shows its progress, keeps its lock and is reported once', async () => {
  await h.reset();
  await scenarioRealm(h);
  dataOf(await h.adminCall('saveSettings', { settings: { ...DEFAULT_SETTINGS, idpSync: 'off' } }));
  gate.arm();
  const started = dataOf(
    await h.adminCall<IdpRunStarted>('runIdpSync', { dryRun: false, reason: 'leavers' }),
  );

  // The first invocation, as the consumer would run it, with little time: it starts the proxy's run,
  // polls once and hands the run on (hop 1).
  const first = await h.rt.invokeFunction(
    async () => idpSync.execute(started.runId, 0, () => new Date(), steppingClock(8000)),
    {},
    { kind: 'consumer' },
  );
  expect(first).toBeNull();
  expect((await lastRun()).proxyRunId).toMatch(/^idp-/);
  // Hop 1, again short of time, once the proxy holds its first deactivation: the progress it stores
  // is what the admin page shows.
  await gate.reached;
  const second = await h.rt.invokeFunction(
    async () => idpSync.execute(started.runId, 1, () => new Date(), steppingClock(8000)),
    {},
    { kind: 'consumer' },
  );
  expect(second).toBeNull();
  const during = await lastRun();
  expect(during.status).toBe('running');
  expect(during.progress).toEqual({ phase: 'applying', toApply: 3, attempted: 1, hops: 1 });
  expect((await view()).running).toBe(true);
  // Each hop runs once: the queued delivery of hop 1 (already run above) does nothing.
  expect(
    await h.rt.invokeFunction(async () => idpSync.execute(started.runId, 1), {}, { kind: 'consumer' }),
  ).toBeNull();

  // The next invocation (queued as hop 2) long-polls and learns the outcome once the run ends.
  gate.release();
  await h.drain();
  const done = await lastRun();
  expect(done.status).toBe('completed');
  expect(done.result?.appliedActions).toEqual({ deactivate: 2, suspend: 1, reactivate: 0, none: 0 });
  expect((await view()).running).toBe(false);
  const audit = dataOf(
    await h.adminCall<{ items: unknown[] }>('listAudit', { action: 'idp-sync', limit: 10 }),
  );
  expect(audit.items).toHaveLength(1);
  expect(h.proxyAudit().filter((e) => e.action === 'deactivate')).toHaveLength(3);
});

test('a run the proxy no longer knows (it restarted) ends as failed with what to do next', async () => {
  await h.reset();
  await scenarioRealm(h);
  const started = dataOf(await h.adminCall<IdpRunStarted>('runIdpSync', { dryRun: true }));
  // As after a proxy restart: the stored run follows a proxy run id the proxy does not know.
  const state = h.rt.kvs.entries().find((e) => e.key === KEYS.idpState);
  if (state === undefined) throw new Error('no IdP state stored');
  const stored = state.value as { lastRun: IdpRun };
  h.rt.kvs.set(
    { kind: 'plain' },
    KEYS.idpState,
    { ...stored, lastRun: { ...stored.lastRun, proxyRunId: 'idp-00000000000000000000' } },
    {},
  );
  await h.rt.invokeFunction(
    app.scanConsumer,
    { body: { kind: 'idp-sync', runId: started.runId } },
    {
      kind: 'consumer',
    },
  );
  const run = await lastRun();
  expect(run.status).toBe('failed');
  expect(run.error?.message).toMatch(/no longer knows this run .* audit log/);
  expect((await view()).running).toBe(false);
});
