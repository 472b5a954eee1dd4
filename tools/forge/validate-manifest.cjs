#!/usr/bin/env node
/**
 * Offline FULL validation of manifest.yml with @forge/manifest's own processor (forge-platform.md §2.2):
 * schema, cross-references, handler files under src/, resource paths, scope names, egress, remotes.
 * No login, no network. Exits 1 on ANY error or warning (a warning today is an error tomorrow), 2 if the
 * validator itself fails.
 *
 * Usage (from anywhere): node tools/forge/validate-manifest.cjs [path/to/manifest.yml]
 * Handler files and resources are resolved against the working directory, so it runs from the app root.
 */
const path = require('node:path');
const { ProcessorBuilder, ValidationTypes } = require('@forge/manifest');

// FORGE_APP_ROOT lets tests point the tool at a fixture app; normally the repository root is the app.
const root = path.resolve(process.env.FORGE_APP_ROOT ?? path.resolve(__dirname, '..', '..'));

async function main() {
  const file =
    process.argv[2] === undefined ? 'manifest.yml' : path.relative(root, path.resolve(process.argv[2]));
  process.chdir(root);
  const result = await ProcessorBuilder.instance().withValidation(ValidationTypes.FULL).build().process(file);
  const problems = result.errors ?? [];
  for (const p of problems) {
    console.log(
      `[${p.level}] ${file}:${p.line ?? '?'}:${p.column ?? '?'} ${p.message} (${p.reference ?? 'no reference'})`,
    );
  }
  if (!result.success || problems.length > 0) {
    console.log(`manifest validation failed: ${problems.length} problem(s)`);
    process.exitCode = 1;
    return;
  }
  console.log(`manifest validation passed: ${file}`);
}

main().catch((err) => {
  console.error(`manifest validation could not run: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 2;
});
