import type {
  BatchAccountsPage,
  BatchAccountsQuery,
  BatchStatus,
  CreateBatchRequest,
} from '../../contract/proxy';
import type { BatchSource } from '../../contract/app/records';
import type { CurrentBatch } from '../../contract/app/resolvers';
import { audit } from '../audit/audit-log';
import { proxyClient } from '../platform/proxy-client';
import { completeBatch, completionOf } from './batch-completion';
import { batchRuns } from './batch-runs';

/**
 * Batch unlock from the app's side: the proxy runs the batch (each account through its one mutation
 * path, with its own audit line); the app starts it, reads its progress and may cancel it. The app's
 * audit notes who started or cancelled which batch, so its trail names the admin as well. A real run is
 * remembered (batch-runs.ts) so any admin finds it again, and once it is final the app does its part
 * (batch-completion.ts) whenever it sees it so.
 */

/** The app's part must never cost the admin the status they asked for: it is retried at the next read. */
async function completeQuietly(status: BatchStatus): Promise<void> {
  try {
    await completeBatch(status);
  } catch (err) {
    console.error('batch completion failed', { batchId: status.id, error: (err as Error).name });
  }
}

export const batches = {
  async start(
    actor: string,
    req: CreateBatchRequest & { title?: string | undefined; source?: BatchSource | undefined },
    now = new Date(),
  ): Promise<BatchStatus> {
    const { title, source, ...body } = req;
    const status = await proxyClient.createBatch({ body });
    if (!body.dryRun) {
      await batchRuns.remember({
        batchId: status.id,
        startedBy: actor,
        startedAt: now.toISOString(),
        title: title ?? `Unlock ${status.total} account(s)`,
        source: source ?? 'list',
        total: status.total,
        reason: body.reason,
      });
    }
    await audit.recordQuietly({
      actor,
      action: 'batch-started',
      outcome: body.dryRun ? 'planned' : 'success',
      dryRun: body.dryRun,
      summary: `${body.dryRun ? 'Preview' : 'Batch unlock'} ${status.id} of ${status.total} account(s) started: ${body.reason}`,
    });
    return status;
  },

  async get(batchId: string): Promise<BatchStatus> {
    const status = await proxyClient.batchStatus({ path: { batchId } });
    await completeQuietly(status);
    return status;
  },

  /** The latest run any admin started, as it stands now; null when none was started from the app. */
  async current(): Promise<CurrentBatch | null> {
    const record = await batchRuns.current();
    if (record === undefined) return null;
    const status = await proxyClient.batchStatus({ path: { batchId: record.batchId } });
    await completeQuietly(status);
    return { record, status, completion: (await completionOf(record.batchId)) ?? null };
  },

  accounts(batchId: string, query: BatchAccountsQuery): Promise<BatchAccountsPage> {
    return proxyClient.batchAccounts({ path: { batchId }, query });
  },

  async cancel(actor: string, batchId: string): Promise<BatchStatus> {
    const status = await proxyClient.cancelBatch({ path: { batchId } });
    await audit.recordQuietly({
      actor,
      action: 'batch-cancelled',
      outcome: 'success',
      summary: `Batch ${batchId} cancelled (${status.state}); accounts already under way finish.`,
    });
    return status;
  },
};
