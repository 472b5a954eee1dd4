/**
 * The flag entity and its counters through the real @forge/kvs client on the local runtime, with the
 * entities exactly as manifest.yml declares them: every filter × sort pages without duplicates or gaps in
 * the index's order, counts follow every write, and overlapping writers never lose a count.
 */
import type { Flag, FlagStatus } from '../../../../src/contract/app/records';
import { ListFlagsPayload, type FlagSortKey, type SortOrder } from '../../../../src/contract/app/resolvers';
import { flags } from '../../../../src/forge/flags/flags';
import { flagStore } from '../../../../src/forge/flags/flag-store';
import { NO_DIRECTORY } from '../../../../src/forge/flags/domain/flag-counts';
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
    appId: 'ari:cloud:ecosystem::app/flag-store-test',
    installationId: 'flag-store-test',
    entities: readAppManifest().entities,
  });
  rt.install();
});

afterAll(() => rt.uninstall());
beforeEach(() => rt.kvs.clear());

const STATUSES: FlagStatus[] = ['open', 'dismissed', 'resolved', 'cleared'];
const DIRECTORIES = ['dir-a', 'dir-b', null] as const;

function at(minutes: number): string {
  return new Date(Date.UTC(2026, 10, 1) + minutes * 60_000).toISOString();
}

function makeFlag(i: number, status: FlagStatus, directory: string | null): Flag {
  return {
    accountId: `acc-${String(i).padStart(4, '0')}`,
    email: `user${i}@acme.example`,
    name: `User ${i}`,
    reason: 'SCIM deactivated',
    confidence: 'high',
    status,
    episode: '1',
    // Deliberate ties (i % 7) so the order within equal values is pinned too.
    firstDetectedAt: at((i * 37) % 500),
    lastSeenAt: at(1000 + (i % 7)),
    clearedAt: null,
    dismissed: null,
    issue: null,
    post: { attempts: 0, lastAttemptAt: null, lastError: null },
    evidence:
      directory === null
        ? null
        : {
            links: [
              {
                directoryId: directory,
                directoryName: `Directory ${directory}`,
                scimUserId: `s-${i}`,
                record: null,
                active: false,
                lastModified: null,
              },
            ],
            verifiedAt: at(1000),
          },
  };
}

async function seed(n: number): Promise<Flag[]> {
  const out: Flag[] = [];
  for (let i = 0; i < n; i++) {
    const f = makeFlag(i, STATUSES[i % 4] as FlagStatus, DIRECTORIES[i % 3] ?? null);
    await flags.save(f);
    out.push(f);
  }
  return out;
}

function directoryOf(f: Flag): string {
  return f.evidence?.links[0]?.directoryId ?? NO_DIRECTORY;
}

async function walk(q: {
  status?: FlagStatus;
  directoryId?: string;
  sort: FlagSortKey;
  order: SortOrder;
  limit: number;
}): Promise<{ ids: string[]; pages: number; totals: number[] }> {
  const ids: string[] = [];
  const totals: number[] = [];
  let cursor: string | undefined;
  let pages = 0;
  for (; pages < 100;) {
    const page = await flags.page(ListFlagsPayload.parse({ ...q, ...(cursor ? { cursor } : {}) }));
    pages++;
    expect(page.items.length).toBeLessThanOrEqual(q.limit);
    ids.push(...page.items.map((f) => f.accountId));
    totals.push(page.total);
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  return { ids, pages, totals };
}

function expected(
  all: Flag[],
  q: { status?: FlagStatus; directoryId?: string; sort: FlagSortKey; order: SortOrder },
) {
  const dir = q.order === 'asc' ? 1 : -1;
  return all
    .filter((f) => q.status === undefined || f.status === q.status)
    .filter((f) => q.directoryId === undefined || directoryOf(f) === q.directoryId)
    .sort((a, b) => {
      const x = a[q.sort];
      const y = b[q.sort];
      const byValue = x < y ? -1 : x > y ? 1 : 0;
      return dir * (byValue !== 0 ? byValue : a.accountId < b.accountId ? -1 : 1);
    })
    .map((f) => f.accountId);
}

describe('flag pages', () => {
  const filters: Array<{ status?: FlagStatus; directoryId?: string }> = [
    {},
    { status: 'open' },
    { status: 'cleared' },
    { status: 'open', directoryId: 'dir-a' },
    { status: 'dismissed', directoryId: 'dir-b' },
    { status: 'resolved', directoryId: NO_DIRECTORY },
  ];
  const sorts: Array<[FlagSortKey, SortOrder]> = [
    ['firstDetectedAt', 'asc'],
    ['firstDetectedAt', 'desc'],
    ['lastSeenAt', 'asc'],
    ['lastSeenAt', 'desc'],
  ];
  const cases = filters.flatMap((f) => sorts.map(([sort, order]) => ({ ...f, sort, order })));

  it.each(cases)('%j: every flag once, in index order, total from the counters', async (q) => {
    const all = await seed(150);
    const want = expected(all, q);
    const got = await walk({ ...q, limit: 7 });
    expect(got.ids).toEqual(want);
    expect(new Set(got.ids).size).toBe(got.ids.length);
    expect(got.pages).toBe(Math.max(1, Math.ceil(want.length / 7)));
    expect(new Set(got.totals)).toEqual(new Set([want.length]));
  });

  it('answers a page with one index query and two counter reads, never reading every flag', async () => {
    await seed(120);
    const before = rt.calls.length;
    const page = await flags.page(ListFlagsPayload.parse({ status: 'open', limit: 20 }));
    const storage = rt.calls.slice(before).filter((c) => c.kind === 'kvs');
    expect(page.items).toHaveLength(20);
    expect(storage.map((c) => c.path).sort()).toEqual(
      ['/api/v1/batch/get', '/api/v1/entity/query', '/api/v1/entity/query'].sort(),
    );
    expect(page.counts).toEqual({ all: 120, open: 30, dismissed: 30, resolved: 30, cleared: 30 });
    expect(page.directories).toEqual([
      { directoryId: NO_DIRECTORY, directoryName: null, count: 10 },
      { directoryId: 'dir-a', directoryName: 'Directory dir-a', count: 10 },
      { directoryId: 'dir-b', directoryName: 'Directory dir-b', count: 10 },
    ]);
  });

  it('refuses a directory filter without a status (no index answers it)', () => {
    expect(ListFlagsPayload.safeParse({ directoryId: 'dir-a' }).success).toBe(false);
    expect(ListFlagsPayload.safeParse({ status: 'open', limit: 101 }).success).toBe(false);
  });
});

describe('flag counters', () => {
  async function recount(): Promise<Record<string, number>> {
    const actual: Record<string, number> = { all: 0, open: 0, dismissed: 0, resolved: 0, cleared: 0 };
    for (const status of STATUSES) {
      for await (const f of flagStore.seenBefore(status, '9999')) {
        expect(f.status).toBe(status);
        actual[status] = (actual[status] ?? 0) + 1;
        actual.all = (actual.all ?? 0) + 1;
      }
    }
    return actual;
  }

  it('move with every status and directory change, and stay put when neither changes', async () => {
    const all = await seed(40);
    expect(await flags.counts()).toEqual({ all: 40, open: 10, dismissed: 10, resolved: 10, cleared: 10 });
    const f = all[0] as Flag;
    await flags.save({ ...f, lastSeenAt: at(2000) });
    expect(await flags.counts()).toEqual({ all: 40, open: 10, dismissed: 10, resolved: 10, cleared: 10 });
    await flags.save({ ...f, status: 'cleared' });
    expect(await flags.counts()).toEqual({ all: 40, open: 9, dismissed: 10, resolved: 10, cleared: 11 });
    expect(await flagStore.directoryCount('cleared', directoryOf(f))).toBe(5);
    const moved = makeFlag(0, 'cleared', 'dir-c');
    await flags.save(moved);
    expect(await flagStore.directoryCount('cleared', directoryOf(f))).toBe(4);
    expect(await flagStore.directoryCount('cleared', 'dir-c')).toBe(1);
    expect(await flags.counts()).toEqual(await recount());
  });

  it('dismiss and resolve move the counts', async () => {
    await seed(8);
    await flags.dismiss('acc-0000', 'admin-1', 'known leaver');
    expect(await flags.counts()).toMatchObject({ open: 1, dismissed: 3 });
    await flags.resolve('acc-0004');
    expect(await flags.counts()).toMatchObject({ open: 0, dismissed: 3, resolved: 3 });
    expect(await flags.counts()).toEqual(await recount());
  });

  it('stay exact when overlapping writers race on the same flags and counters', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => i);
    const before = rt.calls.length;
    // Three overlapping "scan invocations", each writing every flag in turn with its own statuses and
    // directories; each account is also created by all of them (each sees it absent).
    const writer = async (make: (i: number) => Flag) => {
      for (const i of ids) await flags.save(make(i));
    };
    await Promise.all([
      writer((i) => makeFlag(i, 'open', 'dir-a')),
      writer((i) => makeFlag(i, i % 2 === 0 ? 'cleared' : 'open', 'dir-b')),
      writer((i) => makeFlag(i, 'dismissed', i % 3 === 0 ? 'dir-a' : null)),
    ]);
    const conflicts = rt.calls
      .slice(before)
      .filter((c) => c.kind === 'kvs' && c.path === '/api/v1/transaction' && c.status === 400);
    // The guards fired (so the race was real) and nothing drifted.
    expect(conflicts.length).toBeGreaterThan(0);
    const counts = await flags.counts();
    expect(counts.all).toBe(12);
    expect(counts).toEqual(await recount());
    for (const status of STATUSES) {
      const dirs = await flagStore.directories(status);
      expect(dirs.reduce((n, d) => n + d.count, 0)).toBe(counts[status]);
    }
  });
});
