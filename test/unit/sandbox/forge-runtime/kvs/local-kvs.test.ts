import { LocalKvs, type EntityDefinition } from '../../../../../src/sandbox/forge-runtime';
import { validateKey, valueDepth } from '../../../../../src/sandbox/forge-runtime/kvs/limits';

const entities: EntityDefinition[] = [
  {
    name: 'scan-result',
    attributes: { project: { type: 'string' }, at: { type: 'integer' }, status: { type: 'string' } },
    indexes: ['at', { name: 'by-project-and-time', partition: ['project'], range: ['at'] }],
  },
];
const E = { kind: 'entity', name: 'scan-result' } as const;

describe('limits', () => {
  test.each([
    [null, 0],
    ['s', 0],
    [[], 1],
    [{ a: 1 }, 1],
    [{ a: [{ b: 1 }] }, 3],
  ])('depth of %j is %d', (value, depth) => {
    expect(valueDepth(value)).toBe(depth);
  });

  test.each(['a', 'scan:2026-11-02#1', 'with space', 'dots.and-dashes_'])('key %j is valid', (k) => {
    expect(validateKey(k)).toBe(k);
  });
  test.each([
    ['', 'EMPTY_KEY'],
    [' \t', 'INVALID_KEY'],
    ['ümlaut', 'INVALID_KEY'],
    ['a?b', 'INVALID_KEY'],
    ['x'.repeat(501), 'KEY_TOO_LONG'],
  ])('key %j is refused with %s', (k, code) => {
    expect(() => validateKey(k)).toThrow(expect.objectContaining({ code }));
  });
});

describe('entities', () => {
  const store = () => {
    const kvs = new LocalKvs({ entities, clock: { now: () => 1000 } });
    const rows = [
      ['r1', 'OPS', 5, 'done'],
      ['r2', 'OPS', 3, 'open'],
      ['r3', 'DEV', 4, 'done'],
      ['r4', 'OPS', 9, 'done'],
    ] as const;
    for (const [key, project, at, status] of rows) kvs.set(E, key, { project, at, status });
    return kvs;
  };

  test('partition, range, filters and sort select and order rows', () => {
    const out = store().queryEntity({
      entityName: 'scan-result',
      indexName: 'by-project-and-time',
      partition: ['OPS'],
      range: { condition: 'GREATER_THAN', values: [3] },
      filters: { and: [{ property: 'status', condition: 'EQUAL_TO', values: ['done'] }] },
      sort: 'DESC',
    });
    expect(out.data.map((d) => d.key)).toEqual(['r4', 'r1']);
  });

  test('pages with a cursor until the last page', () => {
    const kvs = store();
    const first = kvs.queryEntity({ entityName: 'scan-result', indexName: 'at', limit: 3 });
    expect(first.data.map((d) => d.key)).toEqual(['r2', 'r3', 'r1']);
    const second = kvs.queryEntity({
      entityName: 'scan-result',
      indexName: 'at',
      limit: 3,
      cursor: first.cursor,
    });
    expect(second).toEqual({ data: [{ key: 'r4', value: { project: 'OPS', at: 9, status: 'done' } }] });
  });

  test.each([
    [{ project: 'OPS', at: 1.5 }, 'INVALID_ENTITY_VALUE'],
    [{ project: 1 }, 'INVALID_ENTITY_VALUE'],
    [{ unknown: 'x' }, 'INVALID_ENTITY_VALUE'],
    ['not an object', 'INVALID_ENTITY_VALUE'],
  ])('value %j is refused with %s', (value, code) => {
    expect(() => store().set(E, 'x', value)).toThrow(expect.objectContaining({ code }));
  });

  test('definitions the manifest validator would refuse are refused (docs/forge-storage.md M3)', () => {
    const bad = [{ name: 'scan-result', attributes: { at: { type: 'any' } }, indexes: ['at'] }] as const;
    expect(() => new LocalKvs({ entities: bad as unknown as EntityDefinition[] })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }),
    );
  });

  test('undeclared indexes and bad entity names are refused', () => {
    expect(() => store().queryEntity({ entityName: 'scan-result', indexName: 'nope' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ENTITY_INDEX' }),
    );
    expect(() => store().get({ kind: 'entity', name: 'ab' }, 'k')).toThrow(
      expect.objectContaining({ code: 'ENTITY_TYPE_TOO_SHORT' }),
    );
  });

  test('transaction conditions are checked before anything is written', () => {
    const kvs = store();
    const open = { and: [{ property: 'status', condition: 'EQUAL_TO', values: ['open'] }] };
    expect(() =>
      kvs.transact({
        set: [{ key: 'r9', value: { project: 'OPS', at: 1, status: 'open' }, entityName: 'scan-result' }],
        check: [{ key: 'r1', entityName: 'scan-result', conditions: open }],
      }),
    ).toThrow(expect.objectContaining({ code: 'CONDITIONAL_CHECK_FAILED', status: 400 }));
    expect(kvs.entries(E).map((e) => e.key)).toEqual(['r1', 'r2', 'r3', 'r4']);
    kvs.transact({
      set: [
        {
          key: 'r2',
          value: { project: 'OPS', at: 3, status: 'done' },
          entityName: 'scan-result',
          conditions: open,
        },
      ],
    });
    expect(kvs.get(E, 'r2').value).toMatchObject({ status: 'done' });
  });

  test('namespaces are separate: plain, secret and entity keys never collide', () => {
    const kvs = store();
    kvs.set({ kind: 'plain' }, 'r1', 'plain');
    kvs.set({ kind: 'secret' }, 'r1', 'secret');
    expect(kvs.get({ kind: 'plain' }, 'r1').value).toBe('plain');
    expect(kvs.get({ kind: 'secret' }, 'r1').value).toBe('secret');
    expect(kvs.get(E, 'r1').value).toMatchObject({ project: 'OPS' });
    expect(kvs.query({}).data).toEqual([{ key: 'r1', value: 'plain' }]);
  });

  test('stored values are copies: mutating the caller object changes nothing', () => {
    const kvs = new LocalKvs();
    const v = { a: 1 };
    kvs.set({ kind: 'plain' }, 'k', v);
    v.a = 2;
    const got = kvs.get({ kind: 'plain' }, 'k', ['CREATED_AT', 'UPDATED_AT']);
    expect(got).toEqual({
      key: 'k',
      value: { a: 1 },
      createdAt: expect.any(Number),
      updatedAt: expect.any(Number),
    });
  });
});
