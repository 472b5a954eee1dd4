/**
 * Drains of the local queue never overlap: the sandbox drains after every invocation and on its clock,
 * so two drains can be asked for at once. Deliveries are held on promises the test releases, so the
 * interleaving is fixed without any timer.
 */
import { LocalQueues, type AsyncEvent } from '../../../../src/sandbox/forge-runtime/queue';

const PUBLISH = '/webhook/queue/publish/{contextAri}/{environmentId}/{appId}/{appVersion}';

function push(q: LocalQueues, names: string[]): void {
  const res = q.handle(
    PUBLISH,
    {
      method: 'POST',
      body: JSON.stringify({
        queueName: 'q',
        jobId: 'job-1',
        type: 'avi:forge:app:event',
        schema: 'ari:cloud:ecosystem::forge/app-event-2',
        payload: names.map((name) => ({ body: { name } })),
        time: '2026-11-02T09:00:00.000Z',
      }),
    },
    'root',
  );
  expect(res.status).toBe(201);
}

/** A queue whose deliveries wait until the test releases them, logging when each starts and ends. */
function heldQueue() {
  const log: string[] = [];
  const held: Array<() => void> = [];
  let started: () => void = () => undefined;
  const q = new LocalQueues({ now: () => 0 }, async (_handler, event: AsyncEvent) => {
    const name = String(event.body.name);
    log.push(`start ${name}`);
    await new Promise<void>((resolve) => {
      held.push(resolve);
      started();
    });
    log.push(`end ${name}`);
  });
  q.register('q', async () => undefined);
  /** Resolves once `n` deliveries have started in total. */
  const startedCount = (n: number) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (held.length >= n) resolve();
      };
      started = check;
      check();
    });
  /** Lets the delivery that started `i`-th (from 0) finish. */
  const release = (i: number) => {
    const resolve = held[i];
    if (!resolve) throw new Error(`delivery ${i} has not started`);
    resolve();
  };
  return { q, log, startedCount, release };
}

describe('queue drains are serialised', () => {
  test('a second drain waits for the running one; nothing is delivered twice or side by side', async () => {
    const { q, log, startedCount, release } = heldQueue();
    push(q, ['a', 'b']);
    const first = q.drain();
    const second = q.drain();
    await startedCount(1);
    // Without serialisation the second drain would already be delivering "b" next to "a".
    expect(log).toEqual(['start a']);
    release(0);
    await startedCount(2);
    expect(log).toEqual(['start a', 'end a', 'start b']);
    release(1);
    await expect(first).resolves.toEqual({ delivered: 2, retried: 0, failed: [] });
    await expect(second).resolves.toEqual({ delivered: 0, retried: 0, failed: [] });
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
    expect(q.size()).toBe(0);
  });

  test('after a drain fails, the waiting drain delivers what is left', async () => {
    const { q, log, startedCount, release } = heldQueue();
    push(q, ['a', 'b', 'c']);
    const bounded = q.drain({ maxDeliveries: 1 });
    const rest = q.drain();
    await startedCount(1);
    release(0);
    await expect(bounded).rejects.toMatchObject({ code: 'QUEUE_DRAIN_LIMIT' });
    await startedCount(2);
    expect(log).toEqual(['start a', 'end a', 'start b']);
    release(1);
    await startedCount(3);
    release(2);
    await expect(rest).resolves.toEqual({ delivered: 2, retried: 0, failed: [] });
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });
});
