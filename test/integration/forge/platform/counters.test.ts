/**
 * Maintained counts through the real @forge/kvs client on the local runtime, with the entities manifest.yml
 * declares: a record and its count land in one transaction, a writer that read a stale count is refused
 * and retries, a failure that is not a lost race is not retried, and the retries are bounded.
 */
import { z } from 'zod';
import {
  COUNTER_ENTITY,
  counterKey,
  readCounts,
  writeCounted,
} from '../../../../src/forge/platform/counters';
import { defineEntity, entityStore, type EntityOperation } from '../../../../src/forge/platform/entity-store';
import { StorageError } from '../../../../src/forge/platform/errors';
import { readAppManifest } from '../../../../src/sandbox/forge-app-manifest';
import {
  createFitSigner,
  createForgeRuntime,
  type ForgeRuntime,
} from '../../../../src/sandbox/forge-runtime';

// Any record with a declared string attribute does; the audit entity is one (manifest.yml).
const Entry = z.object({ id: z.string(), at: z.string(), actor: z.string(), action: z.string() });
const entries = defineEntity('audit-entry', Entry);

let rt: ForgeRuntime;
const noPause = async (): Promise<void> => undefined;

beforeAll(async () => {
  rt = createForgeRuntime({
    // No Jira request is made in this file; the URL only has to be valid.
    jira: { baseUrl: 'http://127.0.0.1:9', cloudId: 'c1', appToken: 'unused', tokenFor: () => undefined },
    fit: await createFitSigner(),
    appId: 'ari:cloud:ecosystem::app/counters-test',
    installationId: 'counters-test',
    entities: readAppManifest().entities,
  });
  rt.install();
});
afterAll(() => rt.uninstall());
beforeEach(() => rt.kvs.clear());

function entryOp(id: string): EntityOperation {
  return {
    kind: 'set',
    entity: entries,
    key: id,
    value: { id, at: '2026-12-01T00:00:00.000Z', actor: 'app', action: 'unlock' },
  };
}

const stored = (id: string) => entityStore.get(entries, id);

test('a record and its count are written together; moves between counts add up', async () => {
  expect(await writeCounted([entryOp('e1')], [{ group: 'g', name: 'a', delta: 1 }])).toBe(1);
  await writeCounted(
    [entryOp('e2')],
    [
      { group: 'g', name: 'a', delta: -1 },
      { group: 'g', name: 'b', delta: 1 },
      { group: 'g', name: 'b', delta: 1 },
    ],
  );
  expect(await readCounts('g')).toEqual({ a: 0, b: 2 });
  expect(await stored('e2')).toBeDefined();
});

test('a writer that read a count another writer then changed is refused, reads again and retries', async () => {
  await writeCounted([], [{ group: 'g', name: 'a', delta: 1 }]);
  let rivals = 0;
  const attempts = await writeCounted([entryOp('mine')], [{ group: 'g', name: 'a', delta: 1 }], {
    pause: noPause,
    // The rival lands between our read and our write, twice.
    afterRead: async () => {
      if (rivals < 2) {
        rivals++;
        await writeCounted([entryOp(`rival${rivals}`)], [{ group: 'g', name: 'a', delta: 1 }]);
      }
    },
  });
  expect(attempts).toBe(3);
  expect(await readCounts('g')).toEqual({ a: 4 });
  for (const id of ['mine', 'rival1', 'rival2']) expect(await stored(id)).toBeDefined();
});

test('a writer that keeps losing stops after its attempts with a typed error; nothing of it lands', async () => {
  let n = 0;
  const write = writeCounted([entryOp('loser')], [{ group: 'g', name: 'a', delta: 1 }], {
    attempts: 3,
    pause: noPause,
    afterRead: async () => {
      await writeCounted([entryOp(`rival${++n}`)], [{ group: 'g', name: 'a', delta: 1 }]);
    },
  });
  await expect(write).rejects.toThrow(/too busy/);
  expect(await stored('loser')).toBeUndefined();
  expect(await readCounts('g')).toEqual({ a: 3 });
});

test('a refusal that is not a lost race is not retried and changes no count', async () => {
  await writeCounted([], [{ group: 'g', name: 'a', delta: 1 }]);
  let reads = 0;
  const bad: EntityOperation = { kind: 'set', entity: entries, key: 'bad', value: { id: 'bad', at: 1 } };
  await expect(
    writeCounted([bad], [{ group: 'g', name: 'a', delta: 1 }], {
      pause: noPause,
      afterRead: async () => {
        reads++;
      },
    }),
  ).rejects.toThrow(StorageError);
  expect(reads).toBe(1);
  expect(await readCounts('g')).toEqual({ a: 1 });
});

test('concurrent writers of the same count: every record counted exactly once', async () => {
  const writers = Array.from({ length: 12 }, (_, i) =>
    writeCounted([entryOp(`w${i}`)], [{ group: 'g', name: 'a', delta: 1 }]),
  );
  await Promise.all(writers);
  expect(await readCounts('g')).toEqual({ a: 12 });
  expect(await entityStore.get(COUNTER_ENTITY, counterKey('g', 'a'))).toEqual({
    group: 'g',
    name: 'a',
    count: 12,
  });
});

test('a count never goes below zero', async () => {
  await expect(writeCounted([entryOp('x')], [{ group: 'g', name: 'a', delta: -1 }])).rejects.toThrow(
    /below zero/,
  );
  expect(await stored('x')).toBeUndefined();
});
