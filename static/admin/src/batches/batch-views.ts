import { createContext, useContext } from 'react';

/**
 * The batch flow's other doors, next to BatchIntentContext (batch-intent.ts): reopen a batch already
 * started (the Flags tab's "current batch" card), open the paste-a-list dialog, and learn when a batch
 * was started or has finished so a view can reload.
 */
export interface BatchViews {
  showBatch: (batchId: string) => void;
  pasteList: () => void;
  /** Grows each time the flow starts a batch or sees one end. */
  revision: number;
}

export const BatchViewsContext = createContext<BatchViews | null>(null);

export function useBatchViews(): BatchViews | null {
  return useContext(BatchViewsContext);
}
