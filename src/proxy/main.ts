/**
 * The proxy's assembly: configuration, the Atlassian clients, the operations service and the HTTP app,
 * on loopback unless told otherwise. The process concerns (environment, signals, exit codes) live in
 * `scim-unlock proxy` (src/cli/commands/proxy.ts); the local sandbox and tests call `startProxy` directly.
 */
import type { DestinationStream } from 'pino';
import type { JWTVerifyGetKey } from 'jose';
import type { AtlassianClientsOptions } from '../atlassian/clients/create-clients';
import { createProxyApp, type ProxyAppLimits } from './server/app';
import { createAuditLog } from './audit';
import { configSecrets, type ProxyConfig } from './config';
import { createLogger, type Logger } from './server/logger';
import { createAccountOperations, createReadinessCheck } from './accounts/account-operations';
import { createDirectoryCatalogue } from './upstream/directory-catalogue';
import { createIdpSyncFromConfig } from './idp-sync/create-idp-sync';
import { createIdpRunService } from './idp-sync/idp-runs';
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
  const idpRuns =
    idpSync === null || config.idpSync === null
      ? null
      : createIdpRunService({ sync: idpSync, logger, maxRunMs: config.idpSync.maxRunSeconds * 1000 });
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
          keepFinished: config.batchKeepFinished,
          ...(opts.batchConcurrency === undefined ? {} : { concurrency: opts.batchConcurrency }),
        });
  // Unfinished batches of an earlier run continue before the first request is served.
  await batches?.resume();
  const app = createProxyApp({
    operations,
    idpSync,
    idpRuns,
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
    close: async (closeOpts) => {
      await server.close(closeOpts);
      // Batches stop after the account in hand and persist their state; a restart resumes them.
      await batches?.close();
      // A background IdP run stops after the account in hand; the rest is reported as not run.
      await idpRuns?.close();
      // Every audit line is written synchronously as it is recorded; closing releases the file.
      audit.close();
    },
  };
}
