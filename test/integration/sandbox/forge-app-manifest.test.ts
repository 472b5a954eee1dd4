/**
 * readAppManifest hands the local runtime the manifest's custom entities (docs/forge-storage.md M1–M5):
 * declaring an entity in manifest.yml is all the sandbox needs, and a definition @forge/manifest would
 * refuse is refused here too, before any app code runs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { readAppManifest } from '../../../src/sandbox/forge-app-manifest';

const FIXTURE = path.join(__dirname, 'forge-runtime', 'entities-manifest.yml');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'forge-manifest-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function manifestWith(entities: unknown): string {
  const file = path.join(dir, `m${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(
    file,
    stringify({
      modules: { function: [{ key: 'noop', handler: 'index.noop' }] },
      app: { id: 'ari:cloud:ecosystem::app/x', storage: { entities } },
    }),
  );
  return file;
}

test('the entities of the fixture manifest reach the runtime as declared (M5)', () => {
  const { entities } = readAppManifest(FIXTURE);
  expect(entities.map((e) => e.name)).toEqual(['flag', 'audit-entry']);
  expect(entities[0]?.indexes).toEqual([
    'score',
    { name: 'by-status', partition: ['status'], range: ['firstDetected'] },
    { name: 'by-directory-status', partition: ['directoryId', 'status'], range: ['lastSeen'] },
    { name: 'by-name', range: ['name'] },
  ]);
});

test("the app's own manifest.yml loads, with or without entities (M5)", () => {
  expect(Array.isArray(readAppManifest().entities)).toBe(true);
});

const attrs = { a: { type: 'string' }, n: { type: 'integer' }, x: { type: 'any' } };
const eight = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`a${i}`, { type: 'string' }]));

test.each([
  ['a name starting with "_"', [{ name: '_flags', attributes: attrs }]],
  ['a name of 2 characters', [{ name: 'ab', attributes: attrs }]],
  ['an upper-case name', [{ name: 'Flags', attributes: attrs }]],
  [
    'two entities of one name',
    [
      { name: 'flag', attributes: attrs },
      { name: 'flag', attributes: attrs },
    ],
  ],
  ['an unknown attribute type', [{ name: 'flag', attributes: { a: { type: 'date' } } }]],
  ['an index on an undeclared attribute', [{ name: 'flag', attributes: attrs, indexes: ['missing'] }]],
  ['an index on an any attribute', [{ name: 'flag', attributes: attrs, indexes: ['x'] }]],
  [
    'a range of two attributes',
    [{ name: 'flag', attributes: attrs, indexes: [{ name: 'ix', range: ['a', 'n'] }] }],
  ],
  [
    'the reserved index name by-key',
    [{ name: 'flag', attributes: attrs, indexes: [{ name: 'by-key', range: ['a'] }] }],
  ],
  ['eight indexes', [{ name: 'flag', attributes: eight, indexes: Object.keys(eight) }]],
])('a manifest with %s is refused (M1, M3, M4)', (_name, entities) => {
  expect(() => readAppManifest(manifestWith(entities))).toThrow();
});

test('seven indexes and 50 attributes are accepted (M1)', () => {
  const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`a${i}`, { type: 'string' }]));
  const file = manifestWith([{ name: 'flag', attributes: fifty, indexes: Object.keys(fifty).slice(0, 7) }]);
  expect(readAppManifest(file).entities[0]?.indexes).toHaveLength(7);
});

test('a manifest without app.storage gives no entities', () => {
  const file = path.join(dir, 'plain.yml');
  writeFileSync(file, stringify({ modules: { function: [] }, app: { id: 'ari:cloud:ecosystem::app/x' } }));
  expect(readAppManifest(file).entities).toEqual([]);
});
