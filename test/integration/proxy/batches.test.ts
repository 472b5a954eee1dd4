/**
 * Batch unlock through the real proxy and the real simulator: the combined preview agrees with the
 * single-unlock dry runs, a run unlocks and reports every account, cancel leaves the rest alone, a
 * restart mid-batch resumes without applying anything twice, and faults are reported truthfully.
 */
import {
  BatchAccountsPage,
  BatchStatus,
  UnlockResponse,
  type BatchAccountResult,
} from '../../../src/contract/proxy';
import { startHarness, type Harness } from './support/sim-proxy';
import { accountIn, idOf, readState } from './support/sim-state';

const PEOPLE = [
  'bob.mover@acme.example',
  'carla.both@acme.example',
  'dan.deactivated@acme.example',
  'erin.unlinked@acme.example',
  'gina.suspended@acme.example',
  'hank.active@acme.example',
  'leo.exportcontrol@acme.example',
  'mia.pendingdeletion@acme.example',
  'alice.admin@acme.example',
];
const UNKNOWN = 'nobody.here@acme.example';

describe('batch unlock', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      limiter: { initialRatePerSec: 500, maxRatePerSec: 1000, backoffMs: 5 },
      batchConcurrency: 3,
    });
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.control.reset({ seed: 'demo' });
    await h.control.clearFaults();
    await h.control.clearLatency();
    await h.control.clearCalls();
  });

  async function create(body: unknown): Promise<BatchStatus> {
    const res = await h.call('POST', '/v1/batches', body);
    expect(res.status).toBe(200);
    return BatchStatus.parse(res.body);
  }
  async function finished(id: string): Promise<BatchStatus> {
    await h.proxy.batches!.settled(id);
    const res = await h.call('GET', `/v1/batches/${id}`);
    expect(res.status).toBe(200);
    return BatchStatus.parse(res.body);
  }
  async function allResults(id: string, limit = 2): Promise<BatchAccountResult[]> {
    const out: BatchAccountResult[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page += 1) {
      const q: string = cursor === null ? `?limit=${limit}` : `?limit=${limit}&cursor=${cursor}`;
      const res = await h.call('GET', `/v1/batches/${id}/accounts${q}`);
      expect(res.status).toBe(200);
      const body = BatchAccountsPage.parse(res.body);
      out.push(...body.results);
      cursor = body.nextCursor;
      if (cursor === null) return out;
    }
    throw new Error('paging did not end');
  }
  const batchAuditLines = (id: string) => h.auditEvents().filter((e) => e.batchId === id);
  /** Successful mutation calls per path in the simulator's log: a path twice means applied twice. */
  async function mutationsAppliedTwice(): Promise<string[]> {
    const { calls } = await h.control.calls();
    const seen = new Map<string, number>();
    for (const c of calls) {
      if (c.method === 'GET' || c.status < 200 || c.status >= 300) continue;
      if (c.path.includes('/users/search')) continue;
      seen.set(`${c.method} ${c.path}`, (seen.get(`${c.method} ${c.path}`) ?? 0) + 1);
    }
    return [...seen].filter(([, n]) => n > 1).map(([k]) => k);
  }

  test('the dry run is one combined preview that agrees with the single dry runs and changes nothing', async () => {
    const expected: Record<string, number> = {};
    const blockers = new Set<string>();
    for (const email of PEOPLE) {
      const res = await h.call('POST', `/v1/accounts/${idOf(email)}/unlock`, { reason: 'r', dryRun: true });
      const answer = res.status === 403 ? null : UnlockResponse.parse(res.body);
      const outcome = answer?.outcome ?? 'blocked';
      expected[outcome] = (expected[outcome] ?? 0) + 1;
      for (const b of answer?.blockers ?? [{ code: 'protected-account' }]) blockers.add(b.code);
    }
    const before = await h.stateText();

    const accounts = [...PEOPLE, UNKNOWN, PEOPLE[0]!.toUpperCase(), idOf(PEOPLE[1]!)];
    const created = await create({ accounts, reason: 'reorg incident', dryRun: true });
    expect(created).toMatchObject({
      state: 'running',
      dryRun: true,
      total: PEOPLE.length + 2,
      duplicates: 1,
    });
    const done = await finished(created.id);
    expect(done.state).toBe('done');
    const preview = done.preview!;
    // carla appears by email and by id: two entries, the same account.
    expect(preview.willUnlock).toBe((expected.planned ?? 0) + 1);
    expect(preview.alreadyActive).toBe(expected['already-active'] ?? 0);
    expect(preview.blocked).toBe(expected.blocked ?? 0);
    expect(preview.notFound).toBe(1);
    expect(new Set(preview.blockedBy.map((g) => g.blocker))).toEqual(blockers);
    expect(preview.upstreamCalls.total).toBeGreaterThan(0);
    expect(preview.estimatedSeconds).toBeGreaterThanOrEqual(0);
    expect(await h.stateText()).toBe(before);
    // One batch line at the end, besides each account's own dry-run line.
    const lines = batchAuditLines(created.id);
    expect(lines.filter((l) => l.action === 'batch-unlock')).toHaveLength(1);
  });

  test('a run unlocks every eligible account, pages its results and audits each attempt once', async () => {
    const created = await create({ accounts: [...PEOPLE, UNKNOWN], reason: 'reorg incident' });
    const done = await finished(created.id);
    expect(done.state).toBe('done');
    const results = await allResults(created.id);
    expect(results.map((r) => r.ref)).toEqual([...PEOPLE, UNKNOWN]);
    expect(results.every((r) => !['pending', 'started'].includes(r.outcome))).toBe(true);
    expect(done.counts.unlocked).toBeGreaterThanOrEqual(2);
    expect(results.find((r) => r.ref === UNKNOWN)?.outcome).toBe('not-found');
    expect(results.find((r) => r.ref === 'alice.admin@acme.example')).toMatchObject({
      outcome: 'blocked',
      blockers: ['protected-account'],
    });

    const state = await readState(h.control);
    for (const r of results) {
      if (r.outcome === 'unlocked' || r.outcome === 'already-active')
        expect(accountIn(state, r.ref).accountStatus).toBe('active');
    }
    const lines = batchAuditLines(created.id);
    const attempts = results.reduce((n, r) => n + r.attempts, 0);
    // Each attempt at an account with an id is one `unlock` line; the unknown email never got that far.
    expect(lines.filter((l) => l.action === 'unlock')).toHaveLength(attempts - 1);
    const end = lines.filter((l) => l.action === 'batch-unlock');
    expect(end).toHaveLength(1);
    expect(end[0]).toMatchObject({
      reason: 'reorg incident',
      outcome: 'done',
      actor: { kind: 'token', id: 'tests' },
    });
    expect(await mutationsAppliedTwice()).toEqual([]);

    const filtered = await h.call('GET', `/v1/batches/${created.id}/accounts?outcome=blocked`);
    expect(BatchAccountsPage.parse(filtered.body).results.every((r) => r.outcome === 'blocked')).toBe(true);
  });

  test('cancel leaves the accounts not started untouched', async () => {
    await h.control.setLatency({ api: 'all', ms: 40 });
    const created = await create({ accounts: PEOPLE, reason: 'oops, wrong list' });
    const res = await h.call('POST', `/v1/batches/${created.id}/cancel`);
    expect(res.status).toBe(200);
    expect(BatchStatus.parse(res.body).state).toMatch(/cancelling|cancelled/);
    const done = await finished(created.id);
    expect(done.state).toBe('cancelled');
    expect(done.counts.cancelled).toBeGreaterThan(0);
    const results = await allResults(created.id, 100);
    const state = await readState(h.control);
    for (const r of results) {
      expect(['pending', 'started']).not.toContain(r.outcome);
      if (r.outcome === 'cancelled') expect(r.attempts).toBe(0);
      if (r.outcome === 'unlocked') expect(accountIn(state, r.ref).accountStatus).toBe('active');
    }
    expect(batchAuditLines(created.id).filter((l) => l.action === 'batch-unlock')[0]).toMatchObject({
      outcome: 'cancelled',
    });
  });

  test('a restart mid-batch resumes: interrupted accounts are verified, nothing applied twice, none lost', async () => {
    // A slow lifecycle enable keeps an account mid-mutation while the proxy stops.
    await h.control.setFaults({ api: 'userManagement', sequence: [{ latencyMs: 300 }] });
    const created = await create({ accounts: PEOPLE, reason: 'reorg incident' });
    let started = false;
    for (let i = 0; i < 2_000 && !started; i += 1) {
      const page = BatchAccountsPage.parse(
        (await h.call('GET', `/v1/batches/${created.id}/accounts?outcome=started`)).body,
      );
      started = page.results.length > 0;
    }
    expect(started).toBe(true);
    await h.restartProxy();

    const done = await finished(created.id);
    expect(done.state).toBe('done');
    expect(done.resumes).toBe(1);
    const results = await allResults(created.id, 100);
    expect(results).toHaveLength(PEOPLE.length);
    expect(results.every((r) => !['pending', 'started'].includes(r.outcome))).toBe(true);
    expect(results.some((r) => r.resumed)).toBe(true);
    const state = await readState(h.control);
    for (const r of results) {
      if (r.outcome === 'unlocked' || r.outcome === 'already-active')
        expect(accountIn(state, r.ref).accountStatus).toBe('active');
    }
    expect(await mutationsAppliedTwice()).toEqual([]);
    const lines = batchAuditLines(created.id).filter((l) => l.action === 'unlock');
    expect(lines).toHaveLength(results.reduce((n, r) => n + r.attempts, 0));
  });

  test('under 429s, 5xx and dropped connections every account is reported truthfully', async () => {
    await h.control.setFaults({
      api: 'userManagement',
      probability: { p: 0.2, fault: { status: 429 }, seed: 7 },
    });
    await h.control.setFaults({ api: 'scimLinks', probability: { p: 0.1, fault: { status: 503 }, seed: 8 } });
    await h.control.setFaults({ api: 'org', probability: { p: 0.05, fault: { drop: true }, seed: 9 } });
    const created = await create({ accounts: PEOPLE, reason: 'reorg incident' });
    await finished(created.id);
    const results = await allResults(created.id, 100);
    const state = await readState(h.control);
    for (const r of results) {
      expect(['pending', 'started']).not.toContain(r.outcome);
      const account = accountIn(state, r.ref);
      if (r.outcome === 'unlocked' || r.outcome === 'already-active')
        expect(account.accountStatus).toBe('active');
      if (r.outcome === 'blocked') expect(r.blockers.length).toBeGreaterThan(0);
      if (r.outcome === 'partial' || r.outcome === 'failed') expect(r.detail).not.toBeNull();
    }
    expect(await mutationsAppliedTwice()).toEqual([]);
    const lines = batchAuditLines(created.id).filter((l) => l.action === 'unlock');
    expect(lines).toHaveLength(results.reduce((n, r) => n + r.attempts, 0));
  });

  test('bad input is refused before anything is stored', async () => {
    expect((await h.call('POST', '/v1/batches', { accounts: [], reason: 'x' })).status).toBe(400);
    expect((await h.call('POST', '/v1/batches', { accounts: ['a b'], reason: 'x' })).status).toBe(400);
    const many = Array.from({ length: 1001 }, (_, i) => `acc-${i}`);
    expect((await h.call('POST', '/v1/batches', { accounts: many, reason: 'x' })).status).toBe(400);
    expect((await h.call('GET', '/v1/batches/b-0000000000000000')).status).toBe(404);
    expect((await h.call('GET', '/v1/batches/not-an-id')).status).toBe(400);
  });
});
