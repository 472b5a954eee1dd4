/**
 * The Forge app's real handlers (src/index.ts) on the local Forge runtime — real @forge/* packages —
 * against the real simulator (Jira + admin APIs) and the real org-admin proxy, reached by invokeRemote
 * with locally signed FITs. Everything on 127.0.0.1, ephemeral ports.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as app from '../../../src/index';
import { ERROR_CODES, type ErrorBody } from '../../../src/forge/errors';
import { checkKey, checkValue } from '../../../src/forge/repository';
import { SCAN_QUEUE_KEY } from '../../../src/forge/services/scan';
import {
  createFitSigner,
  createForgeRuntime,
  startLocalJwks,
  type ForgeRuntime,
  type LocalJwks,
} from '../../../src/local/forge-runtime';
import { loadConfig } from '../../../src/proxy/config';
import { startProxy, type StartedProxy } from '../../../src/proxy/main';
import { SimControlClient } from '../../../src/sim/control-client';
import { accountIdFor } from '../../../src/sim/ids';
import { startSimulator, type RunningSimulator } from '../../../src/sim/server';

export const APP_ID = 'ari:cloud:ecosystem::app/6a0e7c1d-2b3f-4a5e-9c8d-7f6e5d4c3b2a';
export const INSTALLATION_ID = 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f';
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

export async function startForgeHarness(): Promise<ForgeHarness> {
  const sim = await startSimulator({ port: 0, seed: { seed: 'demo' } });
  const control = new SimControlClient(sim.url, sim.identity.controlToken);
  const signer = await createFitSigner();
  const jwks: LocalJwks = await startLocalJwks(signer);
  const auditDir = mkdtempSync(join(tmpdir(), 'forge-app-'));
  const config = loadConfig({
    ATLASSIAN_ORG_ID: sim.identity.org.id,
    ATLASSIAN_ORG_API_KEY: sim.identity.org.apiKey,
    ATLASSIAN_API_BASE_URL: sim.url,
    SCIM_DIRECTORY_KEYS: JSON.stringify(
      Object.fromEntries(sim.identity.directories.map((d) => [d.id, d.scimKey])),
    ),
    FORGE_APP_ID: APP_ID,
    FORGE_JWKS_URL: jwks.url,
    FORGE_INSTALLATION_IDS: `ari:cloud:ecosystem::installation/${INSTALLATION_ID}`,
    PROTECTED_ACCOUNTS: PROTECTED_EMAIL,
    AUDIT_LOG_FILE: join(auditDir, 'audit.log'),
    PORT: '0',
  });
  const immediate = async (): Promise<void> => undefined;
  const proxy = await startProxy(config, {
    port: 0,
    http: { sleep: immediate },
    sleep: immediate,
    logDestination: { write: () => undefined },
    auditStdout: { write: () => undefined },
    limits: { rateLimit: { capacity: 10_000, refillPerSecond: 10_000 } },
  });
  const { jira } = sim.identity;
  const tokens = new Map(jira.users.map((u) => [u.accountId, u.token]));
  const rt = createForgeRuntime({
    jira: {
      baseUrl: sim.url,
      cloudId: jira.cloudId,
      appToken: jira.appToken,
      siteUrl: jira.siteUrl,
      tokenFor: (id) => tokens.get(id),
    },
    remotes: { 'scim-unlock-proxy': { baseUrl: proxy.url } },
    fit: signer,
    appId: APP_ID,
    installationId: INSTALLATION_ID,
  });
  rt.install();
  rt.queue.register(SCAN_QUEUE_KEY, app.scanConsumer, { timeoutSeconds: 900 });
  rt.scheduler.registerTrigger('scim-unlock-scan-trigger', app.scheduledScan, {
    interval: 'hour',
    timeoutSeconds: 900,
  });

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
    kvsText: () => JSON.stringify(rt.kvs.entries()),
    simText: async () => JSON.stringify(await control.state()),
    async reset() {
      await control.clearFaults();
      await control.reset({ seed: 'demo' });
      rt.kvs.clear();
    },
    async close() {
      rt.uninstall();
      await proxy.close();
      await jwks.close();
      await sim.close();
      rmSync(auditDir, { recursive: true, force: true });
    },
  };
}
