import { gzipSync } from 'node:zlib';
import {
  eagerReferences,
  measurePage,
  overBudget,
  PageWeightError,
  type BuiltFile,
  type PageBudget,
} from '../../../tools/size/page-weight';

function file(fileName: string, size: number, opts: Partial<BuiltFile> = {}): BuiltFile {
  // Incompressible bytes, so raw and gzip sizes are both meaningful and distinct per file.
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i += 1) bytes[i] = (i * 7919 + fileName.length * 31) % 251;
  return { fileName, bytes, imports: [], dynamicImports: [], dynamicEntry: null, ...opts };
}

const gz = (f: BuiltFile) => gzipSync(f.bytes, { level: 9 }).byteLength;

const HTML = `<!doctype html><html><head>
  <script type="module" crossorigin src="./assets/index.js"></script>
  <link rel="modulepreload" crossorigin href="./assets/runtime.js">
  <link rel="stylesheet" crossorigin href="./assets/index.css">
</head><body></body></html>`;

const entry = file('assets/index.js', 3000, {
  imports: ['assets/runtime.js', 'assets/react.js'],
  dynamicImports: ['assets/tab-a.js', 'assets/bridge.js'],
});
const runtime = file('assets/runtime.js', 200);
const react = file('assets/react.js', 2000, { imports: ['assets/runtime.js'] });
const tabA = file('assets/tab-a.js', 1500, {
  imports: ['assets/shared.js', 'assets/react.js'],
  dynamicEntry: 'static/admin/src/sections/A.tsx',
});
const shared = file('assets/shared.js', 1000);
const bridge = file('assets/bridge.js', 800, { dynamicEntry: '@forge/bridge (index.js)' });
const css = file('assets/index.css', 400);
const html = file('index.html', HTML.length);
const FILES = [entry, runtime, react, tabA, shared, bridge, css, html];

describe('eagerReferences', () => {
  it.each([
    [
      'module script',
      '<script type="module" src="./a.js"></script>',
      { scripts: ['./a.js'], stylesheets: [] },
    ],
    ['modulepreload', '<link rel="modulepreload" href="./b.js">', { scripts: ['./b.js'], stylesheets: [] }],
    ['stylesheet', '<link rel="stylesheet" href="./c.css">', { scripts: [], stylesheets: ['./c.css'] }],
    [
      'other links are not loads',
      '<link rel="icon" href="./i.png"><link rel="prefetch" href="./p.js">',
      { scripts: [], stylesheets: [] },
    ],
    ['inline script', '<script>1</script>', { scripts: [], stylesheets: [] }],
  ])('%s', (_name, markup, expected) => {
    expect(eagerReferences(markup)).toEqual(expected);
  });
});

describe('measurePage', () => {
  const weight = measurePage('admin', HTML, FILES, [
    '@forge/bridge (index.js)',
    'static/admin/src/sections/A.tsx',
  ]);

  it('counts the entry and its static imports as initial, each once, and not the dynamic imports', () => {
    expect(weight.initialFiles).toEqual(['assets/index.js', 'assets/runtime.js', 'assets/react.js']);
    expect(weight.initialJs).toEqual({
      files: 3,
      raw: 3000 + 200 + 2000,
      gzip: gz(entry) + gz(runtime) + gz(react),
    });
    expect(weight.initialCss).toEqual({ files: 1, raw: 400, gzip: gz(css) });
  });

  it('adds the start-up parts and what only they import to the first view', () => {
    expect(weight.firstViewJs.raw).toBe(3000 + 200 + 2000 + 1500 + 1000 + 800);
    expect(weight.firstViewJs.files).toBe(6);
  });

  it('counts every chunk in the total, and what each lazy part adds beyond the initial JS', () => {
    expect(weight.totalJs.raw).toBe(3000 + 200 + 2000 + 1500 + 1000 + 800);
    expect(weight.lazy).toEqual([
      {
        entry: 'static/admin/src/sections/A.tsx',
        added: { files: 2, raw: 2500, gzip: gz(tabA) + gz(shared) },
      },
      { entry: '@forge/bridge (index.js)', added: { files: 1, raw: 800, gzip: gz(bridge) } },
    ]);
  });

  it.each([
    [
      'an absolute URL',
      HTML.replace('./assets/index.js', 'https://cdn.example/index.js'),
      /not a relative path/,
    ],
    ['a root path', HTML.replace('./assets/index.js', '/assets/index.js'), /not a relative path/],
    ['a path climbing out', HTML.replace('./assets/index.js', '../index.js'), /outside the page's resources/],
    ['a file the build did not emit', HTML.replace('./assets/index.js', './assets/gone.js'), /did not emit/],
    ['no script at all', '<html><head></head></html>', /loads no script/],
  ])('refuses an index.html that loads %s', (_name, markup, message) => {
    expect(() => measurePage('admin', markup, FILES)).toThrow(PageWeightError);
    expect(() => measurePage('admin', markup, FILES)).toThrow(message);
  });

  it('refuses a start-up part the build does not have, naming the ones it has', () => {
    expect(() => measurePage('admin', HTML, FILES, ['static/admin/src/sections/Gone.tsx'])).toThrow(
      /Gone\.tsx.*lazy parts: static\/admin\/src\/sections\/A\.tsx, @forge\/bridge/,
    );
  });
});

describe('overBudget', () => {
  const weight = measurePage('admin', HTML, FILES, ['static/admin/src/sections/A.tsx']);
  const kb = (bytes: number) => bytes / 1000;
  const at = (initial: number, firstView: number, total: number): Record<string, PageBudget> => ({
    admin: { initialJsGzipKB: initial, firstViewJsGzipKB: firstView, totalJsGzipKB: total, startup: [] },
  });
  const i = kb(weight.initialJs.gzip);
  const f = kb(weight.firstViewJs.gzip);
  const t = kb(weight.totalJs.gzip);

  it.each([
    ['exactly at every budget', at(i, f, t), []],
    ['over the initial budget', at(i - 0.001, f, t), ['initial JS']],
    ['over the first-view budget', at(i, f - 0.001, t), ['first-view JS']],
    ['over the total budget', at(i, f, t - 0.001), ['total JS']],
    ['over all three', at(0.1, 0.1, 0.1), ['initial JS', 'first-view JS', 'total JS']],
  ])('%s', (_name, budgets, expected) => {
    expect(overBudget([weight], budgets).map((b) => b.what)).toEqual(expected);
  });

  it('refuses a page without a budget', () => {
    expect(() => overBudget([weight], {})).toThrow(/no budget for the page "admin"/);
  });
});
