import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A demo account that SCIM locked (src/sandbox/sim/seeds/demo.ts), so the first command shows a lock. */
export const DEMO_LOCKED_EMAIL = 'bob.mover@acme.example';

/**
 * Writes the sandbox proxy's static token to its own owner-only file and returns the command line that
 * uses it: a `_FILE` variable keeps the token out of shell history and process listings.
 */
export async function writeCliTokenFile(token: string, file: string): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return file;
}

export function cliLine(proxyUrl: string, tokenFile: string): string {
  return `SCIM_UNLOCK_URL=${proxyUrl} SCIM_UNLOCK_TOKEN_FILE=${tokenFile} npm run cli -- lookup ${DEMO_LOCKED_EMAIL}`;
}
