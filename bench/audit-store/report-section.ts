/**
 * The audit-store figures live in docs/benchmarks.md between two markers, so `npm run bench:audit`
 * rewrites only its own section and `npm run bench` (which regenerates the page) carries it over.
 */
export const SECTION_START = '<!-- bench:audit-store:start -->';
export const SECTION_END = '<!-- bench:audit-store:end -->';

/** The marked section of `text`, markers included; '' when there is none. */
export function auditStoreSection(text: string): string {
  const start = text.indexOf(SECTION_START);
  const end = text.indexOf(SECTION_END);
  if (start < 0 || end < start) return '';
  return text.slice(start, end + SECTION_END.length);
}

/** `text` with its marked section replaced by `section`; a new one goes before "## Page weight". */
export function withAuditStoreSection(text: string, section: string): string {
  if (section === '') return text;
  const old = auditStoreSection(text);
  if (old !== '') return text.replace(old, section);
  const at = text.search(/^## Page weight\s*$/m);
  if (at === -1) return `${text.trimEnd()}\n\n${section}\n`;
  return `${text.slice(0, at)}${section}\n\n${text.slice(at)}`;
}
