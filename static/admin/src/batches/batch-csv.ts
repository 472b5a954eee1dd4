import type { BatchAccountResult } from '../../../../src/contract/proxy';
import { toCsv, type CsvColumn } from '../../../shared/csv';
import { OUTCOME_LABEL } from './batch-words';

/** The finished batch's report, one row per account, through the injection-safe CSV writer. */
export const BATCH_COLUMNS: readonly CsvColumn<BatchAccountResult>[] = [
  { header: 'account', value: (r) => r.ref },
  { header: 'account id', value: (r) => r.accountId },
  { header: 'outcome', value: (r) => r.outcome },
  { header: 'outcome (words)', value: (r) => OUTCOME_LABEL[r.outcome] },
  { header: 'blockers', value: (r) => r.blockers.join('; ') },
  { header: 'detail', value: (r) => r.detail },
  { header: 'attempts', value: (r) => r.attempts },
  { header: 'resumed after a restart', value: (r) => r.resumed },
];

export function batchCsv(results: readonly BatchAccountResult[]): string {
  return toCsv(results, BATCH_COLUMNS);
}

export function batchFileName(batchId: string, now: Date): string {
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return `scim-unlock-${batchId.replace(/[^A-Za-z0-9_-]/g, '_')}-${stamp}.csv`;
}
