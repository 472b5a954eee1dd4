import { LocalQueues, QUEUE_LIMITS } from '../../../../src/sandbox/forge-runtime/queue';
import { LocalScheduler, INTERVAL_MS } from '../../../../src/sandbox/forge-runtime/scheduler';

const PUBLISH = '/webhook/queue/publish/{contextAri}/{environmentId}/{appId}/{appVersion}';

function pushBody(n: number, queueName = 'q', jobId = 'job-1') {
  return {
    method: 'POST',
    body: JSON.stringify({
      queueName,
      jobId,
      type: 'avi:forge:app:event',
      schema: 'ari:cloud:ecosystem::forge/app-event-2',
      payload: Array.from({ length: n }, (_, i) => ({ body: { i } })),
      time: '2026-11-02T09:00:00.000Z',
    }),
  };
}

describe('queue platform limits', () => {
  test('500 events per minute per installation, then 429 until the minute has passed', () => {
    let now = 0;
    const q = new LocalQueues({ now: () => now }, async () => undefined);
    for (let i = 0; i < 10; i++)
      expect(q.handle(PUBLISH, pushBody(50, 'q', `j${i}`), `root-${i}`).status).toBe(201);
    expect(q.handle(PUBLISH, pushBody(1), 'root-x').status).toBe(429);
    now = 60_000;
    expect(q.handle(PUBLISH, pushBody(1), 'root-x').status).toBe(201);
  });

  test('1000 pushes per invocation chain, then 405', () => {
    let now = 0;
    const q = new LocalQueues({ now: () => now }, async () => undefined);
    for (let i = 0; i < QUEUE_LIMITS.pushesPerChain; i++) {
      now += 1000; // stay under the per-minute rate
      expect(q.handle(PUBLISH, pushBody(1), 'chain').status).toBe(201);
    }
    expect(q.handle(PUBLISH, pushBody(1), 'chain').status).toBe(405);
    expect(q.handle(PUBLISH, pushBody(1), 'another-chain').status).toBe(201);
  });

  test.each([
    ['51 events', pushBody(51)],
    ['a bad queue name', pushBody(1, 'bad name')],
    ['not JSON', { method: 'POST', body: '{' }],
  ])('%s is a 400', (_name, init) => {
    const q = new LocalQueues({ now: () => 0 }, async () => undefined);
    expect(q.handle(PUBLISH, init, 'root').status).toBe(400);
  });

  test('cancel drops the pending events of a job; stats of an unknown job are 404', async () => {
    const q = new LocalQueues({ now: () => 0 }, async () => undefined);
    q.handle(PUBLISH, pushBody(3), 'root');
    const job = { method: 'POST', body: JSON.stringify({ queueName: 'q', jobId: 'job-1', time: 't' }) };
    expect(q.handle('/webhook/queue/cancel/a/b/c/d', job, 'root').status).toBe(204);
    expect(q.size()).toBe(0);
    const stats = q.handle('/webhook/queue/stats/a/b/c/d', job, 'root');
    expect(await stats.json()).toEqual({ success: 0, inProgress: 0, failed: 0 });
    const unknown = { method: 'POST', body: JSON.stringify({ queueName: 'q', jobId: 'nope', time: 't' }) };
    expect(q.handle('/webhook/queue/stats/a/b/c/d', unknown, 'root').status).toBe(404);
  });

  test('delays order deliveries; retries stop after 4; a throwing consumer is reported, not retried', async () => {
    const order: string[] = [];
    const q = new LocalQueues({ now: () => 0 }, async (_h, event) => {
      order.push(
        `${String(event.body.name)}${event.retryContext ? `#${event.retryContext.retryCount}` : ''}`,
      );
      if (event.body.name === 'retry') return { _retry: true, retryOptions: { retryAfter: 1000 } };
      if (event.body.name === 'boom') throw new Error('boom');
      return undefined;
    });
    q.register('q', async () => undefined);
    const push = (name: string, delayInSeconds: number) =>
      q.handle(
        PUBLISH,
        {
          method: 'POST',
          body: JSON.stringify({
            queueName: 'q',
            jobId: name,
            type: 't',
            schema: 's',
            payload: [{ body: { name }, delayInSeconds }],
            time: 't',
          }),
        },
        'root',
      );
    push('late', 600);
    push('retry', 0);
    push('boom', 0);
    push('early', 10);
    const report = await q.drain();
    expect(order).toEqual(['retry', 'boom', 'early', 'late', 'retry#1', 'retry#2', 'retry#3', 'retry#4']);
    expect(report.retried).toBe(4);
    expect(report.failed.map((f) => [f.jobId, f.error])).toEqual([
      ['boom', 'Error: boom'],
      ['retry', 'retries exhausted'],
    ]);
  });

  test('drain is bounded', async () => {
    const q = new LocalQueues({ now: () => 0 }, async () => undefined);
    q.register('q', async () => undefined);
    q.handle(PUBLISH, pushBody(5), 'root');
    await expect(q.drain({ maxDeliveries: 3 })).rejects.toMatchObject({ code: 'QUEUE_DRAIN_LIMIT' });
  });
});

describe('scheduler', () => {
  test('first due one interval after registration; missed slots are not caught up', async () => {
    const runs: string[] = [];
    const s = new LocalScheduler({ now: () => 0 }, async (key) => void runs.push(key));
    s.registerTrigger('five', async () => undefined, { interval: 'fiveMinute' });
    s.registerTrigger('hourly', async () => undefined);
    expect(s.nextDue('five')).toBe(INTERVAL_MS.fiveMinute);
    expect(await s.tick(INTERVAL_MS.fiveMinute - 1)).toEqual([]);
    expect(await s.tick(INTERVAL_MS.hour + 1)).toEqual([
      { key: 'five', outcome: 'ok' },
      { key: 'hourly', outcome: 'ok' },
    ]);
    expect(runs).toEqual(['five', 'hourly']);
    expect(s.nextDue('five')).toBe(INTERVAL_MS.hour + INTERVAL_MS.fiveMinute);
    expect(s.nextDue('hourly')).toBe(2 * INTERVAL_MS.hour);
  });

  test('errors are reported and not retried; unknown and duplicate keys are refused', async () => {
    const s = new LocalScheduler({ now: () => 0 }, async () => {
      throw new TypeError('bad');
    });
    s.registerTrigger('t', async () => undefined, { interval: 'week' });
    await expect(s.runNow('t')).resolves.toEqual({ key: 't', outcome: 'error', error: 'TypeError: bad' });
    await expect(s.runNow('missing')).rejects.toMatchObject({ code: 'UNKNOWN_TRIGGER' });
    expect(() => s.registerTrigger('t', async () => undefined)).toThrow(
      expect.objectContaining({ code: 'DUPLICATE_REGISTRATION' }),
    );
  });
});
