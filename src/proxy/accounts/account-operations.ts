import type { AtlassianClients } from '../../atlassian/clients/create-clients';
import { runInLane } from '../../atlassian/http/limiter';
import type { UnlinkMethod } from '../../contract/proxy';
import type { AuditLog } from '../audit';
import type { ProxyConfig } from '../config';
import { diagnose } from './domain/diagnose';
import { planDeactivate, planReactivate, planUnlink, planUnlock } from './domain/plan';
import { toAccountView, toScimLinkView } from './domain/snapshot';
import { DirectoryNotAllowedError } from '../operation-errors';
import type { Logger } from '../server/logger';
import { isDirectoryAllowed } from './domain/policy';
import type { CallRecorder } from '../upstream/call-recorder';
import { createDirectoryCatalogue, type DirectoryCatalogue } from '../upstream/directory-catalogue';
import { createMutationKit } from '../mutations/mutation-kit';
import { createScanner } from '../scan/scan';
import { createScanReads } from '../scan/incremental';
import type { AccountOperations, ReadinessCheck } from '../operation-context';

export type OperationsConfig = Pick<
  ProxyConfig,
  'orgId' | 'protectedAccounts' | 'allowedDirectories' | 'unlinkMethod'
>;

export interface AccountOperationsDeps {
  clients: AtlassianClients;
  /** The recorder wired into the clients' `http.onCall` (see createProxyClients). */
  calls: CallRecorder;
  config: OperationsConfig;
  audit: AuditLog;
  logger: Logger;
  /** Milliseconds; for the directory cache. */
  now?: () => number;
  /** Waits before an informed second send after a 429; tests resolve it at once. */
  sleep?: (ms: number) => Promise<void>;
  /** Longest 429 wait a mutation honours inside one request. Default 5 s. */
  maxMutationWaitMs?: number;
  /** Parallel per-candidate reads in a scan. Default 4. */
  scanConcurrency?: number;
  /** Shared with the readiness check when given. */
  catalogue?: DirectoryCatalogue;
}

export function createAccountOperations(deps: AccountOperationsDeps): AccountOperations {
  const { clients, config } = deps;
  const catalogue =
    deps.catalogue ?? createDirectoryCatalogue(clients.org, deps.now ? { now: deps.now } : {});
  const { policy, planCtx, reader, runMutation } = createMutationKit({ ...deps, catalogue });
  const scan = createScanner({ clients, reader, catalogue, concurrency: deps.scanConcurrency ?? 4 });
  const scanReads = createScanReads({
    clients,
    reader,
    catalogue,
    concurrency: deps.scanConcurrency ?? 4,
  });
  const method = (m: UnlinkMethod | undefined): UnlinkMethod => m ?? config.unlinkMethod;

  return {
    lookup: (query) =>
      deps.calls.run(async (scope) => {
        const snapshot =
          query.email !== undefined
            ? await reader.byEmail(query.email)
            : await reader.byAccountId(query.accountId ?? '');
        return {
          account: toAccountView(snapshot),
          scimLinks: snapshot.scimLinks.map(toScimLinkView),
          diagnosis: diagnose(snapshot, policy),
          calls: [...scope.calls],
        };
      }),

    unlock: (accountId, request, ctx) =>
      runMutation({
        action: 'unlock',
        accountId,
        request,
        ctx,
        plan: (s) => planUnlock(s, planCtx, { method: method(request.method) }),
        success: 'unlocked',
        nothingToDo: 'already-active',
        verify: (s) => (s.user?.accountStatus === 'active' ? null : 'the account is not active'),
      }),

    unlink: (accountId, request, ctx) =>
      runMutation({
        action: 'unlink',
        accountId,
        request,
        ctx,
        preflight: () => {
          if (request.directoryId !== undefined && !isDirectoryAllowed(request.directoryId, policy)) {
            throw new DirectoryNotAllowedError(request.directoryId);
          }
        },
        plan: (s) =>
          planUnlink(s, planCtx, {
            method: method(request.method),
            ...(request.directoryId === undefined ? {} : { directoryId: request.directoryId }),
          }),
        success: 'done',
        nothingToDo: 'no-op',
      }),

    reactivate: (accountId, request, ctx) =>
      runMutation({
        action: 'reactivate',
        accountId,
        request,
        ctx,
        plan: (s) => planReactivate(s, planCtx),
        success: 'done',
        nothingToDo: 'no-op',
        verify: (s) => (s.user?.accountStatus === 'active' ? null : 'the account is not active'),
      }),

    deactivate: (accountId, request, ctx) =>
      runMutation({
        action: 'deactivate',
        accountId,
        request,
        ctx,
        plan: (s) =>
          planDeactivate(s, planCtx, request.message === undefined ? {} : { message: request.message }),
        success: 'done',
        nothingToDo: 'no-op',
      }),

    scan: (request) =>
      deps.calls.run(async (scope) => {
        // Its reads share the upstream budget with lookups and batches in their own lane.
        const page = await runInLane('scan', () => scan(request));
        return { ...page, calls: [...scope.calls] };
      }),

    scanCandidates: (request) =>
      deps.calls.run(async (scope) => {
        const page = await scanReads.candidates(request);
        return { ...page, calls: [...scope.calls] };
      }),

    scanVerify: (request) =>
      deps.calls.run(async (scope) => {
        const accounts = await scanReads.verify(request);
        return { read: request.read, accounts, calls: [...scope.calls] };
      }),
  };
}

/**
 * Readiness: one cheap call with the org key (the first directory). The app caches the answer, so
 * probes do not turn into upstream load.
 */
export function createReadinessCheck(clients: AtlassianClients): ReadinessCheck {
  return async (signal) => {
    if (signal.aborted) throw signal.reason;
    await clients.org.listDirectories({ limit: 1 });
  };
}
