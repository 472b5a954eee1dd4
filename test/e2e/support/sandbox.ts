/**
 * The whole product for a browser test: simulator (demo seed) + proxy + the Forge app on the local Forge
 * runtime + the local Jira shell, all on 127.0.0.1 with ephemeral ports — exactly `npm start`'s
 * assembly (startSandbox), with immediate proxy retries and a silent log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { HostedModule, ModuleKind } from '../../../src/sandbox/shell';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/sandbox';
import { SimControlClient } from '../../../src/sandbox/sim/control-client';

export interface E2eSandbox {
  sandbox: RunningSandbox;
  control: SimControlClient;
  shellUrl: string;
  auditLogFile: string;
  /** Failures the shell reported in the background (queue delivery); a test expects none. */
  backgroundErrors: string[];
  close(): Promise<void>;
}

export async function startE2eSandbox(opts: { shellModules?: Record<ModuleKind, HostedModule> } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'e2e-sandbox-'));
  const backgroundErrors: string[] = [];
  const immediate = async (): Promise<void> => undefined;
  const auditLogFile = path.join(dir, 'audit.jsonl');
  const sandbox = await startSandbox({
    simPort: 0,
    proxyPort: 0,
    forgePort: 0,
    shellPort: 0,
    auditLogFile,
    proxyOutput: { write: () => undefined },
    proxy: {
      http: { sleep: immediate },
      sleep: immediate,
      limits: { rateLimit: { capacity: 10_000, refillPerSecond: 10_000 } },
    },
    onShellError: (err) => backgroundErrors.push(err instanceof Error ? err.message : String(err)),
    ...(opts.shellModules ? { shellModules: opts.shellModules } : {}),
  });
  if (!sandbox.shell) throw new Error('the sandbox started without its shell');
  const e2e: E2eSandbox = {
    sandbox,
    control: new SimControlClient(sandbox.sim.url, sandbox.sim.identity.controlToken),
    shellUrl: sandbox.shell.url,
    auditLogFile,
    backgroundErrors,
    close: async () => {
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return e2e;
}

export function sandboxUser(e2e: E2eSandbox, email: string) {
  const user = e2e.sandbox.sim.identity.jira.users.find((u) => u.email === email);
  if (!user) throw new Error(`${email} is not a sandbox Jira user`);
  return user;
}

/** Switches the shell's signed-in user with its own switcher, as a person would. */
export async function signInAs(page: Page, displayName: string): Promise<void> {
  const select = page.getByLabel('Signed in as');
  const option = select.locator('option', { hasText: `${displayName} (` });
  const value = await option.getAttribute('value');
  if (value === null) throw new Error(`no sandbox user named ${displayName}`);
  await select.selectOption(value);
  // Only the page the server renders after the switch carries the new account on <body>.
  await page.locator(`body[data-signed-in-account="${value}"]`).waitFor({ state: 'attached' });
}

export const ARTIFACTS_DIR = path.resolve(__dirname, '..', '..', '..', 'test-results', 'e2e');

/** The journey's final screen, kept as a test artifact (test-results/ is git-ignored). */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
