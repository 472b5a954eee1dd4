import { BatchRecord, CurrentBatchPointer } from '../../contract/app/records';
import { KEYS, repository } from '../platform/repository';

/**
 * The app's own record of the batch runs admins started: the proxy holds the batch, the app remembers
 * who started which one and which one is the latest, so any admin who opens the page finds it. Runs are
 * also listed as open until the completion step (batch-completion.ts) has done the app's part.
 */
export const batchRuns = {
  async remember(record: BatchRecord): Promise<void> {
    const value = BatchRecord.parse(record);
    await repository.set(KEYS.batchRun(value.batchId), value);
    await repository.set(KEYS.openBatch(value.batchId), value);
    await repository.set(KEYS.currentBatch, { batchId: value.batchId });
  },

  get(batchId: string): Promise<BatchRecord | undefined> {
    return repository.get(KEYS.batchRun(batchId), BatchRecord);
  },

  async current(): Promise<BatchRecord | undefined> {
    const pointer = await repository.get(KEYS.currentBatch, CurrentBatchPointer);
    return pointer === undefined ? undefined : batchRuns.get(pointer.batchId);
  },

  /** Runs whose completion is still owed, oldest keys first; one page is plenty per trigger. */
  async open(limit: number): Promise<BatchRecord[]> {
    const page = await repository.query(KEYS.openBatchPrefix, BatchRecord, { limit });
    return page.items.map((e) => e.value);
  },

  closeOpen(batchId: string): Promise<void> {
    return repository.delete(KEYS.openBatch(batchId));
  },
};
