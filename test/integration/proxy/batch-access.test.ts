/**
 * Who may see a batch, and how many finished ones the proxy keeps, through the real proxy and the real
 * simulator: a batch answers only to the principal that created it (anyone else gets the 404 an unknown
 * id gets), and beyond BATCH_KEEP_FINISHED the oldest finished batches are deleted — never a running one.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { BatchStatus } from '../../../src/contract/proxy';
import { startGate, type Gate } from './support/gated-upstream';
import { startHarness, type Harness } from './support/sim-proxy';

const OTHER_TOKEN = 'proxy-test-other-token-0123456789abcdefgh';
const PEOPLE = ['bob.mover@acme.example', 'carla.both@acme.example', 'dan.deactivated@acme.example'];

describe('batch ownership and retention', () => {
  let h: Harness;
  let gate: Gate;
  beforeAll(async () => {
    gate = await startGate();
    h = await startHarness({
      limiter: { initialRatePerSec: 500, maxRatePerSec: 1000, backoffMs: 5 },
      batchConcurrency: 2,
      env: (sim) => {
        gate.target = sim.url;
        return {
          ATLASSIAN_API_BASE_URL: gate.url,
          PROXY_API_TOKENS: JSON.stringify({
            tests: 'proxy-test-token-0123456789abcdefghijkl',
            other: OTHER_TOKEN,
          }),
          BATCH_KEEP_FINISHED: '2',
        };
      },
    });
  });
  afterAll(async () => {
    await gate.close();
    await h.close();
  });

  const stateDir = (): string => path.join(path.dirname(h.auditFile), 'batches');
  const files = (): string[] =>
    existsSync(stateDir())
      ? readdirSync(stateDir())
          .filter((f) => f.endsWith('.json'))
          .sort()
      : [];

  async function asOther(method: 'GET' | 'POST', url: string): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${h.proxy.url}${url}`, {
      method,
      headers: { authorization: `Bearer ${OTHER_TOKEN}` },
    });
    return { status: res.status, body: (await res.json()) as unknown };
  }
  async function create(body: unknown): Promise<BatchStatus> {
    const res = await h.call('POST', '/v1/batches', body);
    expect(res.status).toBe(200);
    return BatchStatus.parse(res.body);
  }
  async function finishedDryRun(): Promise<string> {
    const created = await create({ accounts: PEOPLE, reason: 'preview', dryRun: true });
    await h.proxy.batches!.settled(created.id);
    return created.id;
  }
  const withoutInstance = (body: unknown): unknown => {
    const { instance: _instance, ...rest } = body as Record<string, unknown>;
    return rest;
  };

  test('another principal gets the unknown-id 404 for status, accounts and cancel, and cancels nothing', async () => {
    const created = await create({ accounts: PEOPLE, reason: 'mine', dryRun: true });
    const unknown = await asOther('GET', '/v1/batches/b-0000000000000000');
    expect(unknown.status).toBe(404);

    for (const [method, url] of [
      ['GET', `/v1/batches/${created.id}`],
      ['GET', `/v1/batches/${created.id}/accounts`],
      ['POST', `/v1/batches/${created.id}/cancel`],
    ] as const) {
      const answer = await asOther(method, url);
      expect(answer.status).toBe(404);
      // Word for word what an id that never existed gets: nothing confirms this one does.
      expect(withoutInstance(answer.body)).toEqual(withoutInstance(unknown.body));
      expect(JSON.stringify(answer.body)).not.toContain(created.id);
    }

    await h.proxy.batches!.settled(created.id);
    const mine = await h.call('GET', `/v1/batches/${created.id}`);
    expect(mine.status).toBe(200);
    expect(BatchStatus.parse(mine.body).state).toBe('done');
    expect(BatchStatus.parse(mine.body).createdBy).toEqual({ kind: 'token', id: 'tests' });
  });

  test('beyond BATCH_KEEP_FINISHED the oldest finished batches go, file and all; a running one stays', async () => {
    const before = files().map((f) => f.replace(/\.json$/, ''));
    expect(before).toHaveLength(1);
    // A real run, held inside its first upstream mutation: running for as long as the test wants.
    const running = await create({ accounts: PEOPLE, reason: 'incident' });
    await gate.held;

    const d1 = await finishedDryRun();
    const d2 = await finishedDryRun();
    const d3 = await finishedDryRun();

    for (const gone of [...before, d1]) {
      expect((await h.call('GET', `/v1/batches/${gone}`)).status).toBe(404);
    }
    for (const kept of [d2, d3]) expect((await h.call('GET', `/v1/batches/${kept}`)).status).toBe(200);
    const stillRunning = await h.call('GET', `/v1/batches/${running.id}`);
    expect(BatchStatus.parse(stillRunning.body).state).toBe('running');
    expect(files()).toEqual([d2, d3, running.id].map((id) => `${id}.json`).sort());

    gate.release();
    await h.proxy.batches!.settled(running.id);
    expect(BatchStatus.parse((await h.call('GET', `/v1/batches/${running.id}`)).body).state).toBe('done');
    expect((await h.call('GET', `/v1/batches/${d2}`)).status).toBe(404);
    expect(files()).toEqual([d3, running.id].map((id) => `${id}.json`).sort());

    // A restart loads what is on disk and keeps the same two.
    await h.restartProxy();
    expect((await h.call('GET', `/v1/batches/${d3}`)).status).toBe(200);
    expect((await h.call('GET', `/v1/batches/${running.id}`)).status).toBe(200);
    expect(files()).toHaveLength(2);
  });
});
