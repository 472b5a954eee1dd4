/**
 * POST /v1/idp/runs and GET /v1/idp/runs/{runId}: the IdP sync as a background run, through the real
 * proxy against the simulator. A run is held at its first deactivation by a gate in the proxy's own
 * fetch (no timers), so "running" is a state the test controls: progress while applying, one run at a
 * time, only the starting caller may read it, the long poll answering when the run ends, and a
 * shutdown stopping the run after the account in hand.
 */
import { SyncRunStatus, ProblemDetails } from '../../../src/contract/proxy';
import { startHarness, TOKEN, type Harness } from './support/sim-proxy';
import { IVY, JACK, keycloakEnv, scenarioRealm } from './support/keycloak-scenario';
import { accountIn, readState } from './support/sim-state';
import { mutationGate } from './support/mutation-gate';

const OTHER_TOKEN = 'proxy-test-other-0123456789abcdefghijkl';

describe('IdP sync as a background run', () => {
  let h: Harness;
  const gate = mutationGate();
  beforeAll(async () => {
    h = await startHarness({
      env: (sim) => ({
        ...keycloakEnv(sim),
        PROXY_API_TOKENS: JSON.stringify({ tests: TOKEN, other: OTHER_TOKEN }),
      }),
      http: { fetch: gate.fetch },
    });
    await h.control.reset({ seed: 'demo' });
    await scenarioRealm(h);
  });
  // A failed test must not leave a call held: the proxy's shutdown waits for the run.
  afterAll(async () => {
    gate.release();
    await h.close();
  });

  const status = async (runId: string, wait = 0) => {
    const res = await h.call('GET', `/v1/idp/runs/${runId}?waitSeconds=${wait}`);
    expect(res.status).toBe(200);
    return SyncRunStatus.parse(res.body);
  };

  test('a run reports its progress, refuses a second run and other callers, and answers the long poll when it ends', async () => {
    gate.arm();
    const started = await h.call('POST', '/v1/idp/runs', { dryRun: false });
    expect(started.status).toBe(200);
    const { runId } = SyncRunStatus.parse(started.body);
    await gate.reached;

    const held = await status(runId);
    expect(held).toMatchObject({ state: 'running', dryRun: false, result: null, finishedAt: null });
    expect(held.progress).toEqual({ phase: 'applying', toApply: 3, attempted: 1 });

    // One sync at a time, whichever route asks.
    for (const path of ['/v1/idp/runs', '/v1/idp/sync']) {
      const again = await h.call('POST', path, { dryRun: true });
      expect(again.status).toBe(409);
      expect(ProblemDetails.parse(again.body).type).toMatch(/idp-sync-running/);
    }
    // Another caller cannot learn that the run exists.
    const other = await fetch(`${h.proxy.url}/v1/idp/runs/${runId}`, {
      headers: { authorization: `Bearer ${OTHER_TOKEN}` },
    });
    expect(other.status).toBe(404);

    const polled = status(runId, 20);
    gate.release();
    const done = await polled;
    expect(done.state).toBe('finished');
    expect(done.progress).toEqual({ phase: 'finished', toApply: 3, attempted: 3 });
    expect(done.result?.applied.map((a) => a.outcome)).toEqual(['done', 'done', 'done']);
    const state = await readState(h.control);
    expect(accountIn(state, IVY).accountStatus).toBe('inactive');
    expect(Object.values(accountIn(state, JACK).memberships)).toEqual(['suspended']);
    // The same audit trail as the synchronous sync: one line per account.
    expect(h.auditEvents().filter((e) => e.action === 'deactivate')).toHaveLength(3);
  });

  test.each([
    ['an unknown run', '/v1/idp/runs/idp-0123456789abcdef', 404],
    ['a malformed run id', '/v1/idp/runs/not-a-run', 400],
    ['a wait over 20 seconds', '/v1/idp/runs/idp-0123456789abcdef?waitSeconds=21', 400],
  ])('%s is refused', async (_name, path, code) => {
    expect((await h.call('GET', path)).status).toBe(code);
  });
});

describe('a background run when the proxy stops', () => {
  test('stops after the account in hand and reports the rest as not run; the restarted proxy does not know it', async () => {
    const gate = mutationGate();
    const h = await startHarness({ env: (sim) => keycloakEnv(sim), http: { fetch: gate.fetch } });
    try {
      await h.control.reset({ seed: 'demo' });
      await scenarioRealm(h);
      gate.arm();
      const { runId } = SyncRunStatus.parse((await h.call('POST', '/v1/idp/runs', { dryRun: false })).body);
      await gate.reached;
      const restarting = h.restartProxy();
      gate.release();
      await restarting;
      // The shutdown let the account in hand finish and started no other.
      const deactivations = h.auditEvents().filter((e) => e.action === 'deactivate');
      expect(deactivations).toHaveLength(1);
      expect(deactivations[0]?.outcome).toBe('done');
      expect((await h.call('GET', `/v1/idp/runs/${runId}`)).status).toBe(404);
    } finally {
      gate.release();
      await h.close();
    }
  });

  test('without Keycloak the run routes answer 501', async () => {
    const h = await startHarness();
    try {
      expect((await h.call('POST', '/v1/idp/runs', {})).status).toBe(501);
      expect((await h.call('GET', '/v1/idp/runs/idp-0123456789abcdef')).status).toBe(501);
    } finally {
      await h.close();
    }
  });
});
