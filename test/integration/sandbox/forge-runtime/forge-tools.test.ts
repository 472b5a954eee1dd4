/**
 * The offline Forge checks (tools/forge) run as npm runs them, against small fixture apps: they must
 * pass a clean app and fail — exit 1 — on any error AND any warning.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const TOOLS = resolve(__dirname, '../../../../tools/forge');

// Each run is a fresh Node process loading @forge/manifest (and, for lint, the whole Jira OpenAPI
// document): seconds of CPU each, more when the suite runs in parallel. A ceiling, not a timing check.
jest.setTimeout(120_000);

const MANIFEST = `modules:
  jira:adminPage:
    - key: admin
      resource: ui
      resolver: {function: resolver}
      title: Admin
  scheduledTrigger:
    - key: nightly
      function: resolver
      interval: INTERVAL
  function:
    - key: resolver
      handler: index.handler
resources:
  - key: ui
    path: static/ui
permissions:
  scopes: [SCOPES]
  external:
    fetch:
      backend:
        - EGRESS
app:
  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000
  runtime: {name: nodejs22.x}
`;

const SOURCE = `const api = require('@forge/api');
exports.handler = async () => {
  const r = await api.asUser().requestJira(api.route\`/rest/api/3/users/search\`);
  return r.status;
};
`;

interface Fixture {
  interval?: string;
  scopes?: string;
  egress?: string;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function app(f: Fixture = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'forge-app-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'src'));
  mkdirSync(join(dir, 'static', 'ui'), { recursive: true });
  writeFileSync(join(dir, 'static', 'ui', 'index.html'), '<html></html>');
  writeFileSync(join(dir, 'src', 'index.js'), SOURCE);
  writeFileSync(
    join(dir, 'manifest.yml'),
    MANIFEST.replace('INTERVAL', f.interval ?? 'day')
      .replace('SCOPES', f.scopes ?? 'read:jira-user')
      .replace('EGRESS', f.egress ?? 'address: https://proxy.example.com'),
  );
  return dir;
}

function run(tool: string, root: string, args: string[] = []): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(TOOLS, tool), ...args],
      { env: { ...process.env, FORGE_APP_ROOT: root }, cwd: root },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
        done({ code, out: `${stdout}${stderr}` });
      },
    );
  });
}

describe('validate-manifest.cjs', () => {
  test.each([
    ['a clean manifest passes', {}, 0, 'manifest validation passed'],
    [
      'an interval Forge does not know is an error',
      { interval: 'minute' },
      1,
      "allowed values are 'fiveMinute'",
    ],
    ['an unknown scope is an error', { scopes: 'read:everything' }, 1, 'read:everything'],
    [
      'a deprecated bare-string egress entry is a warning, and fails',
      { egress: 'https://proxy.example.com' },
      1,
      'deprecated egress',
    ],
  ])('%s', async (_name, fixture, code, text) => {
    const r = await run('validate-manifest.cjs', app(fixture));
    expect(r.out).toContain(text);
    expect(r.code).toBe(code);
  });
});

describe('lint-offline.cjs', () => {
  test('a Jira route whose scope is declared passes', async () => {
    const r = await run('lint-offline.cjs', app(), ['src/index.js']);
    expect(r.out).toContain('0 error(s), 0 warning(s)');
    expect(r.code).toBe(0);
  });

  test('a Jira route without its scope fails, found through the local Jira OpenAPI document', async () => {
    const r = await run('lint-offline.cjs', app({ scopes: 'storage:app' }), ['src/index.js']);
    expect(r.out).toContain('GET /rest/api/3/users/search requires "read:jira-user" scope');
    expect(r.code).toBe(1);
  });
});

describe('bundle-offline.cjs', () => {
  test('a backend whose imports resolve bundles, one .cjs per handler module', async () => {
    const dir = app();
    writeFileSync(join(dir, 'src', 'index.js'), 'exports.handler = async () => 1;\n');
    const r = await run('bundle-offline.cjs', dir);
    expect(r.out).toContain('forge bundle passed: index.cjs');
    expect(r.code).toBe(0);
  });

  test('an import that does not resolve fails the bundle', async () => {
    const dir = app();
    writeFileSync(join(dir, 'src', 'index.js'), "exports.handler = require('./missing-module');\n");
    const r = await run('bundle-offline.cjs', dir);
    expect(r.out).toContain("Can't resolve './missing-module'");
    expect(r.code).toBe(1);
  });
});
