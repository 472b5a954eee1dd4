import { createContext, useContext } from 'react';

/**
 * What a part of the page asks the batch flow to unlock: the Flags table's selection, an incident card's
 * members, a pasted list. The batch flow (preview → reason → progress → report) is mounted once and owns
 * the dialog; the parts only describe the accounts, so each entry point leads to the same preview.
 */
export interface BatchIntent {
  /** Account ids or emails, as the proxy's batch API accepts them (at most 1,000). */
  accounts: string[];
  /** Shown as the dialog's title, e.g. "Unlock 83 accounts deactivated by Okta Workforce". */
  title: string;
  /** Where the request came from, for the audit summary. */
  source: 'flags' | 'incident' | 'list';
}

export type StartBatchFlow = (intent: BatchIntent) => void;

export const BatchIntentContext = createContext<StartBatchFlow | null>(null);

/** The batch flow's entry point; null when the page has no batch flow mounted (nothing to offer). */
export function useBatchFlow(): StartBatchFlow | null {
  return useContext(BatchIntentContext);
}
