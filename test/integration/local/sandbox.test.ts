import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSandbox, type RunningSandbox } from '../../../src/local/sandbox';
import { SandboxFileSchema } from '../../../src/sim/sandbox-file';

// `npm start` is this assembly plus printing and signal handling: prove the wiring works end to end.
describe('local sandbox (simulator + proxy)', () => {
  let sandbox: RunningSandbox;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sandbox-'));
    sandbox = await startSandbox({
      simPort: 0,
      proxyPort: 0,
      auditLogFile: path.join(dir, 'audit.jsonl'),
      proxyOutput: { write: () => undefined },
    });
  });
  afterAll(async () => {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });

  const auth = () => ({ authorization: `Bearer ${sandbox.file.proxy.token}` });

  it('describes itself in the sandbox.json shape, loopback only', () => {
    expect(SandboxFileSchema.parse(sandbox.file)).toBeTruthy();
    expect(sandbox.file.sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.file.proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.file.directories.map((d) => d.name)).toEqual(['Okta Workforce', 'Entra Contractors']);
  });

  it('serves the demo organisation through the proxy with the printed token', async () => {
    const res = await fetch(`${sandbox.file.proxy.url}/v1/accounts/lookup?email=bob.mover%40acme.example`, {
      headers: auth(),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { diagnosis: { state: string; canUnlock: boolean } };
    expect(body.diagnosis).toMatchObject({ state: 'locked-by-scim', canUnlock: true });
  });

  it('protects the demo org admins and audits the refused attempt', async () => {
    const lookup = await fetch(
      `${sandbox.file.proxy.url}/v1/accounts/lookup?email=alice.admin%40acme.example`,
      { headers: auth() },
    );
    const { account } = (await lookup.json()) as { account: { accountId: string } };
    const res = await fetch(`${sandbox.file.proxy.url}/v1/accounts/${account.accountId}/deactivate`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'sandbox policy check', dryRun: true }),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { type: string }).type).toMatch(/protected-account$/);
    const audit = await readFile(path.join(dir, 'audit.jsonl'), 'utf8');
    expect(audit).toContain(account.accountId);
    expect(audit).not.toContain(sandbox.file.proxy.token);
    expect(audit).not.toContain(sandbox.file.org.apiKey);
  });

  it('refuses calls without the token', async () => {
    const res = await fetch(`${sandbox.file.proxy.url}/v1/accounts/lookup?email=bob.mover%40acme.example`);
    expect(res.status).toBe(401);
  });
});
