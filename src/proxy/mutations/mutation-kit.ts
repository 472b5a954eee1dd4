import { sleep } from '../../lib/sleep';
import type { AtlassianClients } from '../../atlassian/clients/create-clients';
import type { AuditLog } from '../audit';
import type { ProxyConfig } from '../config';
import type { PlanContext } from '../accounts/domain/plan';
import type { Logger } from '../server/logger';
import type { Policy } from '../accounts/domain/policy';
import type { CallRecorder } from '../upstream/call-recorder';
import type { DirectoryCatalogue } from '../upstream/directory-catalogue';
import { createMutationRunner } from './mutation-runner';
import { createSnapshotReader, type SnapshotReader } from '../upstream/snapshot-reader';
import { createStepExecutor } from './step-executor';

/**
 * The pieces every mutating operation shares — fresh reads, policy, planning context, the step executor
 * and the one mutation path (read → policy → plan → execute → verify → audit) — assembled once, so the
 * account routes and the IdP sync cannot drift apart in how they change an account.
 */
export interface MutationKitDeps {
  clients: AtlassianClients;
  calls: CallRecorder;
  config: Pick<ProxyConfig, 'orgId' | 'protectedAccounts' | 'allowedDirectories'>;
  audit: AuditLog;
  logger: Logger;
  catalogue: DirectoryCatalogue;
  /** Waits before an informed second send after a 429; tests resolve it at once. */
  sleep?: (ms: number) => Promise<void>;
  /** Longest 429 wait a mutation honours inside one request. Default 5 s. */
  maxMutationWaitMs?: number;
}

export interface MutationKit {
  policy: Policy;
  planCtx: PlanContext;
  reader: SnapshotReader;
  runMutation: ReturnType<typeof createMutationRunner>;
}

export function createMutationKit(deps: MutationKitDeps): MutationKit {
  const policy: Policy = {
    protectedAccounts: deps.config.protectedAccounts,
    allowedDirectories: deps.config.allowedDirectories,
  };
  const reader = createSnapshotReader(deps.clients, deps.catalogue);
  const execute = createStepExecutor({
    clients: deps.clients,
    reader,
    logger: deps.logger,
    sleep: deps.sleep ?? sleep,
    maxMutationWaitMs: deps.maxMutationWaitMs ?? 5_000,
  });
  const runMutation = createMutationRunner({
    reader,
    execute,
    recorder: deps.calls,
    audit: deps.audit,
    policy,
  });
  return { policy, planCtx: { orgId: deps.config.orgId, policy }, reader, runMutation };
}
