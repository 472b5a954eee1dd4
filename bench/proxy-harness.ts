/**
 * The real proxy for the bench: its app, operations and Atlassian clients, served over HTTP on
 * loopback and pointed at the simulator, authenticated with a static bearer token the way the CLI
 * calls it. Audit lines go to a temporary file (they are written synchronously, as in production, so
 * their cost is part of every unlock) and logs to stderr, so stdout keeps only the bench's tables.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { UnlinkMethod } from '../src/contract';
import { createProxyApp } from '../src/proxy/app';
import { createAuditLog } from '../src/proxy/audit';
import { loadConfig } from '../src/proxy/config';
import { createLogger } from '../src/proxy/logger';
import { createAccountOperations, createReadinessCheck } from '../src/proxy/operations/create-operations';
import { createProxyClients } from '../src/proxy/operations/proxy-clients';
import { authenticatorFromConfig, startServer } from '../src/proxy/server';
import type { RunningSimulator } from '../src/sim/server';

/** The proxy's default number of parallel per-candidate reads in a scan page, stated in the report. */
export const BENCH_SCAN_CONCURRENCY = 4;

export interface BenchProxy {
  url: string;
  token: string;
  scanConcurrency: number;
  unlinkMethod: UnlinkMethod;
  close(): Promise<void>;
}

export async function startBenchProxy(sim: RunningSimulator): Promise<BenchProxy> {
  const token = randomBytes(32).toString('base64url');
  const config = loadConfig({
    ATLASSIAN_ORG_ID: sim.identity.org.id,
    ATLASSIAN_ORG_API_KEY: sim.identity.org.apiKey,
    ATLASSIAN_API_BASE_URL: sim.url,
    SCIM_DIRECTORY_KEYS: JSON.stringify(
      Object.fromEntries(sim.identity.directories.map((d) => [d.id, d.scimKey])),
    ),
    PROXY_API_TOKENS: JSON.stringify({ bench: token }),
    PORT: '0',
  });
  const auditDir = await mkdtemp(join(tmpdir(), 'scim-unlock-bench-'));
  const secrets = [config.orgApiKey, ...config.scimDirectoryKeys.values(), token];
  const logger = createLogger({
    level: 'warn',
    secrets,
    destination: pino.destination({ dest: 2, sync: true }),
  });
  const audit = createAuditLog({
    file: join(auditDir, 'audit.jsonl'),
    stdout: pino.destination('/dev/null'),
    secrets,
  });
  const { clients, calls } = createProxyClients(config);
  const operations = createAccountOperations({
    clients,
    calls,
    config,
    audit,
    logger,
    scanConcurrency: BENCH_SCAN_CONCURRENCY,
  });
  const app = createProxyApp({
    operations,
    authenticate: authenticatorFromConfig(config),
    readiness: createReadinessCheck(clients),
    logger,
    // The bench is one trusted caller sending a few hundred requests back to back; the per-caller
    // rate limit protects the upstream from runaway clients and would only add waits here.
    limits: { rateLimit: { capacity: 10_000, refillPerSecond: 10_000 } },
  });
  const server = await startServer(app, { port: 0 });
  return {
    url: server.url,
    token,
    scanConcurrency: BENCH_SCAN_CONCURRENCY,
    unlinkMethod: config.unlinkMethod,
    close: async () => {
      await server.close();
      audit.close();
      await rm(auditDir, { recursive: true, force: true });
    },
  };
}
