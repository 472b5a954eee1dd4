/**
 * What a built page costs to load: the JavaScript its index.html loads eagerly (the module script, the
 * modulepreload links, and everything those chunks import statically), the chunks it may load later
 * (dynamic imports: tabs, @forge/bridge, theme CSS), and the whole bundle, raw and gzipped.
 *
 * Pure: it reads a bundle described as files with their import edges (tools/size/build-page.ts makes
 * that description from Vite's build output), so the graph rules are table-tested in
 * test/unit/tools/size.
 */
import { gzipSync } from 'node:zlib';

/** gzip level 9, the strongest setting; a server compressing at a lower level sends a little more. */
export const GZIP_LEVEL = 9;

export interface BuiltFile {
  fileName: string;
  bytes: Uint8Array;
  /** Chunks this chunk imports statically (loaded with it); empty for assets. */
  imports: string[];
  /** Chunks this chunk may import later with import(). */
  dynamicImports: string[];
  /** For a chunk some code imports dynamically: what it is, e.g. "static/admin/src/sections/AuditSection.tsx". */
  dynamicEntry: string | null;
}

export interface Weight {
  files: number;
  raw: number;
  gzip: number;
}

export interface LazyPart {
  /** The dynamically imported module the part starts from. */
  entry: string;
  /** What loading it adds on top of the initial JavaScript (its chunk and chunks only it imports). */
  added: Weight;
}

export interface PageWeight {
  page: string;
  initialJs: Weight;
  initialCss: Weight;
  totalJs: Weight;
  totalCss: Weight;
  /**
   * The initial JS plus what the page fetches at start-up without any click (the parts named in
   * tools/size/budget.json: @forge/bridge, the first tab), each chunk counted once.
   */
  firstViewJs: Weight;
  /** The eagerly loaded files, entry first, for the report. */
  initialFiles: string[];
  lazy: LazyPart[];
}

export class PageWeightError extends Error {}

const ATTRIBUTE = (name: string) => new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`, 'i');

/** The files an index.html loads before any of the page's code runs, as paths relative to the html. */
export function eagerReferences(html: string): { scripts: string[]; stylesheets: string[] } {
  const scripts: string[] = [];
  const stylesheets: string[] = [];
  for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
    const src = ATTRIBUTE('src').exec(tag)?.[1];
    // Classic scripts with a src would block too; none are emitted by Vite, but count them if present.
    if (src !== undefined) scripts.push(src);
  }
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const rel = ATTRIBUTE('rel').exec(tag)?.[1]?.toLowerCase();
    const href = ATTRIBUTE('href').exec(tag)?.[1];
    if (href === undefined) continue;
    if (rel === 'modulepreload') scripts.push(href);
    else if (rel === 'stylesheet') stylesheets.push(href);
  }
  return { scripts, stylesheets };
}

/** "./assets/x.js" → "assets/x.js"; anything leaving the page's own resources is refused. */
function ownFile(ref: string): string {
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(ref) || ref.startsWith('/')) {
    throw new PageWeightError(
      `index.html loads ${ref}, which is not a relative path inside the page's resources (Custom UI's CSP and the Forge CDN need relative asset URLs)`,
    );
  }
  const parts: string[] = [];
  for (const part of ref.split('/')) {
    if (part === '.' || part === '') continue;
    if (part === '..') throw new PageWeightError(`index.html loads ${ref}, outside the page's resources`);
    parts.push(part);
  }
  return parts.join('/');
}

export function weigh(files: BuiltFile[], gzipCache = new Map<string, number>()): Weight {
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    raw += f.bytes.byteLength;
    let gz = gzipCache.get(f.fileName);
    if (gz === undefined) {
      gz = gzipSync(f.bytes, { level: GZIP_LEVEL }).byteLength;
      gzipCache.set(f.fileName, gz);
    }
    gzip += gz;
  }
  return { files: files.length, raw, gzip };
}

/** The named files plus every chunk they import statically, in first-seen order. */
function staticClosure(start: string[], byName: Map<string, BuiltFile>): string[] {
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (seen.has(name)) continue;
    const file = byName.get(name);
    if (!file) throw new PageWeightError(`the bundle references ${name}, which the build did not emit`);
    seen.add(name);
    queue.push(...file.imports);
  }
  return [...seen];
}

const isJs = (name: string) => /\.m?js$/.test(name);
const isCss = (name: string) => name.endsWith('.css');

export function measurePage(
  page: string,
  html: string,
  files: BuiltFile[],
  startup: string[] = [],
): PageWeight {
  const byName = new Map(files.map((f) => [f.fileName, f]));
  const refs = eagerReferences(html);
  const scripts = refs.scripts.map(ownFile);
  if (scripts.length === 0) throw new PageWeightError(`${page}: index.html loads no script`);
  const initial = staticClosure(scripts, byName);
  const initialSet = new Set(initial);
  const pick = (names: Iterable<string>) => [...names].map((n) => byName.get(n) as BuiltFile);
  const gz = new Map<string, number>();

  const stylesheets = refs.stylesheets.map(ownFile);
  for (const s of stylesheets) {
    if (!byName.has(s))
      throw new PageWeightError(`${page}: index.html links ${s}, which the build did not emit`);
  }

  const lazy: LazyPart[] = files
    .filter((f) => f.dynamicEntry !== null && !initialSet.has(f.fileName))
    .map((f) => ({
      entry: f.dynamicEntry as string,
      added: weigh(
        pick(staticClosure([f.fileName], byName).filter((n) => !initialSet.has(n) && isJs(n))),
        gz,
      ),
    }))
    .sort((a, b) => b.added.gzip - a.added.gzip || a.entry.localeCompare(b.entry));

  const startupFiles = startup.map((entry) => {
    const file = files.find((f) => f.dynamicEntry === entry);
    if (!file) {
      throw new PageWeightError(
        `${page}: the start-up part "${entry}" (tools/size/budget.json) is not a lazily loaded chunk of the build; lazy parts: ${files
          .flatMap((f) => (f.dynamicEntry === null ? [] : [f.dynamicEntry]))
          .join(', ')}`,
      );
    }
    return file.fileName;
  });
  const firstView = staticClosure([...initial, ...startupFiles], byName).filter(isJs);

  return {
    page,
    initialJs: weigh(pick(initial.filter(isJs)), gz),
    firstViewJs: weigh(pick(firstView), gz),
    initialCss: weigh(pick(stylesheets), gz),
    totalJs: weigh(
      files.filter((f) => isJs(f.fileName)),
      gz,
    ),
    totalCss: weigh(
      files.filter((f) => isCss(f.fileName)),
      gz,
    ),
    initialFiles: initial,
    lazy,
  };
}

export interface PageBudget {
  initialJsGzipKB: number;
  firstViewJsGzipKB: number;
  totalJsGzipKB: number;
  /** Lazy parts fetched at start-up without a click, by the names the report prints. */
  startup: string[];
}

export interface BudgetBreach {
  page: string;
  what: 'initial JS' | 'first-view JS' | 'total JS';
  gzipKB: number;
  budgetKB: number;
}

/** kB as Vite reports them: 1,000 bytes. */
export const kB = (bytes: number) => bytes / 1000;

export function overBudget(weights: PageWeight[], budgets: Record<string, PageBudget>): BudgetBreach[] {
  const breaches: BudgetBreach[] = [];
  for (const w of weights) {
    const budget = budgets[w.page];
    if (!budget) throw new PageWeightError(`tools/size/budget.json has no budget for the page "${w.page}"`);
    if (kB(w.initialJs.gzip) > budget.initialJsGzipKB) {
      breaches.push({
        page: w.page,
        what: 'initial JS',
        gzipKB: kB(w.initialJs.gzip),
        budgetKB: budget.initialJsGzipKB,
      });
    }
    if (kB(w.firstViewJs.gzip) > budget.firstViewJsGzipKB) {
      breaches.push({
        page: w.page,
        what: 'first-view JS',
        gzipKB: kB(w.firstViewJs.gzip),
        budgetKB: budget.firstViewJsGzipKB,
      });
    }
    if (kB(w.totalJs.gzip) > budget.totalJsGzipKB) {
      breaches.push({
        page: w.page,
        what: 'total JS',
        gzipKB: kB(w.totalJs.gzip),
        budgetKB: budget.totalJsGzipKB,
      });
    }
  }
  return breaches;
}

const fmt = (bytes: number) => `${kB(bytes).toFixed(1)} kB`;
const both = (w: Weight) => `${fmt(w.raw)} raw, ${fmt(w.gzip)} gz`;

export function formatReport(
  weights: PageWeight[],
  budgets: Record<string, PageBudget>,
  lazyRows = 8,
): string {
  const lines: string[] = [`Page weight (gzip level ${GZIP_LEVEL}, 1 kB = 1,000 bytes)`];
  for (const w of weights) {
    const b = budgets[w.page];
    lines.push('');
    lines.push(`${w.page}`);
    lines.push(
      `  initial JS  ${both(w.initialJs)} in ${w.initialJs.files} files` +
        (b ? `   (budget ${b.initialJsGzipKB} kB gz)` : ''),
    );
    lines.push(`  initial CSS ${both(w.initialCss)}`);
    lines.push(
      `  first view  ${both(w.firstViewJs)} in ${w.firstViewJs.files} files` +
        (b ? `   (budget ${b.firstViewJsGzipKB} kB gz; + ${b.startup.join(', ')})` : ''),
    );
    lines.push(
      `  total JS    ${both(w.totalJs)} in ${w.totalJs.files} files` +
        (b ? `   (budget ${b.totalJsGzipKB} kB gz)` : ''),
    );
    lines.push(`  total CSS   ${both(w.totalCss)}`);
    if (w.lazy.length > 0) {
      lines.push(`  loaded on demand (what each adds to the initial JS):`);
      for (const part of w.lazy.slice(0, lazyRows))
        lines.push(`    ${fmt(part.added.gzip).padStart(9)} gz  ${part.entry}`);
      const rest = w.lazy.slice(lazyRows);
      if (rest.length > 0) {
        const gzip = rest.reduce((s, p) => s + p.added.gzip, 0);
        lines.push(`    ${fmt(gzip).padStart(9)} gz  ${rest.length} smaller parts`);
      }
    }
  }
  return lines.join('\n');
}
