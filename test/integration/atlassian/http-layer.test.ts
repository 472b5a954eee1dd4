/**
 * The HTTP layer and clients against the real simulator (src/sandbox/sim/server.ts) with fault injection
 * through its control API. Waits are virtual: the injected sleep records each requested delay and
 * advances the injected clock, so the assertions check that delays honour the headers without waiting.
 */
import {
  AtlassianForbiddenError,
  AtlassianNetworkError,
  AtlassianRateLimitedError,
  AtlassianServerError,
  createAtlassianClients,
  type AtlassianClients,
  type AtlassianLogger,
} from '../../../src/atlassian';
import { SimControlClient } from '../../../src/sandbox/sim/control-client';
import { startSimulator, type RunningSimulator } from '../../../src/sandbox/sim/server';

const START = Date.UTC(2026, 10, 20, 12, 0, 0);

describe('Atlassian HTTP layer against the simulator', () => {
  let sim: RunningSimulator;
  let control: SimControlClient;
  const errors: unknown[] = [];
  const logLines: string[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: { seed: 'demo' } });
    control = new SimControlClient(sim.url, sim.identity.controlToken);
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(async () => {
    await control.clearFaults();
    await control.clearRateLimit();
    await control.clearCalls();
  });

  function setup(opts: { realClock?: boolean } = {}) {
    let clock = START;
    const delays: number[] = [];
    const logger: AtlassianLogger = {
      debug: (obj, msg) => logLines.push(JSON.stringify({ msg, ...obj })),
      warn: (obj, msg) => logLines.push(JSON.stringify({ msg, ...obj })),
    };
    const clients: AtlassianClients = createAtlassianClients({
      baseUrl: sim.url,
      orgId: sim.identity.org.id,
      orgApiKey: sim.identity.org.apiKey,
      scimKeys: Object.fromEntries(sim.identity.directories.map((d) => [d.id, d.scimKey])),
      http: {
        timeoutMs: 10_000,
        retry: { maxAttempts: 4, maxElapsedMs: 120_000, baseDelayMs: 1000, maxDelayMs: 30_000 },
        sleep: async (ms) => {
          delays.push(ms);
          clock += ms;
        },
        ...(opts.realClock ? {} : { now: () => clock }),
        random: () => 0.5,
        logger,
      },
    });
    return { clients, delays };
  }

  async function capture<T>(promise: Promise<T>): Promise<unknown> {
    const err = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    errors.push(err);
    return err;
  }

  async function accountIdOf(clients: AtlassianClients, email: string): Promise<string> {
    const page = await clients.org.searchUsers('-', { emails: [email] });
    const id = page.data[0]?.accountId;
    if (!id) throw new Error(`demo seed has no ${email}`);
    return id;
  }

  it('429 with Retry-After in seconds: waits exactly that long, then succeeds', async () => {
    const { clients, delays } = setup();
    await control.setFaults({ api: 'org', sequence: [{ status: 429, retryAfter: '2' }] });
    const page = await clients.org.searchUsers('-', { emails: ['bob.mover@acme.example'] });
    expect(page.data.map((u) => u.email)).toEqual(['bob.mover@acme.example']);
    expect(delays).toEqual([2000]);
    const { calls } = await control.calls();
    expect(calls.map((c) => [c.api, c.status])).toEqual([
      ['org', 429],
      ['org', 200],
    ]);
  });

  it('429 with Retry-After as an HTTP date: waits until that date', async () => {
    const { clients, delays } = setup();
    await control.setFaults({
      api: 'scimLinks',
      sequence: [{ status: 429, retryAfter: new Date(START + 4000).toUTCString() }],
    });
    const bob = await accountIdOf(clients, 'bob.mover@acme.example');
    const links = await clients.scimLinks.getScimLinks(bob);
    expect(links.length).toBeGreaterThan(0);
    expect(delays).toEqual([4000]);
  });

  it('429 with only X-RateLimit-Reset: waits until the reset', async () => {
    const { clients, delays } = setup();
    await control.setFaults({
      api: 'org',
      sequence: [{ status: 429, rateLimitReset: new Date(START + 3500).toISOString() }],
    });
    const dirs = await clients.org.listDirectories();
    expect(dirs.data.map((d) => d.directoryId).sort()).toEqual(
      sim.identity.directories.map((d) => d.id).sort(),
    );
    expect(delays).toEqual([3500]);
  });

  it("the simulator's own rate limiter: honours its X-RateLimit-Reset, then gives up with the wait", async () => {
    const { clients, delays } = setup({ realClock: true });
    await control.setRateLimit({ api: 'org', limit: 1, windowMs: 20_000, retryAfter: false });
    await clients.org.listDirectories();
    const err = await capture(clients.org.listDirectories());
    expect(err).toBeInstanceOf(AtlassianRateLimitedError);
    expect(err).toMatchObject({ status: 429, attempts: 4 });
    expect(delays).toHaveLength(3);
    for (const d of delays) {
      expect(d).toBeGreaterThan(0);
      expect(d).toBeLessThanOrEqual(20_000);
    }
    const retryAfterMs = (err as AtlassianRateLimitedError).retryAfterMs ?? -1;
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(retryAfterMs).toBeLessThanOrEqual(20_000);
  });

  it('a burst of 503s, then success, with jittered exponential backoff', async () => {
    const { clients, delays } = setup();
    await control.setFaults({
      api: 'userManagement',
      sequence: [{ status: 503 }, { status: 503 }, { status: 503 }],
    });
    const bob = await accountIdOf(clients, 'bob.mover@acme.example');
    const privileges = await clients.userManagement.getManage(bob);
    expect(privileges['lifecycle.enablement']).toEqual({
      allowed: false,
      reason: { key: 'externalDirectory.scim' },
    });
    expect(delays).toEqual([500, 1000, 2000]);
    expect(clients.callCounter.snapshot()).toMatchObject({
      total: 5,
      retries: 3,
      byApi: { org: 1, userManagement: 4 },
    });
  });

  it('dropped connections, then success', async () => {
    const { clients, delays } = setup();
    const dir = sim.identity.directories[0]!;
    await control.setFaults({ api: 'scim', sequence: [{ drop: true }, { drop: true }] });
    const list = await clients.scim(dir.id).listUsers({ filter: { userName: 'bob.mover@acme.example' } });
    expect(list.resources.map((u) => u.userName)).toEqual(['bob.mover@acme.example']);
    expect(delays).toEqual([500, 1000]);
    const { calls } = await control.calls();
    expect(calls.map((c) => c.fault ?? c.status)).toEqual(['drop', 'drop', 200]);
  });

  it('gives up after the attempt bound with the last error', async () => {
    const { clients, delays } = setup();
    const bob = await accountIdOf(clients, 'bob.mover@acme.example');
    await control.clearCalls();
    await control.setFaults({
      api: 'userManagement',
      sequence: Array.from({ length: 6 }, () => ({ status: 502 as const })),
    });
    const err = await capture(clients.userManagement.getManage(bob));
    expect(err).toBeInstanceOf(AtlassianServerError);
    expect(err).toMatchObject({ status: 502, attempts: 4, operationId: 'um.getManage' });
    expect(delays).toEqual([500, 1000, 2000]);
    expect((await control.calls()).calls).toHaveLength(4);
  });

  it('never retries a mutation on 503, and flags a dropped one as ambiguous', async () => {
    const { clients, delays } = setup();
    const frank = await accountIdOf(clients, 'frank.deleted@acme.example');
    await control.clearCalls();

    await control.setFaults({ api: 'userManagement', sequence: [{ status: 503 }] });
    const e503 = await capture(clients.userManagement.enable(frank));
    expect(e503).toBeInstanceOf(AtlassianServerError);
    expect(e503).toMatchObject({ attempts: 1 });

    await control.setFaults({ api: 'userManagement', sequence: [{ drop: true }] });
    const eDrop = await capture(clients.userManagement.enable(frank));
    expect(eDrop).toBeInstanceOf(AtlassianNetworkError);
    expect(eDrop).toMatchObject({ ambiguous: true, attempts: 1 });

    expect(delays).toEqual([]);
    const { calls } = await control.calls();
    expect(calls.map((c) => [c.method, c.fault])).toEqual([
      ['POST', 'status:503'],
      ['POST', 'drop'],
    ]);
  });

  it('surfaces the SCIM lock on enable as forbidden.action [externalDirectory.scim]', async () => {
    const { clients } = setup();
    const bob = await accountIdOf(clients, 'bob.mover@acme.example');
    const err = await capture(clients.userManagement.enable(bob));
    expect(err).toBeInstanceOf(AtlassianForbiddenError);
    expect(err).toMatchObject({ code: 'forbidden.action', reason: 'externalDirectory.scim' });
  });

  it('no key or token appears in any error message, error JSON or log line', async () => {
    // Self-contained: provoke one error of each family here, on top of those captured above.
    const { clients } = setup();
    const bob = await accountIdOf(clients, 'bob.mover@acme.example');
    await capture(clients.userManagement.enable(bob));
    await control.setFaults({ api: 'userManagement', sequence: [{ drop: true }] });
    await capture(clients.userManagement.disable(bob, 'left'));
    await control.setFaults({
      api: 'scim',
      sequence: Array.from({ length: 4 }, () => ({ status: 500 as const })),
    });
    await capture(clients.scim(sim.identity.directories[0]!.id).getUser('no-such-user'));
    await capture(clients.scim(sim.identity.directories[1]!.id).getUser('no-such-user'));
    await capture(clients.org.getUser('-', 'no-such-account'));
    const secrets = [
      sim.identity.org.apiKey,
      sim.identity.controlToken,
      ...sim.identity.directories.map((d) => d.scimKey),
    ];
    const captured = errors.filter((e) => e !== undefined);
    expect(captured.length).toBeGreaterThanOrEqual(5);
    expect(logLines.length).toBeGreaterThan(0);
    const surfaces = [
      ...captured.map((e) => (e as Error).message),
      ...captured.map((e) => JSON.stringify(e)),
      ...logLines,
    ];
    for (const text of surfaces) {
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/bearer\s+(?!\[REDACTED\])\S/i);
    }
  });
});
