import type { AuditEntry } from '../../src/forge/records';

/**
 * CSV export (RFC 4180): CRLF line ends, fields quoted when they hold a quote, comma or line break.
 * A field starting with = + - @ (or a tab/CR) would run as a formula when the file is opened in a
 * spreadsheet, so it gets a leading apostrophe (OWASP "CSV injection").
 */

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
}

export function toCsv<T>(rows: readonly T[], columns: readonly CsvColumn<T>[]): string {
  const lines = [columns.map((c) => csvField(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(c.value(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export const AUDIT_COLUMNS: readonly CsvColumn<AuditEntry>[] = [
  { header: 'id', value: (e) => e.id },
  { header: 'time', value: (e) => e.at },
  { header: 'actor', value: (e) => e.actor },
  { header: 'action', value: (e) => e.action },
  { header: 'account id', value: (e) => e.accountId },
  { header: 'outcome', value: (e) => e.outcome },
  { header: 'dry run', value: (e) => e.dryRun },
  { header: 'summary', value: (e) => e.summary },
  { header: 'remaining', value: (e) => e.remaining.join('; ') },
  { header: 'request id', value: (e) => e.requestId },
  { header: 'issue key', value: (e) => e.issueKey },
];

export function auditCsv(entries: readonly AuditEntry[]): string {
  return toCsv(entries, AUDIT_COLUMNS);
}

/** A file name that says what was exported and when, safe on every file system. */
export function auditFileName(now: Date, filter: { accountId?: string; action?: string }): string {
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const parts = ['scim-unlock-audit', filter.action, filter.accountId].filter(
    (p): p is string => p !== undefined && p !== '',
  );
  return `${parts.join('-').replace(/[^A-Za-z0-9_-]/g, '_')}-${stamp}.csv`;
}
