import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/sandbox';
import { SandboxFileSchema } from '../../../src/sandbox/sim/sandbox-file';

// `npm start` is this assembly plus printing and signal handling: prove the wiring works end to end.
describe('local sandbox (simulator + proxy + Forge app on the local runtime)', () => {
  let sandbox: RunningSandbox;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sandbox-'));
    sandbox = await startSandbox({
      simPort: 0,
      proxyPort: 0,
      forgePort: 0,
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

  const invoke = (body: unknown, token = sandbox.file.forge.gateway.token) =>
    fetch(`${sandbox.file.forge.gateway.url}/invoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('runs the Forge app on the local runtime: a Jira admin looks up through the proxy with a FIT', async () => {
    const admin = sandbox.file.forge.users.find((u) => u.admin);
    const member = sandbox.file.forge.users.find((u) => !u.admin);
    if (!admin || !member) throw new Error('the demo sandbox has a Jira admin and a member');
    const adminPage = sandbox.file.forge.modules.find((m) => m.type === 'jira:adminPage');
    expect(adminPage).toBeDefined();
    const call = (accountId: string) =>
      invoke({
        moduleKey: adminPage?.key,
        functionKey: 'lookup',
        payload: { email: 'bob.mover@acme.example' },
        accountId,
      });

    const asAdmin = (await (await call(admin.accountId)).json()) as {
      data?: { diagnosis: { state: string } };
    };
    expect(asAdmin.data?.diagnosis.state).toBe('locked-by-scim');

    const asMember = (await (await call(member.accountId)).json()) as { error?: { code: string } };
    expect(asMember.error?.code).toBe('forbidden');
  });

  it('keeps the gateway behind its token and the manifest', async () => {
    expect((await invoke({}, 'wrong')).status).toBe(401);
    const unknown = await invoke({ moduleKey: 'nope', functionKey: 'lookup', accountId: null });
    expect(unknown.status).toBe(404);
    const run = await fetch(`${sandbox.file.forge.gateway.url}/triggers/nope/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sandbox.file.forge.gateway.token}` },
    });
    expect(run.status).toBe(404);
  });

  it('refuses calls without the token', async () => {
    const res = await fetch(`${sandbox.file.proxy.url}/v1/accounts/lookup?email=bob.mover%40acme.example`);
    expect(res.status).toBe(401);
  });
});
