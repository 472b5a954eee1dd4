/**
 * The proxy's Node entry (`npm run proxy`): configuration from the environment, the Atlassian clients,
 * the operations service and the HTTP app, on loopback unless PROXY_HOST says otherwise.
 *
 * `startProxy` is the same assembly without the process concerns, for the local sandbox (simulator and
 * proxy in one process) and for tests.
 */
import type { DestinationStream } from 'pino';
import type { JWTVerifyGetKey } from 'jose';
import type { AtlassianClientsOptions } from '../atlassian/clients/create-clients';
import { createProxyApp, type ProxyAppLimits } from './server/app';
import { createAuditLog } from './audit';
import { ConfigError, configSecrets, loadConfig, type ProxyConfig } from './config';
import { createLogger, type Logger } from './server/logger';
import { createAccountOperations, createReadinessCheck } from './accounts/account-operations';
import { createDirectoryCatalogue } from './upstream/directory-catalogue';
import { createIdpSyncFromConfig } from './idp-sync/create-idp-sync';
import { createProxyClients } from './upstream/proxy-clients';
import type { UpstreamLimiter } from '../atlassian/http/limiter';
import { createBatchService, type BatchService } from './batches/batch-service';
import { createBatchStore } from './batches/batch-store';
import { authenticatorFromConfig, startServer, type RunningProxy } from './server/server';

export const DEFAULT_PROXY_HOST = '127.0.0.1';
/** Readiness answers are reused this long, so probes never become upstream load. */
export const READINESS_CACHE_MS = 10_000;

export interface StartProxyOptions {
  /** 0 picks an ephemeral port. */
  port: number;
  /** Default 127.0.0.1: the proxy holds the org key, so it is not exposed unless asked. */
  host?: string;
  /** A key set replacing the remote JWKS (the local sandbox signs FITs with its own key). */
  jwks?: JWTVerifyGetKey;
  /** HTTP-layer options for the Atlassian clients (tests inject an immediate `sleep`). */
  http?: AtlassianClientsOptions['http'];
  /** Log destination; default stdout. */
  logDestination?: DestinationStream;
  /** Audit destination besides AUDIT_LOG_FILE; default stdout. */
  auditStdout?: DestinationStream;
  /** Waits inside operations (a 429 on a mutation); tests resolve at once. */
  sleep?: (ms: number) => Promise<void>;
  limits?: Partial<ProxyAppLimits>;
  /** Accounts a batch works on at once (default 16); the shared limiter sets the pace. */
  batchConcurrency?: number;
}

export interface StartedProxy extends RunningProxy {
  logger: Logger;
  /** Null without a batch state directory. */
  batches: BatchService | null;
  limiter: UpstreamLimiter;
}

export async function startProxy(config: ProxyConfig, opts: StartProxyOptions): Promise<StartedProxy> {
  const secrets = configSecrets(config);
  const logger = createLogger({
    secrets,
    ...(opts.logDestination ? { destination: opts.logDestination } : {}),
  });
  const audit = createAuditLog({
    file: config.auditLogFile,
    secrets,
    ...(opts.auditStdout ? { stdout: opts.auditStdout } : {}),
  });
  const { clients, calls, limiter } = createProxyClients(config, { logger, ...opts.http });
  const catalogue = createDirectoryCatalogue(clients.org);
  const operations = createAccountOperations({
    clients,
    calls,
    config,
    audit,
    logger,
    catalogue,
    ...(opts.sleep ? { sleep: opts.sleep } : {}),
  });
  const idpSync = createIdpSyncFromConfig(config, {
    clients,
    calls,
    audit,
    logger,
    catalogue,
    ...(opts.sleep ? { sleep: opts.sleep } : {}),
  });
  const batches =
    config.batchStateDir === null
      ? null
      : createBatchService({
          store: createBatchStore(config.batchStateDir),
          operations,
          limiter,
          audit,
          logger,
          defaultMethod: config.unlinkMethod,
          ...(opts.batchConcurrency === undefined ? {} : { concurrency: opts.batchConcurrency }),
        });
  // Unfinished batches of an earlier run continue before the first request is served.
  await batches?.resume();
  const app = createProxyApp({
    operations,
    idpSync,
    batches,
    authenticate: authenticatorFromConfig(config, opts.jwks),
    readiness: createReadinessCheck(clients),
    logger,
    limits: { readinessCacheMs: READINESS_CACHE_MS, ...opts.limits },
  });
  const server = await startServer(app, { port: opts.port, ...(opts.host ? { host: opts.host } : {}) });
  logger.info({ url: server.url }, 'proxy listening');
  return {
    url: server.url,
    logger,
    batches,
    limiter,
    close: async () => {
      await server.close();
      await batches?.close();
      audit.close();
    },
  };
}

async function main(): Promise<void> {
  let config: ProxyConfig;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      // The message names variables and rules only, never a value.
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const host = process.env.PROXY_HOST?.trim() || DEFAULT_PROXY_HOST;
  const proxy = await startProxy(config, { port: config.port, host });

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    proxy.logger.info({ signal }, 'proxy stopping');
    proxy.close().then(
      () => process.exit(0),
      (err: unknown) => {
        proxy.logger.error({ err }, 'proxy did not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    // Name and system code only (e.g. EADDRINUSE): a message could carry configuration values.
    const code = (err as { code?: unknown } | null)?.code;
    const what = err instanceof Error ? err.name : 'error';
    process.stderr.write(`proxy failed to start: ${what}${typeof code === 'string' ? ` (${code})` : ''}\n`);
    process.exit(1);
  });
}
