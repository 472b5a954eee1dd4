import { keptPageWeight, withKeptSections } from '../../../bench/kept-sections';

const RENDERED = '# Benchmarks\n\n## Limits of these figures\n\n- one\n';
const WEIGHT = '## Page weight\n\n| page | before | after |\n';

describe('the page-weight section across bench regenerations', () => {
  it.each([
    ['no report yet', null, RENDERED],
    ['a report without the section', RENDERED, RENDERED],
    ['a report with the section', `${RENDERED}\n${WEIGHT}`, `${RENDERED.trimEnd()}\n\n${WEIGHT}`],
    ['a mention that is not the heading', `${RENDERED}\nSee ## Page weight below.\n`, RENDERED],
  ])('%s', (_name, existing, expected) => {
    expect(withKeptSections(RENDERED, existing)).toBe(expected);
  });

  it('keeps everything from the heading to the end, later sections included', () => {
    expect(keptPageWeight(`${RENDERED}\n${WEIGHT}\n## Later\n\ntext\n`)).toBe(
      `${WEIGHT}\n## Later\n\ntext\n`,
    );
  });
});
