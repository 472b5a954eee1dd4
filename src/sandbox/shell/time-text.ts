/**
 * Jira's REST timestamps ("2026-11-02T09:00:02.000+0000") as a person reads them on an issue
 * ("2 Nov 2026, 09:00 UTC"). The shell's frames run in UTC (context.timezone), so the host pages do too.
 * Written out by hand rather than with Intl so the text is the same on every machine.
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Jira's offset has no colon (+0000), which Date.parse does not promise to read. */
const JIRA_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)(Z|[+-]\d{2}:?\d{2})$/;

/** The readable UTC time, or the value unchanged when it is not a timestamp. */
export function readableTime(value: string): string {
  const m = JIRA_TIME.exec(value);
  if (!m?.[1] || !m[2]) return value;
  const offset = m[2] === 'Z' ? 'Z' : `${m[2].slice(0, 3)}:${m[2].slice(-2)}`;
  const at = new Date(`${m[1]}${offset}`);
  if (Number.isNaN(at.getTime())) return value;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${at.getUTCDate()} ${MONTHS[at.getUTCMonth()] ?? ''} ${at.getUTCFullYear()}, ${two(at.getUTCHours())}:${two(at.getUTCMinutes())} UTC`;
}
