/**
 * manifest.configurable-remote.yml (the one-app-for-every-customer variant, README "Deploy") is
 * generated from manifest.yml by tools/forge/configurable-remote.cjs: it must be current, and differ from
 * manifest.yml only where the configurable remote needs it. `npm run validate:manifest` validates it with
 * @forge/manifest's full processor.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.join(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { toConfigurableRemote } = require('../../../tools/forge/configurable-remote.cjs') as {
  toConfigurableRemote(text: string): string;
};

type Manifest = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const base = readFileSync(path.join(ROOT, 'manifest.yml'), 'utf8');
const committed = readFileSync(path.join(ROOT, 'manifest.configurable-remote.yml'), 'utf8');

test('the committed variant is what the generator makes from manifest.yml', () => {
  expect(committed).toBe(toConfigurableRemote(base));
});

test('only the remote, its URL variable and the configurable-egress permission differ', () => {
  const a = parse(base) as Manifest;
  const b = parse(committed) as Manifest;
  const remote = b.remotes.find((r: Manifest) => r.key === 'scim-unlock-proxy');
  expect(remote.baseUrl).toBeUndefined();
  expect(remote.configurable).toMatchObject({ name: 'SCIM Unlock proxy' });
  expect(b.permissions.external.configurable).toEqual({ enabled: true });
  expect(b.environment.variables.map((v: Manifest) => v.key)).toEqual(['FORGE_APP_ID']);
  // Everything else is the same, so the app's code (which calls the remote by key) runs unchanged.
  const strip = (m: Manifest): Manifest => {
    const { remotes: _r, environment: _e, permissions, ...rest } = m;
    const { external: _x, ...perms } = permissions;
    return { ...rest, perms, fetch: permissions.external.fetch };
  };
  expect(strip(b)).toEqual(strip(a));
  expect({ ...remote, configurable: undefined }).toEqual({
    ...a.remotes[0],
    baseUrl: undefined,
    configurable: undefined,
  });
});
