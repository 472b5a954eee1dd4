import { readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Tests mirror the code they test, so a reader finds a module's tests by its path: a unit or integration
 * test in test/<layer>/a/b/ tests code in src/a/b/ (or static/…, tools/…, bench/…, deploy/… for those roots), and
 * every test sits in one of the Jest projects' layer folders (jest.config.cjs). Contract and e2e tests are organised by API
 * and by journey instead.
 */
const root = path.resolve(__dirname, '../../..');
const LAYERS = ['unit', 'contract', 'integration', 'e2e', 'artifact'];
const MIRRORED = ['unit', 'integration'];
const OTHER_ROOTS = ['static', 'tools', 'bench', 'deploy'];
/** Folders whose tests cover test support code rather than product code. */
const SUPPORT_TESTS: Record<string, string> = { 'e2e-support': 'test/e2e/support' };

function testFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return testFiles(rel);
    return entry.name.endsWith('.test.ts') ? [rel] : [];
  });
}

function isDirectory(rel: string): boolean {
  try {
    readdirSync(path.join(root, rel));
    return true;
  } catch {
    return false;
  }
}

describe('test layout', () => {
  const all = testFiles('test');

  it('puts every test in a layer folder', () => {
    expect(all.filter((file) => !LAYERS.includes(file.split('/')[1] ?? ''))).toEqual([]);
  });

  it.each(MIRRORED)('mirrors the code tree under test/%s', (layer) => {
    const unmirrored = all
      .filter((file) => file.startsWith(`test/${layer}/`))
      .map((file) => path.posix.dirname(file).slice(`test/${layer}/`.length))
      .filter((dir) => dir !== '' && dir !== `test/${layer}`)
      .filter((dir) => {
        const support = SUPPORT_TESTS[dir];
        if (support) return !isDirectory(support);
        const code = OTHER_ROOTS.includes(dir.split('/')[0] ?? '') ? dir : `src/${dir}`;
        return !isDirectory(code);
      });
    expect([...new Set(unmirrored)]).toEqual([]);
  });
});
