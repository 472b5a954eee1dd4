#!/usr/bin/env node
/**
 * `scim-unlock`: the installed command (package.json `bin`, compiled to dist/cli/main.js) and, through
 * tsx, `npm run proxy` in development.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeError } from './io/errors';
import { processIo } from './io/terminal';
import { runCli } from './program';

function packageVersion(): string {
  // src/cli/main.ts and dist/cli/main.js are both two levels below the package root.
  try {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

if (require.main === module) {
  const io = processIo();
  runCli(process.argv.slice(2), io, packageVersion()).then(
    (code) => process.exit(code),
    (err: unknown) => {
      io.err(`Error: ${describeError(err).lines.join('\n  ')}`);
      process.exit(describeError(err).exitCode);
    },
  );
}
