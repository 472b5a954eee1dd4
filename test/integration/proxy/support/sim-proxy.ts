/**
 * A real simulator (demo seed) and a real proxy in front of it, both on 127.0.0.1 with ephemeral ports.
 * Nothing is faked: the proxy's Atlassian clients talk HTTP to the simulator; only waiting is removed
 * (retry and 429 sleeps resolve at once) so fault tests never sleep.
 */
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Env } from '../../../../src/proxy/config';
import { startProxy, type StartedProxy } from '../../../../src/proxy/main';
import type { AtlassianClientsOptions } from '../../../../src/atlassian/clients/create-clients';
import { createAdaptiveLimiter } from '../../../../src/atlassian/http/limiter';
import type { LimiterConfig } from '../../../../src/atlassian/http/limit-decision';
import { SimControlClient } from '../../../../src/sandbox/sim/control-client';
import { startSimulator, type RunningSimulator } from '../../../../src/sandbox/sim/server';

export const TOKEN = 'proxy-test-token-0123456789abcdefghijkl';
export const PROTECTED_EMAIL = 'alice.admin@acme.example';

export interface Harness {
  sim: RunningSimulator;
  control: SimControlClient;
  proxy: StartedProxy;
  okta: string;
  entra: string;
  /** Every line the proxy's ordinary logger wrote. */
  logLines: string[];
  /** Every audit line written to the audit's stdout stream. */
  auditLines: string[];
  auditFile: string;
  /** Audit events from AUDIT_LOG_FILE, parsed. */
  auditEvents(): Array<Record<string, unknown>>;
  call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<ProxyAnswer>;
  /** Stops the proxy (as a shutdown does) and starts a new one on the same configuration and state. */
  restartProxy(): Promise<StartedProxy>;
  /** The sim's model, as JSON text: byte-compared to prove nothing changed. */
  stateText(): Promise<string>;
  close(): Promise<void>;
}

export interface ProxyAnswer {
  status: number;
  requestId: string | null;
  /** The raw body, for secret scans. */
  text: string;
  body: unknown;
}

export interface HarnessOptions {
  env?: (sim: RunningSimulator) => Env;
  http?: AtlassianClientsOptions['http'];
  /** Limiter settings for each proxy started (a fresh limiter per start, as in a new process). */
  limiter?: Partial<LimiterConfig>;
  batchConcurrency?: number;
}

const immediate = async (): Promise<void> => undefined;

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const sim = await startSimulator({ port: 0, seed: { seed: 'demo' } });
  const control = new SimControlClient(sim.url, sim.identity.controlToken);
  const [okta, entra] = sim.identity.directories;
  if (!okta || !entra) throw new Error('the demo simulator has two directories');
  const dir = mkdtempSync(join(tmpdir(), 'proxy-ops-'));
  const auditFile = join(dir, 'audit', 'audit.log');
  const config = loadConfig({
    ATLASSIAN_ORG_ID: sim.identity.org.id,
    ATLASSIAN_ORG_API_KEY: sim.identity.org.apiKey,
    ATLASSIAN_API_BASE_URL: sim.url,
    SCIM_DIRECTORY_KEYS: JSON.stringify(
      Object.fromEntries(sim.identity.directories.map((d) => [d.id, d.scimKey])),
    ),
    PROXY_API_TOKENS: JSON.stringify({ tests: TOKEN }),
    PROTECTED_ACCOUNTS: PROTECTED_EMAIL,
    AUDIT_LOG_FILE: auditFile,
    PORT: '0',
    ...opts.env?.(sim),
  });
  const logLines: string[] = [];
  const auditLines: string[] = [];
  const start = () =>
    startProxy(config, {
      port: 0,
      http: {
        sleep: immediate,
        ...(opts.limiter ? { limiter: createAdaptiveLimiter({ config: opts.limiter }) } : {}),
        ...opts.http,
      },
      ...(opts.batchConcurrency === undefined ? {} : { batchConcurrency: opts.batchConcurrency }),
      sleep: immediate,
      logDestination: { write: (s: string) => void logLines.push(s) },
      auditStdout: { write: (s: string) => void auditLines.push(s) },
      // Fault tests send many requests in a burst; the per-actor limiter is not under test here.
      limits: { rateLimit: { capacity: 10_000, refillPerSecond: 10_000 } },
    });
  let proxy = await start();

  return {
    sim,
    control,
    get proxy() {
      return proxy;
    },
    okta: okta.id,
    entra: entra.id,
    logLines,
    auditLines,
    auditFile,
    auditEvents: () =>
      existsSync(auditFile)
        ? readFileSync(auditFile, 'utf8')
            .split('\n')
            .filter((l) => l.trim() !== '')
            .map((l) => JSON.parse(l) as Record<string, unknown>)
        : [],
    async call(method, path, body) {
      const res = await fetch(`${proxy.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${TOKEN}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await res.text();
      return {
        status: res.status,
        requestId: res.headers.get('x-request-id'),
        text,
        body: text === '' ? null : (JSON.parse(text) as unknown),
      };
    },
    async restartProxy() {
      await proxy.close();
      proxy = await start();
      return proxy;
    },
    async stateText() {
      return JSON.stringify(await control.state());
    },
    async close() {
      await proxy.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
