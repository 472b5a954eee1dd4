/**
 * The real proxy for the bench, started with the proxy's own `startProxy` (the same assembly as
 * `npm run proxy`): served over HTTP on loopback, pointed at the simulator, and called with a static
 * bearer token the way the CLI calls it. Audit lines go to a temporary AUDIT_LOG_FILE (written
 * synchronously, as in production, so their cost is part of every unlock) and logs to stderr, so
 * stdout keeps only the bench's tables.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { UnlinkMethod } from '../src/contract/proxy';
import { loadConfig } from '../src/proxy/config';
import { startProxy } from '../src/proxy/main';
import type { RunningSimulator } from '../src/sandbox/sim/server';

/**
 * Parallel per-candidate reads in one scan page: the operations service's default, which startProxy
 * does not override. Stated in the report; change it here if the proxy's default changes.
 */
export const PROXY_SCAN_CONCURRENCY = 4;

export interface BenchProxy {
  url: string;
  token: string;
  scanConcurrency: number;
  unlinkMethod: UnlinkMethod;
  close(): Promise<void>;
}

export async function startBenchProxy(sim: RunningSimulator): Promise<BenchProxy> {
  const token = randomBytes(32).toString('base64url');
  const auditDir = await mkdtemp(join(tmpdir(), 'scim-unlock-bench-'));
  const config = loadConfig({
    ATLASSIAN_ORG_ID: sim.identity.org.id,
    ATLASSIAN_ORG_API_KEY: sim.identity.org.apiKey,
    ATLASSIAN_API_BASE_URL: sim.url,
    SCIM_DIRECTORY_KEYS: JSON.stringify(
      Object.fromEntries(sim.identity.directories.map((d) => [d.id, d.scimKey])),
    ),
    PROXY_API_TOKENS: JSON.stringify({ bench: token }),
    AUDIT_LOG_FILE: join(auditDir, 'audit.jsonl'),
  });
  const proxy = await startProxy(config, {
    port: 0,
    logDestination: pino.destination({ dest: 2, sync: true }),
    auditStdout: pino.destination('/dev/null'),
    // One trusted caller sending a few hundred requests back to back: the per-caller rate limit guards
    // the upstream against runaway clients and would only add waits to the measurements here.
    limits: { rateLimit: { capacity: 10_000, refillPerSecond: 10_000 } },
  });
  return {
    url: proxy.url,
    token,
    scanConcurrency: PROXY_SCAN_CONCURRENCY,
    unlinkMethod: config.unlinkMethod,
    close: async () => {
      await proxy.close();
      await rm(auditDir, { recursive: true, force: true });
    },
  };
}
