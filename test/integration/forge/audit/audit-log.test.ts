/**
 * The audit trail on the local Forge runtime with the entities manifest.yml declares, through the real
 * @forge/kvs client: one storage write per entry, and every Audit tab filter (account, action, actor, their
 * combinations, each with a from/to range) answered newest first, page after page, with no duplicate and
 * no gap, one index query per page.
 */
import { audit, type AuditListOptions } from '../../../../src/forge/audit/audit-log';
import type { AuditAction, AuditEntry } from '../../../../src/contract/app/records';
import { readAppManifest } from '../../../../src/sandbox/forge-app-manifest';
import {
  createFitSigner,
  createForgeRuntime,
  type ForgeRuntime,
} from '../../../../src/sandbox/forge-runtime';

let rt: ForgeRuntime;

beforeAll(async () => {
  rt = createForgeRuntime({
    // No Jira request is made in this file; the URL only has to be valid.
    jira: { baseUrl: 'http://127.0.0.1:9', cloudId: 'c1', appToken: 'unused', tokenFor: () => undefined },
    fit: await createFitSigner(),
    appId: 'ari:cloud:ecosystem::app/audit-log-test',
    installationId: 'audit-log-test',
    entities: readAppManifest().entities,
  });
  rt.install();
});
afterAll(() => rt.uninstall());

const kvsPaths = () => rt.calls.filter((c) => c.kind === 'kvs').map((c) => c.path);
const WRITES = /\/(set|delete|transaction)$|\/batch\/(set|delete)$/;

describe('writing', () => {
  beforeEach(() => rt.kvs.clear());

  it('writes an entry once: one transaction holding the entry and its count', async () => {
    await audit.record({ actor: 'app', action: 'scan-started', outcome: 'success', summary: 'first' });
    const before = kvsPaths().length;
    const entry = await audit.record({
      actor: 'u-1',
      action: 'scan-started',
      outcome: 'success',
      summary: 'second',
      accountId: 'acc-1',
    });
    const calls = kvsPaths().slice(before);
    // A read of the action's count, then ONE write (the old layout made three separate writes).
    expect(calls).toEqual(['/api/v1/entity/get', '/api/v1/transaction']);
    expect(calls.filter((p) => WRITES.test(p))).toHaveLength(1);
    // No plain key is written at all.
    expect(rt.kvs.entries()).toEqual([]);
    expect(rt.kvs.entries({ kind: 'entity', name: 'audit-entry' })).toHaveLength(2);
    const listed = await audit.list({ accountId: 'acc-1', limit: 10 });
    expect(listed.items).toEqual([entry]);
  });

  it('keeps nulls out of the stored record and gives them back on read', async () => {
    const entry = await audit.record({
      actor: 'app',
      action: 'scan-finished',
      outcome: 'no-op',
      summary: 's',
    });
    const [stored] = rt.kvs.entries({ kind: 'entity', name: 'audit-entry' });
    expect(stored?.value).not.toHaveProperty('accountId');
    expect(stored?.value).not.toHaveProperty('issueKey');
    expect((await audit.list({ limit: 1 })).items).toEqual([entry]);
    expect(entry).toMatchObject({ accountId: null, requestId: null, issueKey: null });
  });

  it('counts every entry exactly under concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        audit.record({ actor: `u-${i}`, action: 'unlock', outcome: 'success', summary: `n${i}` }),
      ),
    );
    await audit.record({ actor: 'app', action: 'scan-started', outcome: 'success', summary: 's' });
    expect(await audit.counts()).toEqual({ unlock: 10, 'scan-started': 1 });
    expect((await audit.list({ limit: 5 })).count).toBe(11);
    expect((await audit.list({ action: 'unlock', limit: 5 })).count).toBe(10);
    expect((await audit.list({ action: 'unlink', limit: 5 })).count).toBe(0);
    expect((await audit.list({ accountId: 'acc-1', limit: 5 })).count).toBeNull();
  });
});

describe('listing', () => {
  const ACCOUNTS = ['acc-1', 'acc-2', 'acc-3', null] as const;
  const ACTORS = ['app', 'u-1', 'u-2'] as const;
  const ACTIONS: AuditAction[] = ['unlock', 'unlink', 'scan-started', 'request-created', 'reactivate'];
  const BASE = Date.parse('2026-11-01T00:00:00.000Z');
  const N = 120;
  const seeded: AuditEntry[] = [];

  beforeAll(async () => {
    rt.kvs.clear();
    for (let i = 0; i < N; i++) {
      seeded.push(
        await audit.record(
          {
            actor: ACTORS[i % ACTORS.length] as string,
            action: ACTIONS[i % ACTIONS.length] as AuditAction,
            outcome: 'success',
            summary: `entry ${i}`,
            accountId: ACCOUNTS[i % ACCOUNTS.length] ?? null,
          },
          // Several entries share a minute, so equal times must also page without gaps.
          new Date(BASE + Math.floor(i / 3) * 60_000),
        ),
      );
    }
  });

  const FROM = new Date(BASE + 10 * 60_000).toISOString();
  const TO = new Date(BASE + 30 * 60_000).toISOString();
  const filters: Array<Omit<AuditListOptions, 'limit' | 'cursor'>> = [];
  for (const accountId of [undefined, 'acc-2']) {
    for (const actor of [undefined, 'u-1']) {
      for (const action of [undefined, 'unlink' as const]) {
        for (const range of [{}, { from: FROM }, { to: TO }, { from: FROM, to: TO }]) {
          filters.push({ accountId, actor, action, ...range });
        }
      }
    }
  }

  function expected(f: Omit<AuditListOptions, 'limit' | 'cursor'>): string[] {
    return seeded
      .filter(
        (e) =>
          (f.accountId === undefined || e.accountId === f.accountId) &&
          (f.actor === undefined || e.actor === f.actor) &&
          (f.action === undefined || e.action === f.action) &&
          (f.from === undefined || e.at >= f.from) &&
          (f.to === undefined || e.at <= f.to),
      )
      .sort((a, b) => (a.at === b.at ? 0 : a.at < b.at ? 1 : -1))
      .map((e) => e.id);
  }

  it.each(filters.map((f) => [JSON.stringify(f), f] as const))(
    'pages %s newest first, one index query per page, no duplicate or gap',
    async (_name, f) => {
      const want = expected(f);
      const got: AuditEntry[] = [];
      let cursor: string | undefined;
      let pages = 0;
      for (; pages < 50; pages++) {
        const before = kvsPaths().length;
        const page = await audit.list({ ...f, cursor, limit: 7 });
        const queries = kvsPaths()
          .slice(before)
          .filter((p) => p === '/api/v1/entity/query');
        // The page, plus the counters when a count is maintained for this filter.
        expect(queries.length).toBe(page.count === null ? 1 : 2);
        got.push(...page.items);
        if (page.nextCursor === null) break;
        cursor = page.nextCursor;
      }
      expect(want.length).toBeGreaterThan(0);
      // Newest first; entries of the same instant in any order, but each exactly once.
      const times = got.map((e) => e.at);
      expect(times).toEqual([...times].sort().reverse());
      expect(got.map((e) => e.id).sort()).toEqual([...want].sort());
      expect(new Set(got.map((e) => e.id)).size).toBe(got.length);
    },
  );

  it('answers a time range with an offset as the same instants', async () => {
    const page = await audit.list({
      from: '2026-11-01T01:10:00+01:00',
      to: '2026-11-01T01:11:00+01:00',
      limit: 50,
    });
    expect(page.items.map((e) => e.summary).sort()).toEqual(
      ['entry 30', 'entry 31', 'entry 32', 'entry 33', 'entry 34', 'entry 35'].sort(),
    );
  });
});
