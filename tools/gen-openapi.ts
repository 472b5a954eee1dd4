/**
 * Writes docs/proxy-openapi.json from the contract schemas (`npx tsx tools/gen-openapi.ts`).
 * The file is formatted with the repository's Prettier settings so `prettier --check .` stays green; a
 * test fails when the committed file no longer matches what this generates.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as prettier from 'prettier';
import { OPENAPI_DOC_PATH, openApiJson } from '../src/proxy/server/openapi-file';

async function main(): Promise<void> {
  const target = resolve(__dirname, '..', OPENAPI_DOC_PATH);
  const options = (await prettier.resolveConfig(target)) ?? {};
  const formatted = await prettier.format(openApiJson(), { ...options, filepath: target });
  writeFileSync(target, formatted);
  console.log(`wrote ${OPENAPI_DOC_PATH}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
