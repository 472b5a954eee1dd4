import { stringify } from 'csv-stringify/browser/esm/sync';
import type { AuditEntry } from '../../src/contract/app/records';

/**
 * CSV export for spreadsheets (RFC 4180 through csv-stringify: CRLF line ends, quotes doubled), hardened
 * against formula injection (OWASP "CSV injection"): text written by other people (request reasons,
 * dismissal notes, upstream error messages) must never run as a formula when an admin opens the file.
 *
 * - Every field is quoted, empty ones included, so a reader that honours quotes keeps each field whole
 *   whatever it splits on (`,` here, `;` in many European locales, tab).
 * - A spreadsheet that splits anyway (a locale or import setting that ignores quotes, "text to columns")
 *   turns the text after a separator into a cell of its own. So a `'` goes before every formula start —
 *   `=` `+` `-` `@` tab CR, and their full-width forms that some spreadsheets normalise — at the start of
 *   the field and after every `,` `;` tab CR or LF inside it, with any spaces or double quotes in between
 *   (an import that trims spaces or drops stray quotes would otherwise uncover the formula). Spreadsheets
 *   show a leading `'` as "this is text".
 *
 * csv-stringify's own `escape_formulas` looks at the first character only, hence the guard below. It
 * applies to text only: numbers and booleans come from the app, and a negative number stays a number.
 */

const SEPARATOR = '[,;\\t\\r\\n]';
const FORMULA_START = '[=+\\-@\\t\\r\\uFF1D\\uFF0B\\uFF0D\\uFF20]';
const UNGUARDED_FORMULA_START = new RegExp(`(?<=(?:^|${SEPARATOR})[ "]*)(?=${FORMULA_START})`, 'g');

/** `text` with a `'` before every formula start a spreadsheet could see in it (see above). */
export function guardFormulas(text: string): string {
  return text.replace(UNGUARDED_FORMULA_START, "'");
}

export type CsvValue = string | number | boolean | null | undefined;

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => CsvValue;
}

export function toCsv<T>(rows: readonly T[], columns: readonly CsvColumn<T>[]): string {
  const records: CsvValue[][] = [
    columns.map((c) => c.header),
    ...rows.map((row) => columns.map((c) => c.value(row))),
  ];
  return stringify(records, {
    quoted: true,
    quoted_empty: true,
    record_delimiter: 'windows',
    eof: true,
    cast: {
      string: guardFormulas,
      // csv-stringify writes booleans as 1 / empty; the export says true / false.
      boolean: (value) => String(value),
    },
  });
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
