/**
 * The shared limiter against the simulator's own rate limiter (fixed windows with X-RateLimit-* and
 * Retry-After, the documented profile in src/sandbox/sim/control/rate-limit-profiles.ts): a burst far
 * above the limit is paced into the windows without 429s beyond the first discovery, and an interactive
 * call issued behind a queued batch is served before the batch's queue drains.
 */
import { createAtlassianClients, type AtlassianClients } from '../../../src/atlassian';
import { createAdaptiveLimiter, runInLane, type UpstreamLimiter } from '../../../src/atlassian/http/limiter';
import { SimControlClient } from '../../../src/sandbox/sim/control-client';
import { documentedRateLimits } from '../../../src/sandbox/sim/control/rate-limit-profiles';
import { startSimulator, type RunningSimulator } from '../../../src/sandbox/sim/server';

describe('adaptive limiter against the simulator limiter', () => {
  let sim: RunningSimulator;
  let control: SimControlClient;
  let limiter: UpstreamLimiter;
  let clients: AtlassianClients;

  beforeEach(async () => {
    sim = await startSimulator({ port: 0, seed: { seed: 'demo' } });
    control = new SimControlClient(sim.url, sim.identity.controlToken);
    limiter = createAdaptiveLimiter({ config: { initialRatePerSec: 20 } });
    clients = createAtlassianClients({
      baseUrl: sim.url,
      orgId: sim.identity.org.id,
      orgApiKey: sim.identity.org.apiKey,
      http: { limiter },
    });
  });
  afterEach(async () => {
    await sim.close();
  });

  test('60 batch calls against 20 per 500 ms: paced into the windows, no 429', async () => {
    // The documented profile's shape (every family, Retry-After on), scaled to a short window.
    for (const c of documentedRateLimits({ limit: 20, timeScale: 120 })) await control.setRateLimit(c);
    await control.clearCalls();
    await runInLane('batch', () =>
      Promise.all(Array.from({ length: 60 }, () => clients.org.listDirectories({ limit: 1 }))),
    );
    const { calls } = await control.calls();
    expect(calls.filter((c) => c.api === 'org')).toHaveLength(60);
    expect(calls.filter((c) => c.status === 429)).toHaveLength(0);
    const org = limiter.view().find((f) => f.api === 'org')!;
    expect(org.window).toEqual({ limit: 20, lengthMs: expect.any(Number) });
    expect(org.limited).toBe(0);
  });

  test('a 429 is honoured: the family pauses for Retry-After and every call still succeeds', async () => {
    await control.setRateLimit({ api: 'org', limit: 3, windowMs: 400, retryAfter: true });
    // The first answers of a window are not known in advance: a burst before any answer meets the limit.
    await control.setFaults({ api: 'org', sequence: [{ status: 429, retryAfter: '1' }] });
    await control.clearCalls();
    await runInLane('batch', () =>
      Promise.all(Array.from({ length: 8 }, () => clients.org.listDirectories({ limit: 1 }))),
    );
    const { calls } = await control.calls();
    expect(calls.filter((c) => c.status === 200)).toHaveLength(8);
    expect(limiter.view().find((f) => f.api === 'org')!.limited).toBeGreaterThanOrEqual(1);
  });

  test('an interactive call is served before a queued batch drains', async () => {
    await control.setRateLimit({ api: 'org', limit: 10, windowMs: 300, retryAfter: true });
    const finished: string[] = [];
    const batch = runInLane('batch', () =>
      Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          clients.org.listDirectories({ limit: 1 }).then(() => finished.push(`batch-${i}`)),
        ),
      ),
    );
    // Issued after all 30 batch calls are queued.
    const interactive = clients.org.listDirectories({ limit: 1 }).then(() => finished.push('interactive'));
    await Promise.all([batch, interactive]);
    const position = finished.indexOf('interactive');
    expect(position).toBeGreaterThanOrEqual(0);
    // It did not wait for the 30 queued batch calls (it jumps the queue at the next free send).
    expect(position).toBeLessThan(15);
    const { calls } = await control.calls();
    expect(calls.filter((c) => c.status === 429)).toHaveLength(0);
  });
});
