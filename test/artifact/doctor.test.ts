/**
 * The installed `scim-unlock doctor` (packed artifact, production dependencies only) against the
 * simulator and a local Forge JWKS, with the sandbox's proxy configuration: green (exit 0); red (exit 1)
 * naming the variable for a wrong org key, a wrong SCIM key and an unreachable Keycloak; --json in the
 * documented shape; only reads in the simulator's call log; no stack trace and no secret in any output.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DoctorReport } from '../../src/doctor/domain/report';
import { createFitSigner, startLocalJwks, type LocalJwks } from '../../src/sandbox/forge-runtime';
import { sandboxProxyEnv } from '../../src/sandbox/sandbox';
import { SimControlClient } from '../../src/sandbox/sim/control-client';
import { startSimulator, type RunningSimulator } from '../../src/sandbox/sim/server';
import { artifactFromEnv } from './support/install';
import { runCli, STACK_LINE, type Finished } from './support/processes';

const artifact = artifactFromEnv();
const TOKEN = 'artifact-doctor-token-0123456789abcdefghij';
let sim: RunningSimulator;
let control: SimControlClient;
let jwks: LocalJwks;
let dir: string;
let env: Record<string, string>;
const outputs: Finished[] = [];

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: { seed: 'demo' } });
  control = new SimControlClient(sim.url, sim.identity.controlToken);
  jwks = await startLocalJwks(await createFitSigner());
  dir = mkdtempSync(path.join(tmpdir(), 'scim-unlock-doctor-'));
  const sandboxEnv = sandboxProxyEnv(sim, {
    token: TOKEN,
    jwksUrl: jwks.url,
    auditLogFile: path.join(dir, 'state', 'audit.jsonl'),
  });
  env = Object.fromEntries(
    Object.entries(sandboxEnv).filter((e): e is [string, string] => e[1] !== undefined),
  );
});
afterAll(async () => {
  await jwks.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

async function doctor(over: Record<string, string> = {}, args: string[] = []): Promise<Finished> {
  const result = await runCli(artifact.bin, ['doctor', ...args], { ...env, ...over });
  outputs.push(result);
  return result;
}

/** The check line of the plain checklist (no terminal: ASCII marks) and the fix line under it. */
const line = (out: string, title: string): string =>
  out.split('\n').find((l) => l.includes(` ${title}`) && /^\[(ok|warn|FAIL|skip)\]/.test(l)) ?? '';

test('green on the sandbox configuration: exit 0, one line per check, only reads upstream', async () => {
  await control.clearCalls();
  const before = JSON.stringify(await control.state());
  const run = await doctor();
  expect(run.code).toBe(0);
  expect(run.stderr).toBe('');
  for (const title of [
    'Org API key',
    'SCIM link API',
    'User-management API',
    'Keycloak (IdP sync)',
    'Forge JWKS',
  ])
    expect(line(run.stdout, title)).toMatch(/^\[ok\] /);
  expect(run.stdout).toMatch(/ready \(exit 0\)/);
  const { calls } = await control.calls();
  expect(calls.length).toBeGreaterThan(0);
  expect(
    calls.filter((c) => c.method !== 'GET' && !/\/users\/search$|\/openid-connect\/token$/.test(c.path)),
  ).toEqual([]);
  expect(JSON.stringify(await control.state())).toBe(before);
});

test('a wrong org key: exit 1, naming ATLASSIAN_ORG_API_KEY', async () => {
  const run = await doctor({ ATLASSIAN_ORG_API_KEY: 'ATCTT3xFfGN0-artifact-wrong-org-key' });
  expect(run.code).toBe(1);
  expect(line(run.stdout, 'Org API key')).toMatch(/^\[FAIL\] .*HTTP 401/);
  expect(run.stdout).toMatch(/fix: ATLASSIAN_ORG_API_KEY was refused/);
  expect(run.stdout).not.toContain('ATCTT3xFfGN0-artifact-wrong-org-key');
});

test('a wrong SCIM key: exit 1, naming SCIM_DIRECTORY_KEYS', async () => {
  const [first, ...rest] = sim.identity.directories;
  if (!first) throw new Error('the demo org has directories');
  const keys = {
    [first.id]: 'scim-artifact-wrong-key-000',
    ...Object.fromEntries(rest.map((d) => [d.id, d.scimKey])),
  };
  const run = await doctor({ SCIM_DIRECTORY_KEYS: JSON.stringify(keys) });
  expect(run.code).toBe(1);
  expect(line(run.stdout, `SCIM key for ${first.name}`)).toMatch(/^\[FAIL\] .*HTTP 401/);
  expect(run.stdout).toMatch(/fix: The SCIM key of directory .* in SCIM_DIRECTORY_KEYS was refused/);
  expect(run.stdout).not.toContain('scim-artifact-wrong-key-000');
});

test('an unreachable Keycloak: exit 1, naming KEYCLOAK_URL; --json parses in the documented shape', async () => {
  const run = await doctor({ KEYCLOAK_URL: 'http://127.0.0.1:9/keycloak' }, ['--json']);
  expect(run.code).toBe(1);
  const report = DoctorReport.parse(JSON.parse(run.stdout));
  const keycloak = report.checks.find((c) => c.id === 'keycloak');
  expect(keycloak).toMatchObject({ status: 'fail', required: true });
  expect(keycloak?.fix).toContain('KEYCLOAK_URL');
  expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['keycloak']);
});

test('an invalid configuration: exit 1 naming the variable; a bad option: exit 2', async () => {
  const invalid = await doctor({ ATLASSIAN_ORG_ID: '' });
  expect(invalid.code).toBe(1);
  expect(invalid.stdout).toMatch(/fix: Set ATLASSIAN_ORG_ID/);
  const usage = await doctor({}, ['--timeout', 'never']);
  expect(usage.code).toBe(2);
  const help = await doctor({}, ['--help']);
  expect(help.code).toBe(0);
  expect(help.stdout).toMatch(/Examples:\n {2}\$ scim-unlock doctor/);
});

test('no output held a stack trace or a secret', () => {
  expect(outputs.length).toBeGreaterThanOrEqual(7);
  const secrets = [
    TOKEN,
    sim.identity.org.apiKey,
    sim.identity.keycloak.clientSecret,
    ...sim.identity.directories.map((d) => d.scimKey),
  ];
  for (const o of outputs) {
    const all = o.stdout + o.stderr;
    expect(all).not.toMatch(STACK_LINE);
    for (const s of secrets) expect(all).not.toContain(s);
  }
});
