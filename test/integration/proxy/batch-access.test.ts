/**
 * Who may see a batch, and how many finished ones the proxy keeps, through the real proxy and the real
 * simulator: a batch answers only to the principal that created it (anyone else gets the 404 an unknown
 * id gets), and beyond BATCH_KEEP_FINISHED the oldest finished batches are deleted — never a running one.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { BatchStatus } from '../../../src/contract/proxy';
import { startHarness, type Harness } from './support/sim-proxy';

const OTHER_TOKEN = 'proxy-test-other-token-0123456789abcdefgh';
const PEOPLE = ['bob.mover@acme.example', 'carla.both@acme.example', 'dan.deactivated@acme.example'];

/**
 * Forwards everything to the simulator, except that while `holding` it keeps the first upstream
 * mutation waiting until `release()`: a real batch is then provably running, without a clock.
 */
interface Gate {
  url: string;
  target: string;
  held: Promise<void>;
  release(): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function startGate(): Promise<Gate> {
  let arrived!: () => void;
  let release!: () => void;
  const held = new Promise<void>((r) => (arrived = r));
  const released = new Promise<void>((r) => (release = r));
  let armed = true;
  const gate: Gate = { url: '', target: '', held, release: () => release(), close: async () => undefined };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const method = req.method ?? 'GET';
      const url = req.url ?? '/';
      if (armed && method !== 'GET' && !url.includes('/users/search')) {
        armed = false;
        arrived();
        await released;
      }
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) {
        if (v === undefined || ['host', 'connection', 'content-length'].includes(k)) continue;
        headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      }
      const upstream = await fetch(`${gate.target}${url}`, {
        method,
        headers,
        ...(body.length > 0 ? { body: new Uint8Array(body) } : {}),
      });
      const out: Record<string, string> = {};
      upstream.headers.forEach((v, k) => {
        if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(k))
          out[k] = v;
      });
      res.writeHead(upstream.status, out);
      res.end(Buffer.from(await upstream.arrayBuffer()));
    })().catch(() => {
      res.writeHead(502);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gate.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  gate.close = () =>
    new Promise<void>((resolve, reject) => {
      release();
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    });
  return gate;
}

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
