import {
  auditStoreSection,
  SECTION_END,
  SECTION_START,
  withAuditStoreSection,
} from '../../../../bench/audit-store/report-section';

const section = (body: string) => `${SECTION_START}\n${body}\n${SECTION_END}`;
const WEIGHT = '## Page weight\n\nsizes\n';

describe('the audit-store section of docs/benchmarks.md', () => {
  it.each([
    ['appended when the page has neither', '# B\n', section('new'), `# B\n\n${section('new')}\n`],
    [
      'placed before the page weight',
      `# B\n\n${WEIGHT}`,
      section('new'),
      `# B\n\n${section('new')}\n\n${WEIGHT}`,
    ],
    [
      'replaced in place',
      `# B\n\n${section('old')}\n\n${WEIGHT}`,
      section('new'),
      `# B\n\n${section('new')}\n\n${WEIGHT}`,
    ],
    ['left alone when there is nothing to carry', '# B\n', '', '# B\n'],
  ])('%s', (_name, text, next, expected) => {
    expect(withAuditStoreSection(text, next)).toBe(expected);
  });

  it('reads the marked section, markers included', () => {
    expect(auditStoreSection(`x\n${section('body')}\ny`)).toBe(section('body'));
    expect(auditStoreSection('no markers')).toBe('');
  });
});
