import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SimControlClient } from '../../../src/sandbox/sim/control-client';
import { startSimulator, type RunningSimulator } from '../../../src/sandbox/sim/server';
import { startProcess, type RunningProcess } from './processes';

export const TOKEN = 'artifact-test-token-0123456789abcdefghijkl';
export const LOCKED_EMAIL = 'bob.mover@acme.example';

/** The simulator (in this process, demo seed) and the installed `scim-unlock proxy` in front of it. */
export interface Stack {
  sim: RunningSimulator;
  control: SimControlClient;
  proxy: RunningProcess;
  proxyUrl: string;
  auditFile: string;
  /** The CLI's connection: URL and a token file (mode 0600). */
  cliEnv: Record<string, string>;
  /** Every secret the processes hold: none may appear in any output. */
  secrets: string[];
  auditEvents(): Array<Record<string, unknown>>;
  accountStatus(email: string): Promise<string | undefined>;
  close(): Promise<void>;
}

export interface StackOptions {
  /** The base URL the proxy calls instead of the simulator's (a front in between). */
  upstream?: (simUrl: string) => Promise<string>;
  /** More proxy environment. */
  env?: Record<string, string>;
}

export async function startStack(bin: string, opts: StackOptions = {}): Promise<Stack> {
  const sim = await startSimulator({ port: 0, seed: { seed: 'demo' } });
  const control = new SimControlClient(sim.url, sim.identity.controlToken);
  const dir = mkdtempSync(path.join(tmpdir(), 'scim-unlock-stack-'));
  const auditFile = path.join(dir, 'state', 'audit.jsonl');
  const tokenFile = path.join(dir, 'cli-token');
  writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
  const orgKeyFile = path.join(dir, 'org-key');
  writeFileSync(orgKeyFile, `${sim.identity.org.apiKey}\n`, { mode: 0o600 });
  const proxy = startProcess(bin, ['proxy'], {
    ATLASSIAN_ORG_ID: sim.identity.org.id,
    // Through the _FILE variant, as the container passes secrets.
    ATLASSIAN_ORG_API_KEY_FILE: orgKeyFile,
    ATLASSIAN_API_BASE_URL: opts.upstream ? await opts.upstream(sim.url) : sim.url,
    SCIM_DIRECTORY_KEYS: JSON.stringify(
      Object.fromEntries(sim.identity.directories.map((d) => [d.id, d.scimKey])),
    ),
    PROXY_API_TOKENS: JSON.stringify({ 'artifact-tests': TOKEN }),
    AUDIT_LOG_FILE: auditFile,
    PORT: '0',
    ...opts.env,
  });
  const listening = await proxy.logLine('proxy listening');
  const proxyUrl = String(listening.url);
  return {
    sim,
    control,
    proxy,
    proxyUrl,
    auditFile,
    cliEnv: { SCIM_UNLOCK_URL: proxyUrl, SCIM_UNLOCK_TOKEN_FILE: tokenFile },
    secrets: [TOKEN, sim.identity.org.apiKey, ...sim.identity.directories.map((d) => d.scimKey)],
    auditEvents: () =>
      existsSync(auditFile)
        ? readFileSync(auditFile, 'utf8')
            .split('\n')
            .filter((l) => l.trim() !== '')
            .map((l) => JSON.parse(l) as Record<string, unknown>)
        : [],
    async accountStatus(email) {
      const state = (await control.state()) as { accounts: Array<{ email: string; accountStatus: string }> };
      return state.accounts.find((a) => a.email === email)?.accountStatus;
    },
    async close() {
      if (proxy.child.exitCode === null && proxy.child.signalCode === null) proxy.child.kill('SIGTERM');
      await proxy.exited;
      await sim.close();
    },
  };
}
