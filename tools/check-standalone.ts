/**
 * Fails when a file of the repository points outside it: a relative path that climbs above the repository
 * root (`../somewhere` from the root, `../../../x` from `test/support`), or a known folder that used to sit
 * beside it. A clone must build, test and read on its own; the Atlassian specs it checks against are
 * vendored in spec/atlassian/ and the architecture is described in docs/architecture.md.
 *
 * Usage: tsx tools/check-standalone.ts   (run by `npm test`; exits 1 and lists every reference found)
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface OutsideReference {
  file: string;
  line: number;
  text: string;
  why: string;
}

/**
 * Folders that sat beside the repository (the specs and background notes before they were vendored or
 * rewritten into spec/ and docs/); any mention of them is a dangling reference, however the path is built.
 */
const SIBLING_FOLDERS = /\/work\/shared\b|\bshared\/docs\b|\batlassian-specs\b/;

/** `../` chains, as written in imports, path.resolve calls, comments and Markdown links. */
const RELATIVE_CLIMB = /(?<![A-Za-z0-9_.-])((?:\.\.\/)+)([A-Za-z0-9_@-][A-Za-z0-9_.@-]*)?/g;

/**
 * Files this check does not read: third-party specs (vendored as they are), the lockfile, the check
 * and its test, which must spell out the patterns they look for, and the import-boundary rules and their
 * test, whose specifiers are relative to the file they are linted as, not to where they are written.
 */
const SKIPPED = [
  /^spec\/atlassian\/.*\.json$/,
  /^package-lock\.json$/,
  /^tools\/check-standalone\.ts$/,
  /^test\/unit\/tools\/check-standalone\.test\.ts$/,
  /^eslint\.config\.mjs$/,
  /^test\/unit\/tools\/import-boundaries\.test\.ts$/,
];

/** The references in one file's text that leave the repository; `file` is relative to the root. */
export function findOutsideReferences(file: string, text: string): OutsideReference[] {
  const found: OutsideReference[] = [];
  const dir = path.posix.dirname(file);
  text.split('\n').forEach((lineText, index) => {
    const at = { file, line: index + 1, text: lineText.trim().slice(0, 160) };
    if (SIBLING_FOLDERS.test(lineText)) {
      found.push({ ...at, why: 'names a folder outside the repository' });
      return;
    }
    for (const match of lineText.matchAll(RELATIVE_CLIMB)) {
      const target = path.posix.normalize(path.posix.join(dir, match[1] ?? '', match[2] ?? ''));
      if (target === '..' || target.startsWith('../')) {
        found.push({ ...at, why: `${match[0]} from ${dir}/ leaves the repository` });
        return;
      }
    }
  });
  return found;
}

const isText = (content: Buffer) => !content.subarray(0, 8000).includes(0);

/** Files under version control; a copy without git history falls back to walking the tree. */
function repositoryFiles(root: string): string[] {
  try {
    return execFileSync('git', ['ls-files', '-z'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .split('\0')
      .filter(Boolean);
  } catch {
    const ignored = new Set([
      'node_modules',
      '.git',
      'dist',
      'coverage',
      '.sandbox',
      'build',
      'test-results',
    ]);
    const walk = (rel: string): string[] =>
      readdirSync(path.join(root, rel), { withFileTypes: true }).flatMap((e) => {
        if (ignored.has(e.name)) return [];
        const child = rel === '' ? e.name : `${rel}/${e.name}`;
        return e.isDirectory() ? walk(child) : e.isFile() ? [child] : [];
      });
    return walk('');
  }
}

export function checkRepository(root: string): OutsideReference[] {
  return repositoryFiles(root)
    .filter((file) => !SKIPPED.some((p) => p.test(file)))
    .flatMap((file) => {
      let content: Buffer;
      try {
        content = readFileSync(path.join(root, file));
      } catch {
        return []; // listed by git but deleted in the working tree
      }
      return isText(content) ? findOutsideReferences(file, content.toString('utf8')) : [];
    });
}

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  const found = checkRepository(root);
  for (const r of found) console.error(`${r.file}:${r.line}: ${r.why}\n    ${r.text}`);
  if (found.length > 0) {
    console.error(`\n${found.length} reference(s) point outside the repository; point them inside it.`);
    process.exit(1);
  }
  console.log('check-standalone: no file points outside the repository');
}
