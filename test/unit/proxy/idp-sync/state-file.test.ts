import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  fileStateStore,
  IdpSyncStateError,
  memoryStateStore,
} from '../../../../src/proxy/idp-sync/state-file';

const rec = (accountId: string) => ({
  accountId,
  email: `${accountId}@acme.example`,
  keycloakUserId: `kc-${accountId}`,
  action: 'deactivate' as const,
  directoryIds: [],
  at: '2026-11-02T09:00:00.000Z',
  requestId: 'req-1',
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'idp-state-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('a missing file is an empty record; save then load round-trips, sorted, owner-only', async () => {
  const file = join(dir, 'nested', 'idp-sync-state.json');
  const store = fileStateStore(file);
  expect((await store.load()).size).toBe(0);
  await store.save(
    new Map([
      ['b', rec('b')],
      ['a', rec('a')],
    ]),
  );
  expect([...(await fileStateStore(file).load()).keys()]).toEqual(['a', 'b']);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
    version: 2,
    deactivated: [
      { accountId: 'a', keycloakUserId: 'kc-a' },
      { accountId: 'b', keycloakUserId: 'kc-b' },
    ],
  });
});

test('a file written by an earlier version (no Keycloak user ids) is read, and its records name no user', async () => {
  const file = join(dir, 'state.json');
  const { keycloakUserId: _dropped, ...old } = rec('a');
  writeFileSync(file, JSON.stringify({ version: 1, deactivated: [old] }));
  const records = await fileStateStore(file).load();
  // A null id never justifies a reactivation (findCandidates: identity-unproven).
  expect(records.get('a')).toEqual({ ...old, keycloakUserId: null });
  // The next save writes the current version; the old file is replaced whole, never merged.
  await fileStateStore(file).save(records);
  expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
    version: 2,
    deactivated: [{ accountId: 'a', keycloakUserId: null }],
  });
});

test.each([
  ['not JSON', '{nope'],
  ['an unknown version', '{"version":3,"deactivated":[]}'],
  [
    'a current file whose record lacks the user id',
    '{"version":2,"deactivated":[{"accountId":"a","email":null,"action":"deactivate","directoryIds":[],"at":"x","requestId":"r"}]}',
  ],
])('a file that is %s is refused, never overwritten blindly', async (_name, text) => {
  const file = join(dir, 'state.json');
  writeFileSync(file, text);
  await expect(fileStateStore(file).load()).rejects.toBeInstanceOf(IdpSyncStateError);
  expect(readFileSync(file, 'utf8')).toBe(text);
});

test('the memory store keeps records for the life of the process', async () => {
  const store = memoryStateStore();
  await store.save(new Map([['a', rec('a')]]));
  expect([...(await store.load()).keys()]).toEqual(['a']);
  expect(store.location).toBeNull();
});
