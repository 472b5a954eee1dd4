/**
 * The incident figures live in docs/benchmarks.md between two markers, so `npm run bench:incident`
 * rewrites only its own section and `npm run bench` (which regenerates the page) carries it over.
 */
export const SECTION_START = '<!-- bench:incident:start -->';
export const SECTION_END = '<!-- bench:incident:end -->';

/** The marked section of `text`, markers included; '' when there is none. */
export function incidentSection(text: string): string {
  const start = text.indexOf(SECTION_START);
  const end = text.indexOf(SECTION_END);
  if (start < 0 || end < start) return '';
  return text.slice(start, end + SECTION_END.length);
}

/** `text` with its marked section replaced by `section` (appended when there is none). */
export function withIncidentSection(text: string, section: string): string {
  const old = incidentSection(text);
  if (section === '') return text;
  if (old !== '') return text.replace(old, section);
  return `${text.trimEnd()}\n\n${section}\n`;
}
