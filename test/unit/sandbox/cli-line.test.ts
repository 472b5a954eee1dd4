import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cliLine, DEMO_LOCKED_EMAIL, writeCliTokenFile } from '../../../src/sandbox/cli-line';

test('the token file is owner-only and the line uses it, never the token', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cli-line-'));
  const file = await writeCliTokenFile('sandbox-token-value', path.join(dir, '.sandbox', 'cli-token'));
  expect(readFileSync(file, 'utf8')).toBe('sandbox-token-value\n');
  expect(statSync(file).mode & 0o777).toBe(0o600);
  const line = cliLine('http://127.0.0.1:4020', '.sandbox/cli-token');
  expect(line).toBe(
    `SCIM_UNLOCK_URL=http://127.0.0.1:4020 SCIM_UNLOCK_TOKEN_FILE=.sandbox/cli-token npm run cli -- lookup ${DEMO_LOCKED_EMAIL}`,
  );
  expect(line).not.toContain('sandbox-token-value');
});
