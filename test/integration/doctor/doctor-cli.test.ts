/**
 * `scim-unlock doctor` through the commander program (src/cli/program.ts) with buffered io, against the
 * simulator: the checklist and exit 0 on the sandbox configuration, exit 1 naming the variable, --json
 * in the documented shape, exit 2 for a bad option, no stack trace and no secret in any output.
 */
import { createFitSigner, startLocalJwks, type LocalJwks } from '../../../src/sandbox/forge-runtime';
import { sandboxProxyEnv } from '../../../src/sandbox/sandbox';
import { startSimulator, type RunningSimulator } from '../../../src/sandbox/sim/server';
import { runCli } from '../../../src/cli/program';
import type { CliIo } from '../../../src/cli/io/terminal';
import { DoctorReport } from '../../../src/doctor';
import type { Env } from '../../../src/proxy/config';

const TOKEN = 'doctor-cli-token-0123456789abcdefghijklmn';
let sim: RunningSimulator;
let jwks: LocalJwks;
let env: Env;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: { seed: 'demo' } });
  jwks = await startLocalJwks(await createFitSigner());
  env = sandboxProxyEnv(sim, { token: TOKEN, jwksUrl: jwks.url, auditLogFile: null });
});
afterAll(async () => {
  await jwks.close();
  await sim.close();
});

async function cli(args: string[], over: Env = {}, color = false) {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (t) => void (out += `${t}\n`),
    err: (t) => void (err += `${t}\n`),
    env: { ...env, ...over },
    interactive: false,
    color,
    confirm: () => Promise.reject(new Error('the doctor never asks')),
  };
  const code = await runCli(args, io, '0.0.0-test');
  const all = out + err;
  for (const s of [
    sim.identity.org.apiKey,
    sim.identity.keycloak.clientSecret,
    TOKEN,
    ...sim.identity.directories.map((d) => d.scimKey),
  ])
    expect(all).not.toContain(s);
  expect(all).not.toMatch(/\n\s+at .+:\d+:\d+/);
  return { code, out, err };
}

test('green: one line per check and exit 0', async () => {
  const { code, out } = await cli(['doctor']);
  expect(code).toBe(0);
  expect(out).toMatch(/^\[ok\] {3}Org API key: /m);
  expect(out).toMatch(/^\[ok\] {3}Keycloak \(IdP sync\): /m);
  expect(out).toMatch(/ready \(exit 0\)/);
});

test('red: a wrong org key exits 1 and names ATLASSIAN_ORG_API_KEY', async () => {
  const { code, out } = await cli(['doctor'], { ATLASSIAN_ORG_API_KEY: 'ATCTT3xFfGN0-not-the-key-at-all' });
  expect(code).toBe(1);
  expect(out).toMatch(/^\[FAIL\] Org API key: .*HTTP 401/m);
  expect(out).toMatch(/^ {4}fix: ATLASSIAN_ORG_API_KEY was refused/m);
});

test('--json prints the report in its documented shape', async () => {
  const { code, out } = await cli(['doctor', '--json'], { KEYCLOAK_URL: 'http://127.0.0.1:9/none' });
  expect(code).toBe(1);
  const report = DoctorReport.parse(JSON.parse(out));
  expect(report.checks.find((c) => c.id === 'keycloak')).toMatchObject({ status: 'fail', required: true });
  expect(report.exitCode).toBe(1);
});

test('colour and Unicode marks on a colour terminal', async () => {
  const { out } = await cli(['doctor'], {}, true);
  expect(out).toContain('\u001b[32m✓\u001b[0m Org API key');
});

test.each([[['doctor', '--timeout', '0']], [['doctor', '--timeout', 'soon']], [['doctor', '--unknown']]])(
  'usage errors exit 2: %j',
  async (args) => {
    const { code, err } = await cli(args);
    expect(code).toBe(2);
    expect(err).toMatch(/error:/);
  },
);

test('--help describes the checks, the exit codes and gives examples', async () => {
  const { code, out } = await cli(['doctor', '--help']);
  expect(code).toBe(0);
  expect(out).toMatch(/read-only calls/);
  expect(out.replace(/\s+/g, ' ')).toMatch(
    /Exit 0 when every required check passes, 1 otherwise, 2 for a usage error/,
  );
  expect(out).toMatch(/Examples:\n {2}\$ scim-unlock doctor\n/);
});
