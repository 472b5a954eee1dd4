/**
 * The doctor's report for humans: one line per check, the fix under each failure or warning, then what
 * was learned about the org. Symbols and colour when the terminal wants them; plain ASCII otherwise
 * (NO_COLOR, pipes, log files).
 */
import type { CheckStatus, DoctorReport, FactAnswer } from './domain/report';

export interface RenderOptions {
  /** ANSI colours and Unicode marks; false gives plain ASCII. */
  color: boolean;
}

const MARK: Record<CheckStatus, { unicode: string; ascii: string; ansi: string }> = {
  pass: { unicode: '✓', ascii: '[ok]  ', ansi: '32' },
  warn: { unicode: '!', ascii: '[warn]', ansi: '33' },
  fail: { unicode: '✗', ascii: '[FAIL]', ansi: '31' },
  skip: { unicode: '-', ascii: '[skip]', ansi: '2' },
};

const ANSWER: Record<FactAnswer, string> = { yes: 'yes', no: 'no', unknown: 'not learned' };

export function renderReport(report: DoctorReport, opts: RenderOptions): string {
  const paint = (code: string, text: string): string =>
    opts.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  const lines: string[] = ['scim-unlock doctor (read-only: nothing is changed upstream)', ''];
  for (const check of report.checks) {
    const mark = MARK[check.status];
    const symbol = paint(mark.ansi, opts.color ? mark.unicode : mark.ascii);
    const optional = check.required ? '' : ' (optional)';
    lines.push(`${symbol} ${check.title}${optional}: ${check.detail}`);
    if (check.fix !== null && (check.status === 'fail' || check.status === 'warn')) {
      lines.push(`    fix: ${check.fix}`);
    }
  }
  if (report.facts.length > 0) {
    lines.push('', 'Learned about this org (points Atlassian does not document):');
    for (const fact of report.facts)
      lines.push(`  ${fact.question} ${ANSWER[fact.answer]}. ${fact.evidence}`);
  }
  const { pass, warn, fail, skip } = report.summary;
  lines.push(
    '',
    `${pass} passed, ${warn} warning(s), ${fail} failed, ${skip} skipped: ` +
      (report.ok ? paint('32', 'ready (exit 0)') : paint('31', 'not ready (exit 1)')),
  );
  return `${lines.join('\n')}\n`;
}
