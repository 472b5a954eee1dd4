/**
 * The packed and installed `scim-unlock` (production dependencies only, no tsx, no TypeScript): its
 * proxy against the simulator over real HTTP, and the admin commands against that proxy, as an org admin
 * runs them. Exit codes as README "Command line" documents them.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { artifactFromEnv } from './support/install';
import { runCli, STACK_LINE, type Finished } from './support/processes';
import { LOCKED_EMAIL, startStack, type Stack } from './support/stack';

const artifact = artifactFromEnv();
let stack: Stack;
const outputs: Finished[] = [];

async function cli(args: string[], env: Record<string, string> = stack.cliEnv): Promise<Finished> {
  const result = await runCli(artifact.bin, args, env);
  outputs.push(result);
  return result;
}

beforeAll(async () => {
  stack = await startStack(artifact.bin);
});
afterAll(() => stack.close());

describe('the packed artifact', () => {
  test('holds the compiled server and CLI, and no sources, tests or sandbox', () => {
    const files = artifact.packedFiles.map((f) => f.path);
    expect(files).toContain('dist/cli/main.js');
    expect(files).toContain('dist/proxy/main.js');
    expect(files).toContain('package.json');
    expect(files.filter((f) => /\.ts$/.test(f) || /^(src|test|static|tools)\//.test(f))).toEqual([]);
    expect(files.filter((f) => /sandbox|forge\//.test(f))).toEqual([]);
  });

  test('installs without any development dependency', () => {
    const modules = path.join(artifact.packageDir, '..');
    for (const dev of ['typescript', 'tsx', 'jest', 'vite', 'react', '@forge', '@atlaskit']) {
      expect(existsSync(path.join(modules, dev))).toBe(false);
    }
    expect(readdirSync(modules)).toEqual(
      expect.arrayContaining(['hono', 'zod', 'jose', 'pino', 'commander']),
    );
  });
});

describe('scim-unlock admin commands against the installed proxy', () => {
  test('--help on every command has examples; an unknown option is a usage error (2)', async () => {
    for (const command of [
      'proxy',
      'healthcheck',
      'lookup',
      'unlock',
      'unlink',
      'reactivate',
      'deactivate',
      'scan',
      'idp-sync',
    ]) {
      const help = await cli([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/Examples:\n {2}\$ .*scim-unlock/);
    }
    const bad = await cli(['lookup', LOCKED_EMAIL, '--bogus']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown option/);
    const missingReason = await cli(['unlock', LOCKED_EMAIL, '--yes']);
    expect(missingReason.code).toBe(2);
    expect(missingReason.stderr).toMatch(/--reason/);
  });

  test('healthcheck reaches the running proxy (0) and reports a dead one (1)', async () => {
    const ok = await cli(['healthcheck', '--url', `${stack.proxyUrl}/healthz`], {});
    expect(ok.code).toBe(0);
    const port = new URL(stack.proxyUrl).port;
    const viaEnv = await cli(['healthcheck'], { PORT: port });
    expect(viaEnv.code).toBe(0);
    const dead = await cli(['healthcheck', '--url', 'http://127.0.0.1:9/healthz'], {});
    expect(dead.code).toBe(1);
    expect(dead.stderr).toMatch(/unhealthy/);
  });

  test('lookup of a locked account prints the diagnosis in words; --json parses', async () => {
    const card = await cli(['lookup', LOCKED_EMAIL]);
    expect(card.code).toBe(0);
    expect(card.stdout).toMatch(/Locked by a SCIM link/);
    expect(card.stdout).toMatch(/still linked to the SCIM directory Okta Workforce/);
    expect(card.stdout).toMatch(/What to do:/);
    const json = await cli(['lookup', LOCKED_EMAIL, '--json']);
    expect(json.code).toBe(0);
    const body = JSON.parse(json.stdout) as { diagnosis: { state: string; canUnlock: boolean } };
    expect(body.diagnosis).toMatchObject({ state: 'locked-by-scim', canUnlock: true });
  });

  test('lookup of an unknown account exits 1; a wrong token exits 1 and names the variable', async () => {
    const missing = await cli(['lookup', 'nobody.here@acme.example']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/No account found/);
    const wrong = await cli(['lookup', LOCKED_EMAIL], {
      SCIM_UNLOCK_URL: stack.proxyUrl,
      SCIM_UNLOCK_TOKEN: 'wrong-token-wrong-token-wrong-token-0000',
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/Unauthorized \(HTTP 401\)/);
    expect(wrong.stderr).toMatch(/SCIM_UNLOCK_TOKEN/);
    const noUrl = await cli(['lookup', LOCKED_EMAIL], {});
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toMatch(/SCIM_UNLOCK_URL is not set/);
  });

  test('unlock --dry-run prints the plan and changes nothing', async () => {
    const before = JSON.stringify(await stack.control.state());
    const plan = await cli(['unlock', LOCKED_EMAIL, '--reason', 'artifact test: dry run', '--dry-run']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/Plan \(dry run, nothing changed\)/);
    expect(plan.stdout).toMatch(/plan +unlink-scim-link/);
    expect(JSON.stringify(await stack.control.state())).toBe(before);
  });

  test('unlock without --yes and without a terminal stops after the plan (2), nothing changed', async () => {
    const before = JSON.stringify(await stack.control.state());
    const stopped = await cli(['unlock', LOCKED_EMAIL, '--reason', 'artifact test: no yes']);
    expect(stopped.code).toBe(2);
    expect(stopped.stdout).toMatch(/plan +enable-account/);
    expect(stopped.stderr).toMatch(/Stopped after the plan: nothing was changed/);
    expect(JSON.stringify(await stack.control.state())).toBe(before);
  });

  test('a blocked mutation exits 1 and changes nothing', async () => {
    const before = JSON.stringify(await stack.control.state());
    // Reactivation is refused while a SCIM link holds the account.
    const blocked = await cli(['reactivate', LOCKED_EMAIL, '--reason', 'artifact test: blocked', '--yes']);
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toMatch(/Blocked/);
    expect(JSON.stringify(await stack.control.state())).toBe(before);
  });

  test('unlock --yes --reason unlocks: the simulator confirms, the answer parses, the audit has it', async () => {
    expect(await stack.accountStatus(LOCKED_EMAIL)).toBe('inactive');
    const done = await cli(['unlock', LOCKED_EMAIL, '--reason', 'artifact test: unlock', '--yes', '--json']);
    expect(done.code).toBe(0);
    const answer = JSON.parse(done.stdout) as { outcome: string };
    expect(answer.outcome).toBe('unlocked');
    expect(await stack.accountStatus(LOCKED_EMAIL)).toBe('active');
    const lines = stack.auditEvents().filter((e) => e.action === 'unlock' && e.dryRun === false);
    expect(lines).toEqual([
      expect.objectContaining({
        outcome: 'unlocked',
        reason: 'artifact test: unlock',
        actor: { kind: 'token', id: 'artifact-tests' },
      }),
    ]);
    const again = await cli(['unlock', LOCKED_EMAIL, '--reason', 'artifact test: again', '--yes']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Already active/);
  });

  test('scan lists accounts SCIM deactivated; idp-sync without Keycloak says so (1)', async () => {
    const scan = await cli(['scan', '--limit', '5']);
    expect(scan.code).toBe(0);
    expect(scan.stdout).toMatch(/CONFIDENCE +ACCOUNT/);
    const scanJson = await cli(['scan', '--limit', '5', '--json']);
    expect(JSON.parse(scanJson.stdout)).toHaveProperty('items');
    const idp = await cli(['idp-sync']);
    expect(idp.code).toBe(1);
    expect(idp.stderr).toMatch(/KEYCLOAK_URL/);
  });

  test('no output of any command holds a stack trace or a secret', () => {
    expect(outputs.length).toBeGreaterThan(20);
    for (const o of outputs) {
      const text = o.stdout + o.stderr;
      expect(text).not.toMatch(STACK_LINE);
      for (const secret of stack.secrets) expect(text).not.toContain(secret);
    }
  });
});
