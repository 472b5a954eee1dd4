/**
 * Builds a page with the repository's Vite config, in memory (nothing is written: `npm run build` owns
 * static/<page>/build), and describes the output as tools/size/page-weight.ts reads it. Using the
 * bundler's own import graph means no parsing of minified code; the same config and sources give the
 * same chunks that `npm run build` writes.
 */
import path from 'node:path';
import type { Rolldown } from 'vite' with { 'resolution-mode': 'import' };
import type { BuiltFile } from './page-weight';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const PAGES = ['admin', 'issue-action'] as const;

export interface BuiltPage {
  html: string;
  files: BuiltFile[];
  /** Rendered (minified, before gzip) bytes of each npm package or repository folder in each chunk. */
  parts: Array<{ owner: string; fileName: string; bytes: number }>;
}

const relative = (id: string) => path.relative(REPO_ROOT, id.replace(/^\0/, '')).split(path.sep).join('/');

/** "node_modules/@atlaskit/tokens/dist/esm/x.js" → "@atlaskit/tokens"; repository files keep their folder. */
export function ownerOf(id: string): string {
  const rel = relative(id);
  const pkg = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(rel);
  if (pkg?.[1]) return pkg[1];
  return rel.split('/').slice(0, 3).join('/');
}

/** A readable name for a dynamically imported chunk: its source file, or package plus file. */
function entryName(facade: string | null, fallback: string): string {
  if (facade === null) return fallback;
  const rel = relative(facade);
  const inPkg = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(rel);
  if (inPkg) return `${inPkg[1]} (${path.basename(inPkg[2] ?? '')})`;
  return rel;
}

export async function buildPage(page: string): Promise<BuiltPage> {
  const vite = await import('vite');
  const result = await vite.build({
    root: path.join(REPO_ROOT, 'static', page),
    configFile: path.join(REPO_ROOT, 'static', 'vite.config.mts'),
    logLevel: 'warn',
    build: { write: false },
  });
  if (!('output' in result) && !Array.isArray(result))
    throw new Error(`vite build of ${page} returned a watcher`);
  const output = (Array.isArray(result) ? result : [result]).flatMap(
    (r: Rolldown.RolldownOutput) => r.output,
  );

  let html: string | null = null;
  const files: BuiltFile[] = [];
  const parts = new Map<string, { owner: string; fileName: string; bytes: number }>();
  for (const item of output) {
    if (item.type === 'asset') {
      const bytes = typeof item.source === 'string' ? Buffer.from(item.source) : Buffer.from(item.source);
      if (item.fileName === 'index.html') html = bytes.toString('utf8');
      files.push({ fileName: item.fileName, bytes, imports: [], dynamicImports: [], dynamicEntry: null });
      continue;
    }
    files.push({
      fileName: item.fileName,
      bytes: Buffer.from(item.code),
      imports: item.imports,
      dynamicImports: item.dynamicImports,
      dynamicEntry: item.isDynamicEntry ? entryName(item.facadeModuleId, item.fileName) : null,
    });
    for (const [id, mod] of Object.entries(item.modules)) {
      const owner = ownerOf(id);
      const key = `${item.fileName}\0${owner}`;
      const part = parts.get(key) ?? { owner, fileName: item.fileName, bytes: 0 };
      part.bytes += mod.renderedLength;
      parts.set(key, part);
    }
  }
  if (html === null) throw new Error(`vite build of ${page} emitted no index.html`);
  return { html, files, parts: [...parts.values()].filter((p) => p.bytes > 0) };
}
