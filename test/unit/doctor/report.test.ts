import { buildReport, DoctorReport, exitCodeOf, type DoctorCheck } from '../../../src/doctor/domain/report';
import { renderReport } from '../../../src/doctor/render';

const check = (
  status: DoctorCheck['status'],
  required: boolean,
  id = `${status}-${required}`,
): DoctorCheck => ({
  id,
  title: `Check ${id}`,
  status,
  required,
  detail: `detail of ${id}`,
  fix: status === 'fail' || status === 'warn' ? `fix ${id} by setting SOME_VARIABLE` : null,
  variables: ['SOME_VARIABLE'],
});

test.each<[string, DoctorCheck[], 0 | 1]>([
  ['nothing to check', [], 0],
  ['all pass', [check('pass', true), check('pass', false)], 0],
  ['a required warning still passes', [check('warn', true)], 0],
  ['an optional failure does not count', [check('pass', true), check('fail', false)], 0],
  ['an optional skip does not count', [check('skip', false)], 0],
  ['a required failure', [check('pass', true), check('fail', true)], 1],
  ['a required check skipped has not passed', [check('skip', true)], 1],
])('exit code: %s', (_name, checks, code) => {
  expect(exitCodeOf(checks)).toBe(code);
  const report = buildReport(checks, []);
  expect(report.exitCode).toBe(code);
  expect(report.ok).toBe(code === 0);
  expect(DoctorReport.parse(report)).toEqual(report);
});

test('the summary counts each status', () => {
  const report = buildReport(
    [
      check('pass', true, 'a'),
      check('pass', true, 'b'),
      check('warn', false),
      check('fail', true),
      check('skip', false),
    ],
    [],
  );
  expect(report.summary).toEqual({ pass: 2, warn: 1, fail: 1, skip: 1 });
});

test('the JSON shape refuses unknown fields and statuses, so changes to it are deliberate', () => {
  const report = buildReport([check('pass', true)], []);
  expect(DoctorReport.safeParse({ ...report, extra: 1 }).success).toBe(false);
  expect(DoctorReport.safeParse({ ...report, checks: [{ ...report.checks[0], status: 'ok' }] }).success).toBe(
    false,
  );
  expect(DoctorReport.safeParse({ ...report, version: 2 }).success).toBe(false);
});

describe('renderReport', () => {
  const report = buildReport(
    [
      check('pass', true, 'org'),
      check('warn', false, 'bind'),
      check('fail', true, 'scim'),
      check('skip', false, 'kc'),
    ],
    [{ id: 'f', question: 'Does it?', answer: 'unknown', evidence: 'Nothing seen.' }],
  );

  test('plain: ASCII marks, no escape codes, the fix under failures and warnings only', () => {
    const text = renderReport(report, { color: false });
    expect(text).not.toContain('\u001b');
    expect(text).not.toMatch(/[✓✗]/);
    const lines = text.split('\n');
    expect(lines).toContain('[ok]   Check org: detail of org');
    expect(lines).toContain('[warn] Check bind (optional): detail of bind');
    expect(lines).toContain('[FAIL] Check scim: detail of scim');
    expect(lines).toContain('    fix: fix scim by setting SOME_VARIABLE');
    expect(lines).toContain('    fix: fix bind by setting SOME_VARIABLE');
    expect(lines).toContain('[skip] Check kc (optional): detail of kc');
    expect(lines).toContain('  Does it? not learned. Nothing seen.');
    expect(lines).toContain('1 passed, 1 warning(s), 1 failed, 1 skipped: not ready (exit 1)');
  });

  test('colour: Unicode marks in ANSI colours', () => {
    const text = renderReport(report, { color: true });
    expect(text).toContain('\u001b[32m✓\u001b[0m Check org');
    expect(text).toContain('\u001b[31m✗\u001b[0m Check scim');
    expect(text).toContain('\u001b[33m!\u001b[0m Check bind');
  });
});
