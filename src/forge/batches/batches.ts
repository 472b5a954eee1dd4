import type {
  BatchAccountsPage,
  BatchAccountsQuery,
  BatchStatus,
  CreateBatchRequest,
} from '../../contract/proxy';
import { audit } from '../audit/audit-log';
import { proxyClient } from '../platform/proxy-client';

/**
 * Batch unlock from the app's side: the proxy runs the batch (each account through its one mutation
 * path, with its own audit line); the app starts it, reads its progress and may cancel it. The app's
 * audit notes who started or cancelled which batch, so its trail names the admin as well.
 */
export const batches = {
  async start(actor: string, req: CreateBatchRequest): Promise<BatchStatus> {
    const status = await proxyClient.createBatch({ body: req });
    await audit.recordQuietly({
      actor,
      action: 'batch-started',
      outcome: req.dryRun ? 'planned' : 'success',
      dryRun: req.dryRun,
      summary: `${req.dryRun ? 'Preview' : 'Batch unlock'} ${status.id} of ${status.total} account(s) started: ${req.reason}`,
    });
    return status;
  },

  get(batchId: string): Promise<BatchStatus> {
    return proxyClient.batchStatus({ path: { batchId } });
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
