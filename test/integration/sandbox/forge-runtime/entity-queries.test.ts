/**
 * The Custom Entity Store semantics the app relies on, pinned by driving the REAL @forge/kvs client
 * against the local runtime. Entities come from a manifest fixture through readAppManifest, as in
 * `npm start`. Each case names the rule of docs/forge-storage.md it pins (Q3, T1…).
 */
import path from 'node:path';
import { Filter, FilterConditions, ForgeKvsAPIError, kvs, Sort, WhereConditions } from '@forge/kvs';
import { readAppManifest } from '../../../../src/sandbox/forge-app-manifest';
import {
  createFitSigner,
  createForgeRuntime,
  type ForgeRuntime,
} from '../../../../src/sandbox/forge-runtime';
import { APP_ID, INSTALLATION_ID } from './support';

interface Flag {
  status?: string;
  directoryId?: string;
  firstDetected?: number;
  lastSeen?: number;
  score?: number;
  name?: string;
  note?: unknown;
}

let rt: ForgeRuntime;
const FLAG = { kind: 'entity', name: 'flag' } as const;

beforeAll(async () => {
  const manifest = readAppManifest(path.join(__dirname, 'entities-manifest.yml'));
  rt = createForgeRuntime({
    // No Jira request is made in this file; the URL only has to be valid.
    jira: { baseUrl: 'http://127.0.0.1:9', cloudId: 'c1', appToken: 'unused', tokenFor: () => undefined },
    fit: await createFitSigner(),
    appId: APP_ID,
    installationId: INSTALLATION_ID,
    entities: manifest.entities,
  });
  rt.install();
});

afterAll(() => rt.uninstall());
beforeEach(() => rt.kvs.clear());

const flags = () => kvs.entity<Flag>('flag');

/** Seeds through the store itself: setup is not what these tests pin. */
function seed(rows: ReadonlyArray<[key: string, value: Flag]>): void {
  for (const [key, value] of rows) rt.kvs.set(FLAG, key, value);
}

async function failure(p: Promise<unknown>): Promise<{ status: number; code: string } | 'ok'> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (!(err instanceof ForgeKvsAPIError)) throw err;
    return { status: err.responseDetails.status, code: err.code };
  }
}
const bad = (code: string, status = 400) => ({ status, code });

/** What `kvs.entity(...).query().index(...)` returns, as far as paging needs it. */
interface EntityQuery {
  cursor(cursor: string): EntityQuery;
  getMany(): Promise<{ results: Array<{ key: string }>; nextCursor?: string }>;
}

/** Every page of a query, following nextCursor to the end (bounded: a loop here is a bug there). */
async function pages(build: () => EntityQuery): Promise<Array<{ keys: string[]; cursor: boolean }>> {
  const out: Array<{ keys: string[]; cursor: boolean }> = [];
  let cursor: string | undefined;
  for (let i = 0; i < 200; i++) {
    const q = build();
    const page = await (cursor === undefined ? q : q.cursor(cursor)).getMany();
    out.push({ keys: page.results.map((r) => r.key), cursor: page.nextCursor !== undefined });
    cursor = page.nextCursor;
    if (cursor === undefined) return out;
  }
  throw new Error('query did not end within 200 pages');
}

describe('Q3/Q4: where conditions on the range attribute, both sort orders', () => {
  beforeEach(() =>
    seed([
      ['a', { score: 5, name: 'beta' }],
      ['b', { score: 1, name: 'alpha' }],
      ['c', { score: 9, name: 'alphabet' }],
      ['d', { score: 3, name: 'gamma' }],
      ['e', { score: 7, name: 'delta' }],
    ]),
  );

  test.each([
    ['no where', undefined, ['b', 'd', 'a', 'e', 'c']],
    ['equalTo 5', WhereConditions.equalTo(5), ['a']],
    ['greaterThan 5', WhereConditions.greaterThan(5), ['e', 'c']],
    ['greaterThanEqualTo 5', WhereConditions.greaterThanEqualTo(5), ['a', 'e', 'c']],
    ['lessThan 5', WhereConditions.lessThan(5), ['b', 'd']],
    ['lessThanEqualTo 5', WhereConditions.lessThanEqualTo(5), ['b', 'd', 'a']],
    ['between 3 and 7 (inclusive)', WhereConditions.between(3, 7), ['d', 'a', 'e']],
    ['a string value on an integer range', WhereConditions.equalTo('5'), []],
  ])('index score, %s', async (_name, where, ascending) => {
    for (const sort of [Sort.ASC, Sort.DESC]) {
      const q = flags().query().index('score');
      const page = await (where === undefined ? q : q.where(where)).sort(sort).limit(100).getMany();
      const expected = sort === Sort.ASC ? ascending : [...ascending].reverse();
      expect(page.results.map((r) => r.key)).toEqual(expected);
      expect(page.nextCursor).toBeUndefined();
    }
  });

  test.each([
    ['beginsWith alpha', WhereConditions.beginsWith('alpha'), ['b', 'c']],
    ['between b and e', WhereConditions.between('b', 'e'), ['a', 'e']],
    ['greaterThan delta', WhereConditions.greaterThan('delta'), ['d']],
  ])('index by-name, %s', async (_name, where, expected) => {
    const page = await flags().query().index('by-name').where(where).getMany();
    expect(page.results.map((r) => r.key)).toEqual(expected);
  });

  test('no sort means ascending (Q4)', async () => {
    const page = await flags().query().index('score').limit(2).getMany();
    expect(page.results.map((r) => r.key)).toEqual(['b', 'd']);
  });

  test('a filter-only condition in where is refused (Q3)', async () => {
    const where = FilterConditions.notEqualTo(5) as never;
    await expect(failure(flags().query().index('score').where(where).getMany())).resolves.toEqual(
      bad('INVALID_FILTER_CONDITION'),
    );
  });

  test('equal range values come in key order, reversed for DESC (Q4)', async () => {
    rt.kvs.clear();
    seed([
      ['k3', { score: 1 }],
      ['k1', { score: 1 }],
      ['k2', { score: 1 }],
      ['k0', { score: 0 }],
    ]);
    const asc = await flags().query().index('score').getMany();
    const desc = await flags().query().index('score').sort(Sort.DESC).getMany();
    expect(asc.results.map((r) => r.key)).toEqual(['k0', 'k1', 'k2', 'k3']);
    expect(desc.results.map((r) => r.key)).toEqual(['k3', 'k2', 'k1', 'k0']);
  });
});

describe('Q2: partitions', () => {
  beforeEach(() =>
    seed([
      ['o1', { status: 'open', directoryId: 'd1', firstDetected: 3, lastSeen: 30 }],
      ['o2', { status: 'open', directoryId: 'd2', firstDetected: 1, lastSeen: 10 }],
      ['c1', { status: 'cleared', directoryId: 'd1', firstDetected: 2, lastSeen: 20 }],
      ['o3', { status: 'open', directoryId: 'd1', firstDetected: 4, lastSeen: 40 }],
    ]),
  );

  test.each([
    ['open', ['o2', 'o1', 'o3']],
    ['cleared', ['c1']],
    ['Open (case matters)', []],
  ])('by-status partition %s sees only its own entities', async (status, expected) => {
    const p = status.split(' ')[0] as string;
    const page = await flags()
      .query()
      .index('by-status', { partition: [p] })
      .getMany();
    expect(page.results.map((r) => r.key)).toEqual(expected);
  });

  test('a two-attribute partition takes its values in declaration order', async () => {
    const q = (partition: unknown[]) =>
      flags().query().index('by-directory-status', { partition }).sort(Sort.DESC).getMany();
    expect((await q(['d1', 'open'])).results.map((r) => r.key)).toEqual(['o3', 'o1']);
    expect((await q(['open', 'd1'])).results).toEqual([]);
  });

  test('partition values match with their type', async () => {
    rt.kvs.set(FLAG, 'n1', { status: '1', firstDetected: 1 });
    const page = await flags()
      .query()
      .index('by-status', { partition: [1] })
      .getMany();
    expect(page.results).toEqual([]);
  });

  test.each([
    ['no partition', undefined],
    ['too few values', ['d1']],
    ['too many values', ['d1', 'open', 'x']],
  ])('%s for a partitioned index is refused', async (_name, partition) => {
    const q =
      partition === undefined
        ? flags().query().index('by-directory-status')
        : flags().query().index('by-directory-status', { partition });
    await expect(failure(q.getMany())).resolves.toEqual(bad('INVALID_PARTITION'));
  });

  test('a partition on an index without one is refused', async () => {
    await expect(
      failure(
        flags()
          .query()
          .index('score', { partition: ['x'] })
          .getMany(),
      ),
    ).resolves.toEqual(bad('INVALID_PARTITION'));
  });
});

describe('Q5/Q6: limits and cursors', () => {
  test('default page is 10, limit 100 is the cap, 0 and 101 are refused (Q5)', async () => {
    seed(
      Array.from({ length: 120 }, (_, i): [string, Flag] => [`f${String(i).padStart(3, '0')}`, { score: i }]),
    );
    expect((await flags().query().index('score').getMany()).results).toHaveLength(10);
    const full = await flags().query().index('score').limit(100).getMany();
    expect(full.results).toHaveLength(100);
    expect(full.nextCursor).toBeDefined();
    for (const limit of [0, 101, 2.5]) {
      await expect(failure(flags().query().index('score').limit(limit).getMany())).resolves.toEqual(
        bad('COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE'),
      );
    }
  });

  test.each([Sort.ASC, Sort.DESC])(
    'pages over equal range values with no duplicate and no gap, sort %s (Q6)',
    async (sort) => {
      // 17 entities, only three distinct scores: every page boundary falls inside a run of equals.
      const rows = Array.from({ length: 17 }, (_, i): [string, Flag] => [
        `k${String(i).padStart(2, '0')}`,
        { score: i % 3 },
      ]);
      seed(rows);
      const all = await flags().query().index('score').sort(sort).limit(100).getMany();
      const got = await pages(() => flags().query().index('score').sort(sort).limit(4));
      expect(got.map((p) => p.keys.length)).toEqual([4, 4, 4, 4, 1]);
      expect(got.flatMap((p) => p.keys)).toEqual(all.results.map((r) => r.key));
      expect(new Set(got.flatMap((p) => p.keys)).size).toBe(17);
    },
  );

  test('writes between pages neither repeat nor skip the rest (Q6)', async () => {
    seed(Array.from({ length: 6 }, (_, i): [string, Flag] => [`k${i}`, { score: i * 10 }]));
    const first = await flags().query().index('score').limit(3).getMany();
    expect(first.results.map((r) => r.key)).toEqual(['k0', 'k1', 'k2']);
    // Before the cursor (not seen again), the cursor's own entity deleted, one after it added.
    await flags().set('early', { score: 5 });
    await flags().delete('k2');
    await flags().set('late', { score: 35 });
    const rest = await flags()
      .query()
      .index('score')
      .limit(3)
      .cursor(first.nextCursor as string)
      .getMany();
    expect(rest.results.map((r) => r.key)).toEqual(['k3', 'late', 'k4']);
  });

  test('the last page carries no cursor, also when it is exactly full (Q6)', async () => {
    seed(Array.from({ length: 4 }, (_, i): [string, Flag] => [`k${i}`, { score: i }]));
    const got = await pages(() => flags().query().index('score').limit(2));
    expect(got).toEqual([
      { keys: ['k0', 'k1'], cursor: true },
      { keys: ['k2', 'k3'], cursor: false },
    ]);
  });

  test.each([
    ['another sort', () => flags().query().index('score').sort(Sort.DESC)],
    ['another index', () => flags().query().index('by-name')],
    ['a forged cursor', () => flags().query().index('score').cursor('bm90LWEtY3Vyc29y')],
  ])('a cursor used with %s is refused (Q6)', async (_name, build) => {
    seed([
      ['a', { score: 1, name: 'a' }],
      ['b', { score: 2, name: 'b' }],
    ]);
    const first = await flags().query().index('score').limit(1).getMany();
    const q = build();
    const withCursor = _name === 'a forged cursor' ? q : q.cursor(first.nextCursor as string);
    await expect(failure(withCursor.getMany())).resolves.toEqual(bad('INVALID_CURSOR'));
  });
});

describe('Q7/Q8/Q9: filters run in memory on each page', () => {
  test('filters shrink pages, even to nothing, while the cursor carries on (Q8)', async () => {
    // Ten entities in score order; only k6 and k8 are open.
    seed(
      Array.from({ length: 10 }, (_, i): [string, Flag] => [
        `k${i}`,
        { score: i, status: i === 6 || i === 8 ? 'open' : 'cleared' },
      ]),
    );
    const open = () =>
      flags()
        .query()
        .index('score')
        .filters(new Filter<Flag>().and('status', FilterConditions.equalTo('open')))
        .limit(3);
    expect(await pages(open)).toEqual([
      { keys: [], cursor: true },
      { keys: [], cursor: true },
      { keys: ['k6', 'k8'], cursor: true },
      { keys: [], cursor: false },
    ]);
  });

  test.each([
    [
      'and: both hold',
      new Filter<Flag>()
        .and('status', FilterConditions.equalTo('open'))
        .and('score', FilterConditions.greaterThan(1)),
      ['c'],
    ],
    [
      'or: either holds',
      new Filter<Flag>()
        .or('status', FilterConditions.equalTo('cleared'))
        .or('score', FilterConditions.lessThan(1)),
      ['a', 'b'],
    ],
    [
      'notEqualTo matches an absent attribute',
      new Filter<Flag>().and('status', FilterConditions.notEqualTo('open')),
      ['b', 'd'],
    ],
    ['exists', new Filter<Flag>().and('status', FilterConditions.exists()), ['a', 'b', 'c']],
    ['notExists', new Filter<Flag>().and('status', FilterConditions.notExists()), ['d']],
    ['contains', new Filter<Flag>().and('name', FilterConditions.contains('ph')), ['a']],
    [
      'notContains skips an absent attribute',
      new Filter<Flag>().and('name', FilterConditions.notContains('ph')),
      ['b', 'c'],
    ],
    ['beginsWith', new Filter<Flag>().and('name', FilterConditions.beginsWith('ga')), ['c']],
    ['between', new Filter<Flag>().and('score', FilterConditions.between(1, 2)), ['b', 'c']],
  ])('filter %s (Q7, Q10)', async (_name, filter, expected) => {
    seed([
      ['a', { score: 0, status: 'open', name: 'alpha' }],
      ['b', { score: 1, status: 'cleared', name: 'beta' }],
      ['c', { score: 2, status: 'open', name: 'gamma' }],
      ['d', { score: 3 }],
    ]);
    const page = await flags().query().index('score').filters(filter).getMany();
    expect(page.results.map((r) => r.key)).toEqual(expected);
  });

  test('at most 100 conditions per query (Q9)', async () => {
    const filter = (n: number) => {
      let f = new Filter<Flag>().and('score', FilterConditions.greaterThan(-1));
      for (let i = 1; i < n; i++) f = f.and('score', FilterConditions.greaterThan(-1));
      return f;
    };
    const q = (n: number) =>
      flags().query().index('score').where(WhereConditions.greaterThan(-1)).filters(filter(n)).getMany();
    await expect(failure(q(99))).resolves.toBe('ok');
    await expect(failure(q(100))).resolves.toEqual(bad('TOO_MANY_CONDITIONS'));
  });
});

describe('Q1/Q10/M4/V5: indexes and entities', () => {
  test('an entity without the range or a partition attribute is not in that index (Q10)', async () => {
    seed([
      ['full', { status: 'open', firstDetected: 1, score: 1 }],
      ['no-range', { status: 'open', score: 2 }],
      ['no-partition', { firstDetected: 3, score: 3 }],
    ]);
    const byStatus = await flags()
      .query()
      .index('by-status', { partition: ['open'] })
      .getMany();
    expect(byStatus.results.map((r) => r.key)).toEqual(['full']);
    const byScore = await flags().query().index('score').getMany();
    expect(byScore.results.map((r) => r.key)).toEqual(['full', 'no-range', 'no-partition']);
    await expect(flags().get('no-range')).resolves.toEqual({ status: 'open', score: 2 });
  });

  test('every entity has the by-key index, in key order (M4)', async () => {
    seed([
      ['flag:b', { score: 1 }],
      ['flag:a', {}],
      ['other', { score: 2 }],
    ]);
    const page = await flags().query().index('by-key').where(WhereConditions.beginsWith('flag:')).getMany();
    expect(page.results.map((r) => r.key)).toEqual(['flag:a', 'flag:b']);
  });

  test('an undeclared index is refused (Q1)', async () => {
    await expect(failure(flags().query().index('by-nothing').getMany())).resolves.toEqual(
      bad('INVALID_ENTITY_INDEX'),
    );
  });

  test.each([
    ['set', () => kvs.entity('request').set('k', { a: 1 })],
    ['get', () => kvs.entity('request').get('k')],
    ['query', () => kvs.entity('request').query().index('by-key').getMany()],
    ['a transaction', () => kvs.transact().set('k', { a: 1 }, { entityName: 'request' }).execute()],
  ])('%s on an entity the manifest does not declare is refused (V5)', async (_name, run) => {
    await expect(failure(run())).resolves.toEqual(bad('ENTITY_NOT_DECLARED'));
  });

  test('entities never show up in plain-key queries (P1)', async () => {
    seed([['k', { score: 1 }]]);
    await kvs.set('k', 'plain');
    const page = await kvs.query().getMany();
    expect(page.results).toEqual([{ key: 'k', value: 'plain' }]);
  });
});

describe('V2/V3/V4/V6: entity values', () => {
  test.each([
    ['integer at the int32 bounds', { score: -2147483648 }, 'ok' as const],
    ['integer 2^31', { score: 2147483648 }, bad('INVALID_ENTITY_VALUE')],
    ['integer 1.5', { score: 1.5 }, bad('INVALID_ENTITY_VALUE')],
    ['integer "5"', { score: '5' }, bad('INVALID_ENTITY_VALUE')],
    ['float in ms since epoch', { lastSeen: 1_764_579_600_000 }, 'ok' as const],
    ['float 0', { lastSeen: 0 }, 'ok' as const],
    ['float 1e-131', { lastSeen: 1e-131 }, bad('INVALID_ENTITY_VALUE')],
    ['float 1e127', { lastSeen: 1e127 }, bad('INVALID_ENTITY_VALUE')],
    ['an empty string', { status: '' }, bad('INVALID_ENTITY_VALUE')],
    ['a blank string', { status: '  ' }, bad('INVALID_ENTITY_VALUE')],
    ['null', { status: null }, bad('INVALID_ENTITY_VALUE')],
    ['any holding an object', { note: { by: 'x', list: [1] } }, 'ok' as const],
    ['any holding null', { note: null }, bad('INVALID_ENTITY_VALUE')],
    ['an undeclared attribute', { colour: 'red' }, bad('INVALID_ENTITY_VALUE')],
    ['an index range value over 900 bytes', { name: 'x'.repeat(901) }, bad('INDEX_VALUE_TOO_LARGE')],
  ])('%s (V2–V4)', async (_name, value, expected) => {
    await expect(failure(kvs.entity('flag').set('k', value))).resolves.toEqual(expected);
  });

  test('FAIL_IF_EXISTS on an existing entity answers 409 KEY_CONFLICT (V6)', async () => {
    await flags().set('k', { score: 1 });
    await expect(failure(flags().set('k', { score: 2 }, { keyPolicy: 'FAIL_IF_EXISTS' }))).resolves.toEqual(
      bad('KEY_CONFLICT', 409),
    );
    await expect(flags().get('k')).resolves.toEqual({ score: 1 });
  });

  test('returnValue needs keyPolicy OVERRIDE; a TTL is at most a year (V6)', async () => {
    const options = { keyPolicy: 'FAIL_IF_EXISTS', returnValue: 'LATEST' } as unknown as {
      keyPolicy: 'OVERRIDE';
      returnValue: 'LATEST';
    };
    await expect(failure(flags().set('k', { score: 1 }, options))).resolves.toEqual(
      bad('INVALID_KEY_POLICY_RETURN_VALUE_COMBINATION'),
    );
    await expect(
      failure(flags().set('k', { score: 1 }, { ttl: { value: 366, unit: 'DAYS' } } as never)),
    ).resolves.toEqual(bad('INVALID_TTL'));
    await expect(
      failure(flags().set('k', { score: 1 }, { ttl: { value: 365, unit: 'DAYS' } } as never)),
    ).resolves.toBe('ok');
  });
});

describe('T1–T5: transactions', () => {
  const open = () => new Filter<Flag>().and('status', FilterConditions.equalTo('open'));

  test('all or nothing: a failing check leaves every write undone (T1, T4)', async () => {
    seed([['held', { status: 'cleared' }]]);
    const run = kvs
      .transact()
      .set('new', { status: 'open' }, { entityName: 'flag' })
      .delete('held', { entityName: 'flag' })
      .check('held', { entityName: 'flag', conditions: open() })
      .execute();
    await expect(failure(run)).resolves.toEqual(bad('DUPLICATE_TRANSACTION_KEY'));
    const run2 = kvs
      .transact()
      .set('new', { status: 'open' }, { entityName: 'flag' })
      .check('held', { entityName: 'flag', conditions: open() })
      .execute();
    await expect(failure(run2)).resolves.toEqual(bad('CONDITIONAL_CHECK_FAILED'));
    expect(rt.kvs.entries(FLAG)).toEqual([{ key: 'held', value: { status: 'cleared' } }]);
  });

  test('an invalid value anywhere writes nothing (T1)', async () => {
    const run = kvs
      .transact()
      .set('a', { status: 'open' }, { entityName: 'flag' })
      .set('b', { score: 'not a number' }, { entityName: 'flag' })
      .execute();
    await expect(failure(run)).resolves.toEqual(bad('INVALID_ENTITY_VALUE'));
    expect(rt.kvs.entries(FLAG)).toEqual([]);
  });

  test('conditions that hold commit every operation, plain keys included (T4)', async () => {
    seed([
      ['f1', { status: 'open', score: 1 }],
      ['f2', { status: 'open' }],
    ]);
    await kvs
      .transact()
      .set<Flag>('f1', { status: 'cleared', score: 1 }, { entityName: 'flag', conditions: open() })
      .delete('f2', { entityName: 'flag', conditions: open() })
      .set('counter:open', 0)
      .delete('never-existed')
      .execute();
    expect(rt.kvs.entries(FLAG)).toEqual([{ key: 'f1', value: { status: 'cleared', score: 1 } }]);
    await expect(kvs.get('counter:open')).resolves.toBe(0);
  });

  test('a condition on a key that does not exist fails (T4)', async () => {
    const run = kvs
      .transact()
      .set<Flag>('ghost', { status: 'open' }, { entityName: 'flag', conditions: open() })
      .execute();
    await expect(failure(run)).resolves.toEqual(bad('CONDITIONAL_CHECK_FAILED'));
    expect(rt.kvs.entries(FLAG)).toEqual([]);
  });

  test.each([
    ['no operation', () => kvs.transact().execute(), bad('INVALID_TRANSACTION_REQUEST')],
    [
      '25 operations',
      () => {
        const t = kvs.transact();
        for (let i = 0; i < 25; i++) t.set(`k${i}`, { score: i }, { entityName: 'flag' });
        return t.execute();
      },
      'ok' as const,
    ],
    [
      '26 operations',
      () => {
        const t = kvs.transact();
        for (let i = 0; i < 26; i++) t.set(`k${i}`, { score: i }, { entityName: 'flag' });
        return t.execute();
      },
      bad('TRANSACTION_TOO_LARGE'),
    ],
    [
      'one key twice',
      () =>
        kvs
          .transact()
          .set('k', { score: 1 }, { entityName: 'flag' })
          .check('k', { entityName: 'flag', conditions: open() })
          .execute(),
      bad('DUPLICATE_TRANSACTION_KEY'),
    ],
    [
      'the same key in two entities',
      () =>
        kvs
          .transact()
          .set('k', { score: 1 }, { entityName: 'flag' })
          .set('k', { at: 1 }, { entityName: 'audit-entry' })
          .execute(),
      'ok' as const,
    ],
    [
      'a condition on a plain key',
      () =>
        kvs
          .transact()
          .set('k', 1, { conditions: open() } as never)
          .execute(),
      bad('INVALID_TRANSACTION_REQUEST'),
    ],
    [
      'a keyPolicy inside a transaction',
      () =>
        kvs
          .transact()
          .set('k', { score: 1 }, { entityName: 'flag' }, { keyPolicy: 'FAIL_IF_EXISTS' } as never)
          .execute(),
      bad('BAD_REQUEST'),
    ],
  ])('%s (T2, T3, T5)', async (_name, run, expected) => {
    await expect(failure(run())).resolves.toEqual(expected);
  });
});

describe('B1: batches', () => {
  test.each([
    [
      '26 keys',
      Array.from({ length: 26 }, (_, i) => ({ key: `k${i}`, value: 1 })),
      bad('INVALID_BATCH_SIZE'),
    ],
    ['no key', [], bad('INVALID_BATCH_SIZE')],
    [
      'one key twice',
      [
        { key: 'k', value: 1 },
        { key: 'k', value: 2 },
      ],
      bad('DUPLICATE_BATCH_KEY'),
    ],
  ])('a batch with %s fails as a whole', async (_name, items, expected) => {
    await expect(failure(kvs.batchSet(items))).resolves.toEqual(expected);
    expect(rt.kvs.entries()).toEqual([]);
  });

  test('a bad item fails alone', async () => {
    const out = await kvs.batchSet([
      { key: 'good', value: { score: 1 }, entityName: 'flag' },
      { key: 'bad', value: { score: 'x' }, entityName: 'flag' },
    ]);
    expect(out.successfulKeys).toEqual([{ key: 'good', entityName: 'flag' }]);
    expect(out.failedKeys).toEqual([
      { key: 'bad', entityName: 'flag', error: expect.objectContaining({ code: 'INVALID_ENTITY_VALUE' }) },
    ]);
  });
});
