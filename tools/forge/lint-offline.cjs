#!/usr/bin/env node
/**
 * @forge/lint's client-side linters, fully offline (forge-platform.md §2.3): scopes required by the
 * Jira routes the code calls (from the Jira platform OpenAPI document), egress, storage scope,
 * invokeRemote remote keys, handler exports, function timeouts. Two replacements make it offline:
 * feature flags always take their defaults (a StatsigReader answering null), and the product OpenAPI
 * documents come from local files (USE_LOCAL_SWAGGER + all six LOCAL_*_SWAGGER, set here).
 * Exits 1 on ANY error or warning, 2 if the linter itself fails.
 *
 * Usage: node tools/forge/lint-offline.cjs [files...]   (default: src/index.ts and src/forge/**)
 */
const fs = require('node:fs');
const path = require('node:path');

// FORGE_APP_ROOT lets tests point the tool at a fixture app; normally the repository root is the app.
const root = path.resolve(process.env.FORGE_APP_ROOT ?? path.resolve(__dirname, '..', '..'));
const repo = path.resolve(__dirname, '..', '..');
const JIRA_SPEC = path.join(repo, 'spec', 'atlassian', 'jira-platform.swagger.v3.2025-12.json');
const EMPTY_SPEC = path.join(__dirname, 'empty-openapi.json');

// Set before @forge/lint is loaded: PermissionLinter.bootstrap() reads them, and downloads the specs
// from developer.atlassian.com if any one of the six is missing.
process.env.USE_LOCAL_SWAGGER = '1';
process.env.LOCAL_JIRA_SWAGGER = JIRA_SPEC;
for (const name of ['JSM', 'JSW', 'CONF', 'CONF_V2', 'BB']) process.env[`LOCAL_${name}_SWAGGER`] = EMPTY_SPEC;

const yaml = require('yaml');
const lint = require('@forge/lint');
const { StatsigReader } = require('@forge/cli-shared');

class OfflineStatsig extends StatsigReader {
  async checkGate() {
    return null;
  }
  async getDynamicConfig() {
    return null;
  }
}

function sourceFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx|js|jsx|cjs)$/.test(e.name) && !/\.(test|spec)\./.test(e.name) ? [p] : [];
  });
}

async function main() {
  const invokedFrom = process.cwd();
  process.chdir(root);
  if (!fs.existsSync(JIRA_SPEC)) throw new Error(`Jira OpenAPI document not found at ${JIRA_SPEC}`);
  const args = process.argv.slice(2);
  const files =
    args.length > 0
      ? args.map((f) => path.relative(root, path.resolve(invokedFrom, f)))
      : ['src/index.ts', ...sourceFiles('src/forge')];
  const manifest = yaml.parse(fs.readFileSync('manifest.yml', 'utf8'));
  const logger = {
    info: (...a) => console.log(...a),
    warn: (...a) => console.log(...a),
    debug: () => undefined,
  };
  const statsig = new OfflineStatsig();
  const linters = await lint.getClientSideLintersOnly(manifest, 'development', logger, statsig);
  const results = await lint.lint(files, manifest, 'development', logger, statsig, {
    linter: { mode: 'client-side' },
    linters,
  });
  lint.reportLintResults(logger, results);
  const counts = lint.problemCount(results);
  console.log(
    `forge lint (offline, ${files.length} files): ${counts.errors} error(s), ${counts.warnings} warning(s)`,
  );
  process.exitCode = counts.errors > 0 || counts.warnings > 0 ? 1 : 0;
}

main().catch((err) => {
  console.error(`forge lint could not run: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 2;
});
