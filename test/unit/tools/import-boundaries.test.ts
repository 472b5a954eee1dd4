import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * The import rules in eslint.config.mjs, exercised on code that is not in the tree: each row lints one
 * import as if it sat in `file`, so a rule that silently stops matching (a renamed folder, a wrong depth)
 * fails here rather than letting the tree drift. ESLint loads its config with a dynamic import, which
 * Jest's CommonJS runtime cannot do, so all rows are linted in one child Node process.
 */
const root = path.resolve(__dirname, '../../..');

const LINT_ROWS = `
import { ESLint } from 'eslint';
import path from 'node:path';
const rows = JSON.parse(process.argv[1]);
const eslint = new ESLint({ cwd: process.cwd() });
const out = [];
for (const [file, source] of rows) {
  const [result] = await eslint.lintText(source + '\\nexport const used = x;\\n', { filePath: path.resolve(file) });
  out.push(result.messages
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message));
}
process.stdout.write(JSON.stringify(out));
`;

function lint(rows: Array<[string, string]>): string[][] {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', LINT_ROWS, JSON.stringify(rows)], {
    cwd: root,
    encoding: 'utf8',
  });
  return JSON.parse(out) as string[][];
}

const refused: Array<[string, string, RegExp]> = [
  ['src/proxy/server/app.ts', "import { x } from '../../sandbox/sim';", /never imports the sandbox/],
  ['src/forge/scan/scan.ts', "import { x } from '../../sandbox/forge-runtime';", /never imports the sandbox/],
  ['src/index.ts', "import { x } from './sandbox/sandbox';", /never imports the sandbox/],
  ['static/admin/src/App.tsx', "import { x } from '../../../src/sandbox/shell';", /only the contract/],
  ['src/forge/scan/scan.ts', "import { x } from '../../proxy/config';", /only through its contract/],
  [
    'src/forge/scan/domain/rules.ts',
    "import { x } from '../../../proxy/config';",
    /only through its contract/,
  ],
  ['src/forge/scan/scan.ts', "import { x } from '../../atlassian';", /only through its contract/],
  ['src/proxy/scan/scan.ts', "import { x } from '../../forge/flags/flags';", /never imports the Forge app/],
  ['src/atlassian/http/client.ts', "import { x } from '../../proxy/config';", /import no application code/],
  ['src/lib/walk-budget.ts', "import { x } from '../contract/proxy';", /import no application code/],
  ['src/keycloak/connector.ts', "import { x } from '../forge/platform/jira';", /import no application code/],
  ['src/contract/app/records.ts', "import { x } from '../../forge/platform/ids';", /imports neither/],
  ['src/contract/proxy/routes.ts', "import { x } from '../../proxy/config';", /imports neither/],
  ['static/shared/errors.ts', "import { x } from '../../src/forge/platform/errors';", /only the contract/],
  [
    'static/admin/src/sections/Audit.tsx',
    "import { x } from '../../../../src/lib/clip';",
    /only the contract/,
  ],
  ['src/proxy/accounts/domain/diagnose.ts', "import { x } from 'node:fs';", /pure rules/],
  ['src/forge/flags/domain/rules.ts', "import { x } from '@forge/kvs';", /pure rules/],
  ['src/proxy/scan/domain/rules.ts', "import { x } from 'pino';", /pure rules/],
];

const allowed: Array<[string, string]> = [
  ['src/contract/app/records.ts', "import { x } from '../proxy';"],
  ['src/forge/scan/scan.ts', "import { x } from '../../contract/proxy';"],
  ['src/forge/scan/scan.ts', "import { x } from '../../lib/walk-budget';"],
  ['src/proxy/scan/scan.ts', "import { x } from '../../atlassian';"],
  ['src/proxy/scan/scan.ts', "import { x } from '../../contract/proxy';"],
  ['src/atlassian/http/client.ts', "import { x } from '../../lib/walk-budget';"],
  ['static/admin/src/App.tsx', "import { x } from '../../../src/contract/app/resolvers';"],
  ['static/admin/src/App.tsx', "import { x } from '../../shared/bridge';"],
  ['src/sandbox/sim/server.ts', "import { x } from '../../proxy/config';"],
  ['src/proxy/scan/domain/rules.ts', "import { x } from '../../../contract/proxy';"],
];

describe('import boundaries (eslint.config.mjs)', () => {
  let refusedMessages: string[][] = [];
  let allowedMessages: string[][] = [];
  beforeAll(() => {
    const messages = lint([
      ...refused.map(([file, source]) => [file, source] as [string, string]),
      ...allowed,
    ]);
    refusedMessages = messages.slice(0, refused.length);
    allowedMessages = messages.slice(refused.length);
  });

  it.each(refused.map((row, i) => [...row, i] as const))('%s may not: %s', (_file, _source, why, i) => {
    expect(refusedMessages[i]).toHaveLength(1);
    expect(refusedMessages[i]?.[0]).toMatch(why);
  });

  it.each(allowed.map((row, i) => [...row, i] as const))('%s may: %s', (_file, _source, i) => {
    expect(allowedMessages[i]).toEqual([]);
  });
});
