/**
 * The doctor against the simulator and a local Forge JWKS over real HTTP, with the sandbox's proxy
 * configuration: green as configured; red, naming the variable, for each broken credential or endpoint;
 * and provably read-only — every call the simulator logged during a run is in the read set below, and
 * the simulator's whole model is byte-identical afterwards.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DoctorReport, renderReport, runDoctor, type DoctorCheck } from '../../../src/doctor';
import type { Env } from '../../../src/proxy/config';
import { createFitSigner, startLocalJwks, type LocalJwks } from '../../../src/sandbox/forge-runtime';
import { sandboxProxyEnv } from '../../../src/sandbox/sandbox';
import { SimControlClient, type CallRecord } from '../../../src/sandbox/sim/control-client';
import { startSimulator, type RunningSimulator } from '../../../src/sandbox/sim/server';

const TOKEN = 'doctor-test-token-0123456789abcdefghijklmn';

/**
 * Every request the doctor may make, as METHOD + path shape. The POSTs are a search, which the
 * Organizations API defines as a read, and a client-credentials token request, which changes nothing.
 */
const READ_SET: ReadonlyArray<readonly [string, RegExp]> = [
  ['GET', /^\/admin\/v2\/orgs\/[^/]+\/directories$/],
  ['POST', /^\/admin\/v2\/orgs\/[^/]+\/directories\/[^/]+\/users\/search$/],
  ['GET', /^\/scim\/directory\/[^/]+\/Users$/],
  ['GET', /^\/admin\/user-provisioning\/v1\/org\/[^/]+\/user\/[^/]+\/get-scim-links$/],
  ['GET', /^\/users\/[^/]+\/manage$/],
  ['POST', /^\/keycloak\/realms\/[^/]+\/protocol\/openid-connect\/token$/],
  ['GET', /^\/keycloak\/admin\/realms\/[^/]+\/users\/count$/],
];
const isRead = (c: Pick<CallRecord, 'method' | 'path'>): boolean =>
  READ_SET.some(([method, path]) => c.method === method && path.test(c.path));

let sim: RunningSimulator;
let control: SimControlClient;
let jwks: LocalJwks;
let dir: string;
let env: Env;
let secrets: string[];

/** A loopback port nothing listens on: connections are refused at once. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: { seed: 'demo' } });
  control = new SimControlClient(sim.url, sim.identity.controlToken);
  jwks = await startLocalJwks(await createFitSigner());
  dir = mkdtempSync(join(tmpdir(), 'doctor-'));
  env = sandboxProxyEnv(sim, {
    token: TOKEN,
    jwksUrl: jwks.url,
    auditLogFile: join(dir, 'audit', 'audit.log'),
  });
  secrets = [
    sim.identity.org.apiKey,
    ...sim.identity.directories.map((d) => d.scimKey),
    sim.identity.keycloak.clientSecret,
    TOKEN,
  ];
});
afterAll(async () => {
  await jwks.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await control.clearFaults();
  await control.clearRateLimit();
  await control.clearLatency();
  await control.clearCalls();
});

async function doctor(overrides: Env = {}, timeoutMs?: number) {
  const report = await runDoctor({ ...env, ...overrides }, timeoutMs === undefined ? {} : { timeoutMs });
  // The --json shape is the contract: every report must satisfy it.
  DoctorReport.parse(JSON.parse(JSON.stringify(report)));
  const text = `${JSON.stringify(report)}\n${renderReport(report, { color: false })}\n${renderReport(report, { color: true })}`;
  for (const s of secrets) expect(text).not.toContain(s);
  expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
  return { report, text, calls: (await control.calls()).calls };
}

const byId = (report: DoctorReport, id: string): DoctorCheck => {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id} in ${report.checks.map((c) => c.id).join(', ')}`);
  return found;
};
const failed = (report: DoctorReport) => report.checks.filter((c) => c.status === 'fail').map((c) => c.id);

test('green on the sandbox configuration, with one read per concern and nothing changed', async () => {
  const before = JSON.stringify(await control.state());
  const { report, calls } = await doctor();
  expect(failed(report)).toEqual([]);
  expect(report.exitCode).toBe(0);
  expect(report.ok).toBe(true);
  const ids = report.checks.map((c) => c.id);
  expect(ids).toEqual([
    'config',
    'org-key',
    ...sim.identity.directories.map((d) => `scim-key:${d.id}`),
    'scim-links',
    'user-management',
    'keycloak',
    'forge-jwks',
    'forge-trust',
    'bind-address',
    'audit-file',
    'state-file',
  ]);
  for (const id of ids.filter((i) => i !== 'forge-trust')) expect(byId(report, id).status).toBe('pass');
  // The sandbox accepts development-environment tokens on purpose; the doctor says what that means.
  expect(byId(report, 'forge-trust')).toMatchObject({
    status: 'warn',
    fix: expect.stringContaining('FORGE_ALLOWED_ENVIRONMENTS'),
  });

  // Read-only: every logged call is in the read set, each concern was exercised, the model is unchanged.
  expect(calls.filter((c) => !isRead(c))).toEqual([]);
  const shapes = READ_SET.map(
    ([method, path]) => calls.filter((c) => c.method === method && path.test(c.path)).length,
  );
  expect(shapes).toEqual([1, 1, sim.identity.directories.length, 1, 1, 1, 1]);
  expect(JSON.stringify(await control.state())).toBe(before);

  const facts = Object.fromEntries(report.facts.map((f) => [f.id, f.answer]));
  expect(facts).toEqual({
    'scim-links-org-key': 'yes',
    'user-management-org-key': 'yes',
    'org-rate-limit-headers': 'no',
    'scim-rate-limit-headers': 'no',
    'retry-after-on-429': 'unknown',
    'scim-content-type': 'yes',
    'directory-ids-match': 'yes',
  });
});

test('a wrong org key: red, naming ATLASSIAN_ORG_API_KEY, and the checks that need it are skipped', async () => {
  const { report, calls } = await doctor({ ATLASSIAN_ORG_API_KEY: 'ATCTT3xFfGN0-definitely-not-the-key' });
  expect(report.exitCode).toBe(1);
  const org = byId(report, 'org-key');
  expect(org.status).toBe('fail');
  expect(org.detail).toMatch(/HTTP 401/);
  expect(org.fix).toContain('ATLASSIAN_ORG_API_KEY');
  expect(byId(report, 'scim-links').status).toBe('skip');
  expect(byId(report, 'user-management').status).toBe('skip');
  expect(calls.filter((c) => !isRead(c))).toEqual([]);
});

test('a wrong org id: red, naming ATLASSIAN_ORG_ID', async () => {
  const { report } = await doctor({ ATLASSIAN_ORG_ID: 'not-this-org' });
  const org = byId(report, 'org-key');
  expect(org.status).toBe('fail');
  expect(org.fix).toMatch(/^Check ATLASSIAN_ORG_ID/);
  expect(report.exitCode).toBe(1);
});

test('a wrong SCIM key: red for that directory only, naming SCIM_DIRECTORY_KEYS', async () => {
  const [okta, entra] = sim.identity.directories;
  if (!okta || !entra) throw new Error('the demo org has two directories');
  const keys = { [okta.id]: 'scim-not-the-real-key-000000', [entra.id]: entra.scimKey };
  const { report, text } = await doctor({ SCIM_DIRECTORY_KEYS: JSON.stringify(keys) });
  expect(report.exitCode).toBe(1);
  expect(failed(report)).toEqual([`scim-key:${okta.id}`]);
  const check = byId(report, `scim-key:${okta.id}`);
  expect(check.fix).toContain('SCIM_DIRECTORY_KEYS');
  expect(check.fix).toContain(okta.id);
  expect(text).not.toContain('scim-not-the-real-key-000000');
});

test('an unreachable Keycloak: red, naming KEYCLOAK_URL', async () => {
  const { report } = await doctor({ KEYCLOAK_URL: await closedPortUrl() });
  expect(report.exitCode).toBe(1);
  expect(failed(report)).toEqual(['keycloak']);
  expect(byId(report, 'keycloak').fix).toContain('KEYCLOAK_URL');
});

test('a refused Keycloak client secret: red, naming the client variables', async () => {
  const { report } = await doctor({ KEYCLOAK_CLIENT_SECRET: 'kc-not-the-secret-0000' });
  expect(failed(report)).toEqual(['keycloak']);
  expect(byId(report, 'keycloak').fix).toContain('KEYCLOAK_CLIENT_SECRET');
});

test('an unreachable Forge JWKS: red, naming FORGE_JWKS_URL', async () => {
  const { report } = await doctor({ FORGE_JWKS_URL: `${await closedPortUrl()}/.well-known/jwks.json` });
  expect(report.exitCode).toBe(1);
  expect(failed(report)).toEqual(['forge-jwks']);
  expect(byId(report, 'forge-jwks').fix).toContain('FORGE_JWKS_URL');
});

test('a JWKS URL that answers something else: red, naming FORGE_JWKS_URL', async () => {
  const { report } = await doctor({ FORGE_JWKS_URL: jwks.url.replace('/.well-known/jwks.json', '/nothing') });
  expect(failed(report)).toEqual(['forge-jwks']);
  expect(byId(report, 'forge-jwks').detail).toMatch(/HTTP 404/);
});

test('an invalid configuration: one failed check per variable, and no upstream call at all', async () => {
  const { report, calls } = await doctor({ ATLASSIAN_ORG_ID: '', UNLINK_METHOD: 'purge' });
  expect(report.exitCode).toBe(1);
  expect(failed(report).sort()).toEqual(['config:ATLASSIAN_ORG_ID', 'config:UNLINK_METHOD']);
  expect(byId(report, 'config:ATLASSIAN_ORG_ID').fix).toMatch(/^Set ATLASSIAN_ORG_ID/);
  expect(calls).toEqual([]);
});

test('a stalled upstream is bounded by the timeout and reported, not waited out', async () => {
  await control.setLatency({ api: 'org', ms: 1_000 });
  const { report } = await doctor({}, 100);
  const org = byId(report, 'org-key');
  expect(org.status).toBe('fail');
  expect(org.detail).toMatch(/did not answer within 0.1 s/);
  expect(org.fix).toContain('ATLASSIAN_API_BASE_URL');
  // The simulator still holds the abandoned request; one more delayed request ends after it, so no
  // timer outlives the test.
  await fetch(`${sim.url}/admin/v2/orgs/${sim.identity.org.id}/directories`);
});

test('rate-limit headers and a 429 with Retry-After are reported as learned facts', async () => {
  await control.setRateLimit({ api: 'org', limit: 1_000, windowMs: 60_000, retryAfter: true });
  const green = await doctor();
  const facts = Object.fromEntries(green.report.facts.map((f) => [f.id, f]));
  expect(facts['org-rate-limit-headers']).toMatchObject({ answer: 'yes' });
  expect(facts['org-rate-limit-headers']?.evidence).toContain('x-ratelimit-remaining');

  await control.clearRateLimit();
  await control.setFaults({ api: 'org', sequence: [{ status: 429, retryAfter: '30' }] });
  const limited = await doctor();
  expect(byId(limited.report, 'org-key')).toMatchObject({
    status: 'fail',
    detail: expect.stringMatching(/rate limited/),
  });
  expect(limited.report.facts.find((f) => f.id === 'retry-after-on-429')?.answer).toBe('yes');
});

test('a failing link API is a failed check, and leaves the key question open', async () => {
  await control.setFaults({ api: 'scimLinks', sequence: [{ status: 500 }] });
  const { report } = await doctor();
  expect(failed(report)).toEqual(['scim-links']);
  expect(report.facts.find((f) => f.id === 'scim-links-org-key')?.answer).toBe('unknown');
});

test('an existing audit log readable by others is a warning with the chmod to run', async () => {
  const auditDir = join(dir, 'loose');
  mkdirSync(auditDir, { recursive: true });
  const file = join(auditDir, 'audit.log');
  writeFileSync(file, '');
  chmodSync(file, 0o644);
  const { report } = await doctor({ AUDIT_LOG_FILE: file });
  expect(byId(report, 'audit-file')).toMatchObject({
    status: 'warn',
    fix: `Run chmod 600 ${file} (the proxy creates new files with mode 600).`,
  });
  expect(report.exitCode).toBe(0);
});

test('listening beyond loopback is a warning that says what to put in front', async () => {
  const { report } = await doctor({ PROXY_HOST: '0.0.0.0' });
  const bind = byId(report, 'bind-address');
  expect(bind.status).toBe('warn');
  expect(bind.fix).toMatch(/TLS-terminating reverse proxy/);
  expect(bind.fix).toContain('PROXY_HOST');
  expect(report.exitCode).toBe(0);
});
