import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkRepository, findOutsideReferences } from '../../../tools/check-standalone';

/**
 * The sibling folder's name is assembled, so this test, which must spell out what the check looks for,
 * does not itself read as a reference outside the repository.
 */
const SIB = ['sha', 'red'].join('');
const SPECS = ['atlassian', 'specs'].join('-');

describe('findOutsideReferences', () => {
  it.each([
    // folders that sat beside the repository, however they are written
    ['README.md', `see \`../${SIB}/docs/architecture.md\``],
    ['test/support/a.ts', `path.resolve(__dirname, '../../../${SIB}/${SPECS}')`],
    ['test/support/a.ts', ` * Source: /work/${SIB}/docs/atlassian-admin-apis.md §2.1`],
    ['tools/forge/lint.cjs', `path.resolve(repo, '..', '${SIB}', '${SPECS}', 'x.json')`],
    // relative paths that climb above the root
    ['README.md', '[notes](../notes/a.md)'],
    ['docs/architecture.md', 'see ../../elsewhere/a.md'],
    ['src/forge/a.ts', "import x from '../../../outside';"],
    ['test/e2e/support/a.ts', "readFileSync('../../../../x.json')"],
  ])('flags %s: %s', (file, line) => {
    expect(findOutsideReferences(file, `first line\n${line}\n`)).toEqual([
      expect.objectContaining({ file, line: 2 }),
    ]);
  });

  it.each([
    ['static/admin/src/sections/A.tsx', `import { callAdmin } from '../../../${SIB}/bridge';`],
    ['static/shared/ui/B.tsx', "import { x } from '../../../src/contract/app/resolvers';"],
    ['test/support/a.ts', "path.resolve(__dirname, '../../spec/atlassian')"],
    ['README.md', 'vendored in `spec/atlassian/` and described in docs/architecture.md'],
    ['src/proxy/http/raw-target.ts', ' * would reach `/v1/accounts/a/../b/unlock`'],
    ['src/a.ts', "const up = '..';"],
  ])('accepts %s: %s', (file, line) => {
    expect(findOutsideReferences(file, line)).toEqual([]);
  });

  it('reports every offending line once, with its number', () => {
    const text = ['../a/../../b', 'fine', `x ../${SIB}/docs/y and ../../z`].join('\n');
    expect(findOutsideReferences('README.md', text).map((r) => r.line)).toEqual([1, 3]);
  });
});

describe('checkRepository', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'check-standalone-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reads every file of a copy without git history, skipping what it must not read', () => {
    mkdirSync(path.join(root, 'test/support'), { recursive: true });
    mkdirSync(path.join(root, 'spec/atlassian'), { recursive: true });
    mkdirSync(path.join(root, 'node_modules/pkg'), { recursive: true });
    writeFileSync(path.join(root, 'README.md'), 'see docs/architecture.md\n');
    writeFileSync(
      path.join(root, 'test/support/specs.ts'),
      `export const DIR = '../../../${SIB}/${SPECS}';\n`,
    );
    writeFileSync(path.join(root, 'spec/atlassian/api.json'), '{"description":"../../../outside"}');
    writeFileSync(path.join(root, 'node_modules/pkg/index.js'), "require('../../../outside');\n");
    writeFileSync(path.join(root, 'logo.png'), Buffer.from([0x89, 0x50, 0x00, 0x2e, 0x2e, 0x2f]));

    expect(checkRepository(root)).toEqual([
      expect.objectContaining({ file: 'test/support/specs.ts', line: 1 }),
    ]);
  });
});
