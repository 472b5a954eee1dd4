#!/usr/bin/env node
/**
 * Bundles the Forge backend offline with @forge/bundler's own webpack configuration (forge-platform.md
 * §2.5): every file named by a `function[].handler` in manifest.yml, as `forge deploy` would. The Node
 * runtime wrapper normally downloaded from Atlassian's CDN is replaced by a stub, so the output proves
 * the backend bundles (imports resolve, TypeScript compiles, no unsupported syntax) — it is not a
 * deployable artifact and is deleted afterwards. Exits 1 if bundling fails, 2 if the tool cannot run.
 *
 * Usage: node tools/forge/bundle-offline.cjs   (FORGE_APP_ROOT overrides the app directory)
 */
const fs = require('node:fs');
const path = require('node:path');
const yaml = require('yaml');
const { getNodeBundler } = require('@forge/bundler');
const { NullLogger } = require('@forge/cli-shared');

const root = path.resolve(process.env.FORGE_APP_ROOT ?? path.resolve(__dirname, '..', '..'));
const EXTENSIONS = ['ts', 'tsx', 'js', 'jsx', 'cjs'];
const STUB = {
  script: '/* offline stub: not deployable */',
  source: 'offline-stub',
  version: '0.0.0-offline',
};

/** `index.adminResolver` → `src/index.ts` (the first existing extension, as @forge/manifest resolves). */
function entryPoints(manifest) {
  const files = new Set((manifest.modules?.function ?? []).map((f) => String(f.handler).split('.')[0]));
  return [...files].map((name) => {
    const ext = EXTENSIONS.find((e) => fs.existsSync(path.join(root, 'src', `${name}.${e}`)));
    if (ext === undefined) throw new Error(`no source file for handler module '${name}' under src/`);
    return { name, path: `src/${name}.${ext}` };
  });
}

async function main() {
  process.chdir(root);
  const manifest = yaml.parse(fs.readFileSync('manifest.yml', 'utf8'));
  const entries = entryPoints(manifest);
  const wrapperProvider = { getNodeRuntimeWrapper: async () => STUB, getNodeRuntimeLoader: async () => STUB };
  let out;
  try {
    out = await getNodeBundler(NullLogger, wrapperProvider, { readConfig: async () => manifest }).bundle({
      appDirectory: root,
      entryPoints: entries,
    });
  } catch (err) {
    console.log(`forge bundle failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
    return;
  }
  try {
    const produced = fs.readdirSync(out.outputDir).filter((f) => f.endsWith('.cjs'));
    const missing = entries.filter((e) => !produced.includes(`${e.name}.cjs`));
    if (missing.length > 0 || (out.metadata?.errors ?? 0) > 0) {
      console.log(`forge bundle incomplete: missing ${missing.map((e) => e.name).join(', ') || 'none'}`);
      process.exitCode = 1;
      return;
    }
    console.log(`forge bundle passed: ${produced.join(', ')} (${entries.length} entry point(s))`);
  } finally {
    fs.rmSync(out.outputDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`forge bundle could not run: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 2;
});
