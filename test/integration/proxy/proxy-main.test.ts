/**
 * The proxy's Node entry as a real process (`tsx src/cli/main.ts proxy`, what `npm run proxy` runs): configuration errors stop it
 * with a message naming the variable (never a value); a valid configuration serves on loopback, answers
 * readiness from one cached upstream call, and stops cleanly on SIGTERM.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { SimControlClient } from '../../../src/sandbox/sim/control-client';
import { startSimulator, type RunningSimulator } from '../../../src/sandbox/sim/server';
import { TOKEN } from './support/sim-proxy';

const ROOT = join(__dirname, '..', '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

function runProxy(env: Record<string, string>): ChildProcessWithoutNullStreams {
  // Only what the process needs: no variable of the test runner leaks into its configuration.
  return spawn(TSX, ['src/cli/main.ts', 'proxy'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
}

function exitOf(
  child: ChildProcessWithoutNullStreams,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

/** Resolves with the URL from the "proxy listening" log line. */
function listeningUrl(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      for (const line of buffered.split('\n')) {
        if (!line.includes('"proxy listening"')) continue;
        resolve((JSON.parse(line) as { url: string }).url);
      }
    });
    child.on('exit', (code) => reject(new Error(`proxy exited early with ${code}`)));
  });
}

describe('scim-unlock proxy as a process', () => {
  jest.setTimeout(30_000);

  test('an invalid configuration stops it with exit 1, naming the variables and never a value', async () => {
    const secret = 'not a valid key because of spaces';
    const result = await exitOf(runProxy({ ATLASSIAN_ORG_API_KEY: secret, UNLINK_METHOD: 'purge' }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/ATLASSIAN_ORG_ID is required/);
    expect(result.stderr).toMatch(/ATLASSIAN_ORG_API_KEY/);
    expect(result.stderr).toMatch(/UNLINK_METHOD/);
    expect(result.stderr).not.toContain(secret);
    expect(result.stdout).toBe('');
  });

  describe('with a valid configuration', () => {
    let sim: RunningSimulator;
    beforeAll(async () => {
      sim = await startSimulator({ port: 0, seed: { seed: 'demo' } });
    });
    afterAll(() => sim.close());

    test('serves on loopback, caches readiness, answers lookups, stops on SIGTERM', async () => {
      const control = new SimControlClient(sim.url, sim.identity.controlToken);
      const child = runProxy({
        ATLASSIAN_ORG_ID: sim.identity.org.id,
        ATLASSIAN_ORG_API_KEY: sim.identity.org.apiKey,
        ATLASSIAN_API_BASE_URL: sim.url,
        PROXY_API_TOKENS: JSON.stringify({ ci: TOKEN }),
        PORT: '0',
      });
      const exited = exitOf(child);
      const url = await listeningUrl(child);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      await control.clearCalls();

      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      for (let i = 0; i < 3; i += 1) expect((await fetch(`${url}/readyz`)).status).toBe(200);
      const directoryListings = (await control.calls()).calls.filter((c) => c.path.endsWith('/directories'));
      expect(directoryListings).toHaveLength(1);

      const lookup = await fetch(`${url}/v1/accounts/lookup?email=bob.mover%40acme.example`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(lookup.status).toBe(200);

      child.kill('SIGTERM');
      const result = await exited;
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/proxy stopping/);
      for (const secret of [sim.identity.org.apiKey, TOKEN]) {
        expect(result.stdout + result.stderr).not.toContain(secret);
      }
    });
  });
});
