/**
 * The Forge app's real handlers (src/index.ts) on the local Forge runtime — real @forge/* packages —
 * against the real simulator (Jira + admin APIs) and the real org-admin proxy, reached by invokeRemote
 * with locally signed FITs. Everything on 127.0.0.1, ephemeral ports.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as app from '../../../src/index';
import { ERROR_CODES, type ErrorBody } from '../../../src/forge/platform/errors';
import { checkKey, checkValue } from '../../../src/forge/platform/repository';
import type { ForgeRuntime } from '../../../src/sandbox/forge-runtime';
import { startSandbox } from '../../../src/sandbox/sandbox';
import type { StartedProxy } from '../../../src/proxy/main';
import { SimControlClient } from '../../../src/sandbox/sim/control-client';
import { accountIdFor } from '../../../src/sandbox/sim/ids';
import type { RunningSimulator } from '../../../src/sandbox/sim/server';

/** The sandbox protects the demo org admins. */
export const PROTECTED_EMAIL = 'alice.admin@acme.example';
export const ADMIN_MODULE = { moduleKey: 'scim-unlock-admin', extension: { type: 'jira:adminPage' } };

export type Answer<T = unknown> = { data: T } | { error: ErrorBody };

export interface JiraUser {
  accountId: string;
  displayName: string;
  email: string;
  admin: boolean;
  token: string;
}

export interface ForgeHarness {
  sim: RunningSimulator;
  control: SimControlClient;
  proxy: StartedProxy;
  rt: ForgeRuntime;
  admin: JiraUser;
  member: JiraUser;
  adminCall<T = unknown>(
    functionKey: string,
    payload?: unknown,
    accountId?: string | null,
  ): Promise<Answer<T>>;
  issueCall<T = unknown>(
    functionKey: string,
    issue: { key: string; id: string },
    payload?: unknown,
    accountId?: string | null,
  ): Promise<Answer<T>>;
  /** Runs queued scan continuations until the queue is empty. */
  drain(): Promise<void>;
  /** Jira REST as the app (for assertions). */
  jira<T = unknown>(path: string): Promise<T>;
  accountIdOf(email: string): string;
  kvsText(): string;
  simText(): Promise<string>;
  /** The proxy's audit lines (its AUDIT_LOG_FILE), parsed, oldest first; kept across `reset`. */
  proxyAudit(): Array<Record<string, unknown>>;
  /** Fresh demo organisation and an empty app storage. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export function dataOf<T>(answer: Answer<T>): T {
  if ('error' in answer) throw new Error(`expected data, got ${answer.error.code}: ${answer.error.message}`);
  return answer.data;
}

export function errorOf(answer: Answer): ErrorBody {
  if (!('error' in answer)) throw new Error('expected an error, got data');
  expect(ERROR_CODES).toContain(answer.error.code);
  return answer.error;
}

/** Every stored key and value within Forge's KVS limits (the local KVS enforces them too). */
export function expectStorageWithinLimits(rt: ForgeRuntime): void {
  for (const { key, value } of rt.kvs.entries()) {
    expect(() => checkKey(key)).not.toThrow();
    expect(() => checkValue(value)).not.toThrow();
  }
}

export interface ForgeHarnessOptions {
  /** The proxy's fetch towards Atlassian (a test may hold a call to observe a run under way). */
  proxyFetch?: typeof fetch;
}

export async function startForgeHarness(opts: ForgeHarnessOptions = {}): Promise<ForgeHarness> {
  const auditDir = mkdtempSync(join(tmpdir(), 'forge-app-'));
  const auditFile = join(auditDir, 'audit.log');
  const immediate = async (): Promise<void> => undefined;
  // The same assembly as `npm start`: consumers and triggers bound from manifest.yml, the proxy
  // trusting the runtime's local JWKS; only retries are made immediate and the rate limit roomy.
  const sandbox = await startSandbox({
    simPort: 0,
    proxyPort: 0,
    forgePort: 0,
    auditLogFile: auditFile,
    proxyOutput: { write: () => undefined },
    proxy: {
      http: { sleep: immediate, ...(opts.proxyFetch ? { fetch: opts.proxyFetch } : {}) },
      sleep: immediate,
      limits: { rateLimit: { capacity: 10_000, refillPerSecond: 10_000 } },
    },
  });
  const { sim, proxy } = sandbox;
  const { rt } = sandbox.forge;
  const control = new SimControlClient(sim.url, sim.identity.controlToken);
  const { jira } = sim.identity;
  const admin = jira.users.find((u) => u.admin);
  const member = jira.users.find((u) => !u.admin);
  if (!admin || !member) throw new Error('the demo identity has Jira admins and members');

  const jiraGet = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${sim.url}/ex/jira/${jira.cloudId}${path}`, {
      headers: { authorization: `Bearer ${jira.appToken}`, accept: 'application/json' },
    });
    if (!res.ok) throw new Error(`Jira ${path} answered ${res.status}`);
    return (await res.json()) as T;
  };

  return {
    sim,
    control,
    proxy,
    rt,
    admin,
    member,
    async adminCall(functionKey, payload = {}, accountId = admin.accountId) {
      return (await rt.invokeResolver(app.adminResolver, {
        functionKey,
        payload,
        accountId,
        ...ADMIN_MODULE,
      })) as Answer<never>;
    },
    async issueCall(functionKey, issue, payload = {}, accountId = member.accountId) {
      return (await rt.invokeResolver(app.issueActionResolver, {
        functionKey,
        payload,
        accountId,
        moduleKey: 'scim-unlock-request',
        extension: { type: 'jira:issueAction', issue: { ...issue, type: 'Task' } },
      })) as Answer<never>;
    },
    async drain() {
      const report = await rt.queue.drain();
      expect(report.failed).toEqual([]);
    },
    jira: jiraGet,
    accountIdOf: (email) => accountIdFor(email),
    // Plain keys and every custom entity manifest.yml declares (audit entries, requests, counters…).
    kvsText: () =>
      JSON.stringify([
        rt.kvs.entries(),
        ...sandbox.forge.manifest.entities.map((e) => rt.kvs.entries({ kind: 'entity', name: e.name })),
      ]),
    simText: async () => JSON.stringify(await control.state()),
    proxyAudit: () =>
      existsSync(auditFile)
        ? readFileSync(auditFile, 'utf8')
            .split('\n')
            .filter((l) => l.trim() !== '')
            .map((l) => JSON.parse(l) as Record<string, unknown>)
        : [],
    async reset() {
      await control.clearFaults();
      await control.reset({ seed: 'demo' });
      rt.kvs.clear();
    },
    async close() {
      await sandbox.close();
      rmSync(auditDir, { recursive: true, force: true });
    },
  };
}
