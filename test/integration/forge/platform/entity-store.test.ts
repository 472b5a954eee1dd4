/**
 * The app's entity store through the real @forge/kvs client on the local runtime: schema checks on read,
 * index queries with partition, range, filters, sort and cursors, and transactions that land together.
 */
import { WhereConditions, FilterConditions } from '@forge/kvs';
import { z } from 'zod';
import { defineEntity, entityStore } from '../../../../src/forge/platform/entity-store';
import { StorageError } from '../../../../src/forge/platform/errors';
import {
  createFitSigner,
  createForgeRuntime,
  type ForgeRuntime,
} from '../../../../src/sandbox/forge-runtime';

const Item = z.object({ group: z.string(), at: z.string(), n: z.number().int() });
const items = defineEntity('test-item', Item);
const Counter = z.object({ count: z.number().int() });
const counters = defineEntity('test-counter', Counter);

let rt: ForgeRuntime;

beforeAll(async () => {
  rt = createForgeRuntime({
    // No Jira request is made in this file; the URL only has to be valid.
    jira: { baseUrl: 'http://127.0.0.1:9', cloudId: 'c1', appToken: 'unused', tokenFor: () => undefined },
    fit: await createFitSigner(),
    appId: 'ari:cloud:ecosystem::app/entity-store-test',
    installationId: 'entity-store-test',
    entities: [
      {
        name: 'test-item',
        attributes: { group: { type: 'string' }, at: { type: 'string' }, n: { type: 'integer' } },
        indexes: [{ name: 'by-group', partition: ['group'], range: ['at'] }, 'at'],
      },
      { name: 'test-counter', attributes: { count: { type: 'integer' } } },
    ],
  });
  rt.install();
});

afterAll(() => rt.uninstall());
beforeEach(() => rt.kvs.clear());

async function seed(): Promise<void> {
  for (let i = 0; i < 7; i++) {
    await entityStore.set(items, `i${i}`, {
      group: i % 2 === 0 ? 'even' : 'odd',
      at: `2026-12-0${i + 1}`,
      n: i,
    });
  }
}

describe('entity store', () => {
  it('reads back what it wrote and refuses a damaged record', async () => {
    await entityStore.set(items, 'a', { group: 'g', at: '2026-12-01', n: 1 });
    expect(await entityStore.get(items, 'a')).toEqual({ group: 'g', at: '2026-12-01', n: 1 });
    expect(await entityStore.get(items, 'missing')).toBeUndefined();
    const strict = defineEntity('test-item', Item.extend({ extra: z.string() }));
    await expect(entityStore.get(strict, 'a')).rejects.toThrow(StorageError);
  });

  it.each([
    [
      'newest first in one partition',
      { partition: ['even'], sort: 'desc' as const },
      ['i6', 'i4', 'i2', 'i0'],
    ],
    ['oldest first in one partition', { partition: ['odd'], sort: 'asc' as const }, ['i1', 'i3', 'i5']],
    [
      'an inclusive range on the range attribute',
      { partition: ['even'], range: WhereConditions.between('2026-12-02', '2026-12-05') },
      ['i2', 'i4'],
    ],
  ])('queries %s', async (_name, q, keys) => {
    await seed();
    const page = await entityStore.query(items, { index: 'by-group', limit: 10, ...q });
    expect(page.items.map((e) => e.key)).toEqual(keys);
  });

  it('pages with cursors and applies filters after the index', async () => {
    await seed();
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await entityStore.query(items, { index: 'at', limit: 3, cursor, sort: 'asc' });
      seen.push(...page.items.map((e) => e.key));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(['i0', 'i1', 'i2', 'i3', 'i4', 'i5', 'i6']);
    const filtered = [];
    for await (const e of entityStore.queryAll(items, {
      index: 'at',
      filters: { operator: 'and', items: [['n', FilterConditions.greaterThan(3)]] },
    })) {
      filtered.push(e.key);
    }
    expect(filtered).toEqual(['i4', 'i5', 'i6']);
  });

  it('writes a record and its counter together', async () => {
    await entityStore.transact([
      { kind: 'set', entity: items, key: 'x', value: { group: 'g', at: '2026-12-01', n: 1 } },
      { kind: 'set', entity: counters, key: 'g', value: { count: 1 } },
    ]);
    expect(await entityStore.get(counters, 'g')).toEqual({ count: 1 });
    await expect(
      entityStore.transact([
        { kind: 'set', entity: counters, key: 'g', value: { count: 2 } },
        // An attribute of the wrong type makes the service refuse the whole transaction.
        { kind: 'set', entity: items, key: 'y', value: { group: 'g', at: '2026-12-02', n: 'two' } },
      ]),
    ).rejects.toThrow(StorageError);
    expect(await entityStore.get(counters, 'g')).toEqual({ count: 1 });
    expect(await entityStore.get(items, 'y')).toBeUndefined();
  });
});
