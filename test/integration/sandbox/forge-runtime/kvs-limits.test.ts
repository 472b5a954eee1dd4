/**
 * Forge's KVS limits as the real @forge/kvs client experiences them: each row is sent through the
 * package to the local runtime and must fail (or pass) with the service's status and error code.
 */
import { kvs, ForgeKvsAPIError, WhereConditions } from '@forge/kvs';
import {
  createFitSigner,
  createForgeRuntime,
  KVS_LIMITS,
  type ForgeRuntime,
} from '../../../../src/sandbox/forge-runtime';
import { APP_ID, INSTALLATION_ID } from './support';

let rt: ForgeRuntime;

beforeAll(async () => {
  rt = createForgeRuntime({
    // No Jira request is made in this file; the URL only has to be valid.
    jira: { baseUrl: 'http://127.0.0.1:9', cloudId: 'c1', appToken: 'unused', tokenFor: () => undefined },
    fit: await createFitSigner(),
    appId: APP_ID,
    installationId: INSTALLATION_ID,
  });
  rt.install();
});

afterAll(() => rt.uninstall());
beforeEach(() => rt.kvs.clear());

function nested(depth: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = { d: v };
  return v;
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
// JSON of a string of n ASCII characters is n + 2 bytes (the quotes).
const valueOfBytes = (bytes: number) => 'x'.repeat(bytes - 2);

describe.each([
  ['a key of 500 characters', () => kvs.set('k'.repeat(500), 1), 'ok' as const],
  ['a key of 501 characters', () => kvs.set('k'.repeat(501), 1), bad('KEY_TOO_LONG')],
  ['an empty key', () => kvs.set('', 1), bad('EMPTY_KEY')],
  ['a blank key', () => kvs.set('   ', 1), bad('INVALID_KEY')],
  ['a key with "/"', () => kvs.set('a/b', 1), bad('INVALID_KEY')],
  ['a key with every allowed character', () => kvs.set('aZ09:._ -#', 1), 'ok' as const],
  ['a value of exactly 240 KiB', () => kvs.set('v', valueOfBytes(KVS_LIMITS.maxValueBytes)), 'ok' as const],
  [
    'a value one byte over 240 KiB',
    () => kvs.set('v', valueOfBytes(KVS_LIMITS.maxValueBytes + 1)),
    bad('MAX_SIZE'),
  ],
  ['a value nested 32 deep', () => kvs.set('v', nested(32)), 'ok' as const],
  ['a value nested 33 deep', () => kvs.set('v', nested(33)), bad('MAX_DEPTH')],
  [
    'a secret over the size limit',
    () => kvs.setSecret('s', valueOfBytes(KVS_LIMITS.maxValueBytes + 1)),
    bad('MAX_SIZE'),
  ],
  ['get with an invalid key', () => kvs.get('a/b'), bad('INVALID_KEY')],
  ['a query limit of 100', () => kvs.query().limit(100).getMany(), 'ok' as const],
  ['a query limit of 101', () => kvs.query().limit(101).getMany(), bad('LIST_QUERY_LIMIT_EXCEEDED')],
  ['a query limit of 0', () => kvs.query().limit(0).getMany(), bad('LIST_QUERY_LIMIT_EXCEEDED')],
  [
    'a query on a field other than key',
    () =>
      kvs
        .query()
        .where('value' as 'key', WhereConditions.beginsWith('a'))
        .getMany(),
    bad('QUERY_WHERE_FIELD_INVALID'),
  ],
  [
    'a query with a condition other than beginsWith',
    () =>
      kvs
        .query()
        .where('key', WhereConditions.equalTo('a') as never)
        .getMany(),
    bad('INVALID_FILTER_CONDITION'),
  ],
  ['a forged cursor', () => kvs.query().cursor('not-a-cursor').getMany(), bad('INVALID_CURSOR')],
  [
    'a transaction of 26 operations',
    () => {
      const t = kvs.transact();
      for (let i = 0; i < 26; i++) t.set(`k${i}`, i);
      return t.execute();
    },
    bad('TRANSACTION_TOO_LARGE'),
  ],
  [
    'a transaction using one key twice',
    () => kvs.transact().set('k', 1).delete('k').execute(),
    bad('DUPLICATE_TRANSACTION_KEY'),
  ],
])('%s', (_name, run, expected) => {
  test(`answers ${expected === 'ok' ? 'success' : `${expected.status} ${expected.code}`}`, async () => {
    await expect(failure(run())).resolves.toEqual(expected);
  });
});

test('a failed write leaves nothing behind', async () => {
  await failure(kvs.set('v', nested(40)));
  expect(rt.kvs.entries()).toEqual([]);
});

test('the default query page is 10 and the last page has no cursor', async () => {
  await kvs.batchSet(
    Array.from({ length: 12 }, (_, i) => ({ key: `k${String(i).padStart(2, '0')}`, value: i })),
  );
  const first = await kvs.query().getMany();
  expect(first.results).toHaveLength(10);
  const second = await kvs
    .query()
    .cursor(first.nextCursor as string)
    .getMany();
  expect(second.results.map((r) => r.key)).toEqual(['k10', 'k11']);
  expect(second.nextCursor).toBeUndefined();
});
