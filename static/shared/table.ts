import type { Flag, FlagStatus } from '../../src/contract/app/records';

/**
 * Sorting, filtering and counting of the flagged-accounts table. The backend pages flags by account id
 * only, so the page loads them and these functions do the rest; pure so the rules have tests.
 */

export type FlagSortKey =
  'name' | 'email' | 'status' | 'confidence' | 'firstDetectedAt' | 'lastSeenAt' | 'issue';
export type SortOrder = 'ASC' | 'DESC';

export interface FlagFilter {
  /** Case-insensitive; matches name, email, account id or issue key. */
  text: string;
  status: FlagStatus | 'all';
}

const CONFIDENCE_RANK: Record<string, number> = { high: 3, medium: 2, low: 1 };

/** ITSUP-9 before ITSUP-10: the number is compared as a number, not as text. */
function issueSortKey(key: string): string {
  const dash = key.lastIndexOf('-');
  return `${key.slice(0, dash)}-${key.slice(dash + 1).padStart(12, '0')}`;
}

function sortValue(f: Flag, key: FlagSortKey): string | number {
  switch (key) {
    case 'name':
      return (f.name ?? '').toLocaleLowerCase();
    case 'email':
      return (f.email ?? '').toLocaleLowerCase();
    case 'status':
      return f.status;
    case 'confidence':
      return CONFIDENCE_RANK[f.confidence] ?? 0;
    case 'firstDetectedAt':
      return f.firstDetectedAt;
    case 'lastSeenAt':
      return f.lastSeenAt;
    case 'issue':
      return f.issue === null ? '' : issueSortKey(f.issue.key);
  }
}

/** Stable: equal keys keep account-id order, so a re-sort never shuffles rows. */
export function sortFlags(flags: readonly Flag[], key: FlagSortKey, order: SortOrder): Flag[] {
  const dir = order === 'ASC' ? 1 : -1;
  return flags
    .map((f, i) => ({ f, i }))
    .sort((a, b) => {
      const x = sortValue(a.f, key);
      const y = sortValue(b.f, key);
      if (x < y) return -dir;
      if (x > y) return dir;
      return a.i - b.i;
    })
    .map((e) => e.f);
}

export function filterFlags(flags: readonly Flag[], filter: FlagFilter): Flag[] {
  const needle = filter.text.trim().toLocaleLowerCase();
  return flags.filter((f) => {
    if (filter.status !== 'all' && f.status !== filter.status) return false;
    if (needle === '') return true;
    return [f.name, f.email, f.accountId, f.issue?.key].some(
      (v) => v !== null && v !== undefined && v.toLocaleLowerCase().includes(needle),
    );
  });
}

export type FlagCounts = Record<FlagStatus | 'all', number>;

export function countFlags(flags: readonly Flag[]): FlagCounts {
  const counts: FlagCounts = { all: flags.length, open: 0, dismissed: 0, resolved: 0, cleared: 0 };
  for (const f of flags) counts[f.status] += 1;
  return counts;
}

/**
 * Each row's position when sorted ascending by `key`. The table sorts its rows by these numbers, so its
 * sort (and its sort indicator) follows sortFlags' rules in both directions.
 */
export function sortRanks(flags: readonly Flag[], key: FlagSortKey): Map<string, number> {
  const ranks = new Map<string, number>();
  sortFlags(flags, key, 'ASC').forEach((f, i) => ranks.set(f.accountId, i));
  return ranks;
}
