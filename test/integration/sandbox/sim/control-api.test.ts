import { request } from 'node:http';
import { SimControlClient, SimControlError } from '../../../../src/sandbox/sim/control-client';
import { startSimulator, type RunningSimulator } from '../../../../src/sandbox/sim/server';
import { call, credsOf, type Creds } from './sim-http';

/** The control API (/_sim) through SimControlClient: reset, faults, rate limit, latency, state, calls. */

let sim: RunningSimulator;
let ctl: SimControlClient;
let c: Creds;
beforeAll(async () => {
  sim = await startSimulator({ seed: { seed: 'demo' } });
  ctl = new SimControlClient(sim.url, sim.identity.controlToken);
  c = credsOf(sim);
});
afterAll(() => sim.close());
beforeEach(async () => {
  await ctl.clearFaults();
  await ctl.clearRateLimit();
  await ctl.clearLatency();
  await ctl.clearCalls();
});

const directories = () => call(sim, 'GET', `/admin/v2/orgs/${c.orgId}/directories`, { token: c.org });
const scimList = () => call(sim, 'GET', `/scim/directory/${c.okta.id}/Users?count=1`, { token: c.okta.key });

test('the control API wants the control token', async () => {
  const wrong = new SimControlClient(sim.url, c.org);
  await expect(wrong.calls()).rejects.toBeInstanceOf(SimControlError);
  await expect(wrong.calls()).rejects.toMatchObject({ status: 401 });
});

test('invalid control bodies are refused with 400', async () => {
  await expect(ctl.setFaults({ api: 'org' } as never)).rejects.toMatchObject({ status: 400 });
  await expect(ctl.reset({ seed: 'nonsense' } as never)).rejects.toMatchObject({ status: 400 });
});

test('reset rebuilds the model and keeps identity', async () => {
  const before = await ctl.state();
  await ctl.reset({ seed: 'empty' });
  const empty = await ctl.state();
  expect(empty.accounts).toEqual([]);
  // Keys from before the reset still work.
  expect((await directories()).status).toBe(200);
  await ctl.reset({ seed: 'demo' });
  expect(await ctl.state()).toEqual(before);
});

test('a fault sequence applies to the next N matching requests, then requests are normal', async () => {
  await ctl.setFaults({
    api: 'org',
    sequence: [
      { status: 429, retryAfter: '7', rateLimitReset: '2030-01-01T00:00:00Z' },
      { status: 503 },
      { latencyMs: 5 },
    ],
  });
  // Another family is not affected.
  expect((await scimList()).status).toBe(200);
  const first = await directories();
  expect(first.status).toBe(429);
  expect(first.headers.get('retry-after')).toBe('7');
  expect(first.headers.get('x-ratelimit-reset')).toBe('2030-01-01T00:00:00Z');
  expect(first.body).toEqual({ code: 429, message: expect.any(String) });
  const second = await directories();
  expect(second.status).toBe(503);
  expect(second.body).toEqual({ errors: [expect.objectContaining({ status: '503' })] });
  expect((await directories()).status).toBe(200);
  expect((await directories()).status).toBe(200);

  const { calls, counters } = await ctl.calls();
  expect(calls.map((x) => [x.api, x.status, x.fault])).toEqual([
    ['scim', 200, undefined],
    ['org', 429, 'status:429'],
    ['org', 503, 'status:503'],
    ['org', 200, 'latency:5'],
    ['org', 200, undefined],
  ]);
  expect(counters).toEqual({ org: 4, scim: 1 });
});

test("'all' matches every family and a family's own plan wins", async () => {
  await ctl.setFaults({ api: 'all', sequence: [{ status: 500 }, { status: 502 }] });
  await ctl.setFaults({ api: 'scim', sequence: [{ status: 504 }] });
  expect((await scimList()).status).toBe(504);
  expect((await scimList()).status).toBe(500);
  expect((await directories()).status).toBe(502);
  expect((await directories()).status).toBe(200);
});

test('drop destroys the socket without a response', async () => {
  await ctl.setFaults({ api: 'org', sequence: [{ drop: true }] });
  await expect(directories()).rejects.toThrow();
  expect((await directories()).status).toBe(200);
  expect((await ctl.calls()).calls.map((x) => [x.status, x.fault])).toEqual([
    [0, 'drop'],
    [200, undefined],
  ]);
});

test('drop as seen by a raw HTTP client: connection reset, no status line', async () => {
  await ctl.setFaults({ api: 'scim', sequence: [{ drop: true }] });
  const outcome = await new Promise<string>((resolve) => {
    const req = request(`${sim.url}/scim/directory/${c.okta.id}/Users`, {
      headers: { Authorization: `Bearer ${c.okta.key}` },
    });
    req.on('response', (res) => resolve(`response ${res.statusCode}`));
    req.on('error', (e: NodeJS.ErrnoException) => resolve(`error ${e.code}`));
    req.end();
  });
  expect(outcome).toBe('error ECONNRESET');
});

test('probability faults are reproducible for a given seed', async () => {
  const run = async () => {
    await ctl.setFaults({ api: 'scim', probability: { p: 0.5, fault: { status: 503 }, seed: 42 } });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await scimList()).status);
    return statuses;
  };
  const a = await run();
  const b = await run();
  expect(a).toEqual(b);
  expect(a).toContain(503);
  expect(a).toContain(200);
});

test('rate limiter: X-RateLimit-* on every answer, 429 with Retry-After once the window is used up', async () => {
  await ctl.setRateLimit({ api: 'org', limit: 2, windowMs: 60_000, retryAfter: true });
  const ok1 = await directories();
  const ok2 = await directories();
  const limited = await directories();
  expect([ok1.status, ok2.status, limited.status]).toEqual([200, 200, 429]);
  expect(ok1.headers.get('x-ratelimit-limit')).toBe('2');
  expect([ok1, ok2, limited].map((r) => r.headers.get('x-ratelimit-remaining'))).toEqual(['1', '0', '0']);
  const reset = limited.headers.get('x-ratelimit-reset') ?? '';
  expect(new Date(reset).toISOString()).toBe(reset);
  expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect((await ctl.calls()).calls.at(-1)).toMatchObject({ status: 429, fault: 'rateLimit' });

  await ctl.setRateLimit({ api: 'org', limit: 0, windowMs: 60_000, retryAfter: false });
  const noRetryAfter = await directories();
  expect(noRetryAfter.status).toBe(429);
  expect(noRetryAfter.headers.get('retry-after')).toBeNull();
  expect(noRetryAfter.headers.get('x-ratelimit-reset')).not.toBeNull();

  await ctl.clearRateLimit();
  expect((await directories()).status).toBe(200);
});

test('latency applies to matching requests and is recorded like any call', async () => {
  await ctl.setLatency({ api: 'userManagement', ms: 5 });
  const res = await call(sim, 'GET', '/users/712020:unknown/manage', { token: c.org });
  expect(res.status).toBe(404);
  expect((await ctl.calls()).counters).toEqual({ userManagement: 1 });
});

test('state is read-only JSON without secrets; /_sim calls are not logged', async () => {
  const state = await ctl.state();
  expect(Object.keys(state)).toEqual([...Object.keys(state)].sort());
  expect(Object.keys(state)).toEqual(
    expect.arrayContaining(['accounts', 'directories', 'org', 'keycloakUsers', 'jira']),
  );
  const text = JSON.stringify(state);
  for (const secret of [
    c.org,
    c.okta.key,
    c.entra.key,
    sim.identity.controlToken,
    sim.identity.jira.appToken,
  ]) {
    expect(text).not.toContain(secret);
  }
  expect((await ctl.calls()).calls).toEqual([]);
});

test('Jira requests go through the same chain', async () => {
  const admin = sim.identity.jira.users.find((u) => u.admin);
  await ctl.setFaults({ api: 'jira', sequence: [{ status: 503 }] });
  const path = `/ex/jira/${sim.identity.jira.cloudId}/rest/api/3/myself`;
  const faulted = await call(sim, 'GET', path, { token: admin?.token ?? '' });
  expect(faulted.status).toBe(503);
  expect(faulted.body).toEqual({ errorMessages: [expect.any(String)], errors: {} });
  expect((await call(sim, 'GET', path, { token: admin?.token ?? '' })).status).toBe(200);
  expect((await ctl.calls()).counters).toEqual({ jira: 2 });
});

test('the clock moves forward on request, and later SCIM changes carry the later time', async () => {
  const user = (await scimList()).body as {
    Resources: Array<{ id: string; meta: { lastModified: string } }>;
  };
  const id = user.Resources[0]?.id ?? '';
  const now = await ctl.advanceClock(10 * 60_000);
  const patched = await call(sim, 'PATCH', `/scim/directory/${c.okta.id}/Users/${id}`, {
    token: c.okta.key,
    body: {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'title', value: 'Moved on' }],
    },
  });
  expect(patched.status).toBe(200);
  const lastModified = (patched.body as { meta: { lastModified: string } }).meta.lastModified;
  expect(Date.parse(lastModified)).toBeGreaterThan(Date.parse(now));
  expect(Date.parse(lastModified) - Date.parse(now)).toBeLessThan(60_000);
  await expect(ctl.advanceClock(-1)).rejects.toMatchObject({ status: 400 });
  await ctl.reset({ seed: 'demo' });
});
