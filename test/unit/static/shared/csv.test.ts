import fc from 'fast-check';
import { AuditEntry } from '../../../../src/contract/app/records';
import { AUDIT_COLUMNS, auditCsv, auditFileName, guardFormulas, toCsv } from '../../../../static/shared/csv';
import { auditEntry } from './fixtures';

/** The characters a spreadsheet starts a formula with, full-width forms included. */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * Reads a CSV whose fields are all quoted (what toCsv writes) per RFC 4180, strictly: anything else
 * throws, so a malformed export cannot pass as a parsed one.
 */
function readQuotedCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < csv.length) {
    if (csv[i] !== '"') throw new Error(`expected a quote at ${i} in ${JSON.stringify(csv)}`);
    let field = '';
    i += 1;
    for (;;) {
      if (i >= csv.length) throw new Error(`unterminated field in ${JSON.stringify(csv)}`);
      if (csv[i] === '"' && csv[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (csv[i] === '"') {
        i += 1;
        break;
      } else {
        field += csv[i];
        i += 1;
      }
    }
    row.push(field);
    if (csv[i] === ',') {
      i += 1;
    } else if (csv.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else {
      throw new Error(`expected , or CRLF at ${i} in ${JSON.stringify(csv)}`);
    }
  }
  if (row.length > 0) throw new Error('the last record has no CRLF');
  return rows;
}

/**
 * What a spreadsheet that ignores quotes sees: the raw text cut at every `,` `;` tab and line break,
 * each cell with its leading spaces and stray quotes dropped (as a trimming import does).
 */
function cellsIgnoringQuotes(csv: string): string[] {
  return csv.split(/[,;\t\r\n]/).map((cell) => cell.replace(/^[ "]+/, ''));
}

const oneColumn = (value: string) => toCsv([value], [{ header: 'value', value: (v: string) => v }]);

describe('guardFormulas', () => {
  it.each([
    ['plain text', 'plain text'],
    ['', ''],
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\tindent', "'\tindent"],
    ['\rreturn', "'\rreturn"],
    ['\uFF1D1+1', "'\uFF1D1+1"],
    // after a separator a spreadsheet may split on
    ['a,=1+1', "a,'=1+1"],
    ['a;=1+1', "a;'=1+1"],
    ['a\t=1+1', "a\t'=1+1"],
    ['a\n=1+1', "a\n'=1+1"],
    ['a\r\n@x', "a\r\n'@x"],
    ['a;+1;-2', "a;'+1;'-2"],
    // spaces or stray quotes between the separator and the formula
    ['a; =1', "a; '=1"],
    ['a;"=1', `a;"'=1`],
    ['  =1', "  '=1"],
    // a tab is both: a formula start and a separator
    ['\t=1', "'\t'=1"],
    // not a formula start: inside a word, or after text
    ['enable-account; verify', 'enable-account; verify'],
    ['me@example.com', 'me@example.com'],
    ['a = b', 'a = b'],
    ["'=1", "'=1"],
  ])('%j → %j', (input, expected) => {
    expect(guardFormulas(input)).toBe(expected);
  });
});

describe('toCsv', () => {
  it('writes a header and one CRLF-terminated record per row, every field quoted', () => {
    const csv = toCsv(
      [{ a: 'x', b: 1, c: true, d: null }],
      [
        { header: 'A', value: (r: { a: string }) => r.a },
        { header: 'B', value: (r: { b: number }) => r.b },
        { header: 'C', value: (r: { c: boolean }) => r.c },
        { header: 'D', value: (r: { d: null }) => r.d },
      ],
    );
    expect(csv).toBe('"A","B","C","D"\r\n"x","1","true",""\r\n');
  });

  it('writes only the header for no rows', () => {
    expect(toCsv([], [{ header: 'only', value: () => 'x' }])).toBe('"only"\r\n');
  });

  it('writes numbers as numbers: a negative number is data, not a formula', () => {
    expect(toCsv([-3], [{ header: 'n', value: (n: number) => n }])).toBe('"n"\r\n"-3"\r\n');
  });

  it.each([
    ['a,b', '"a,b"'],
    ['a;b', '"a;b"'],
    ['a\tb', '"a\tb"'],
    ['line\nbreak', '"line\nbreak"'],
    ['cr\rhere', '"cr\rhere"'],
    ['say "hi"', '"say ""hi"""'],
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['Unlock requested: urgent;=1+1', `"Unlock requested: urgent;'=1+1"`],
    ['reason,-2+3', `"reason,'-2+3"`],
    ['two\r\n@lines', `"two\r\n'@lines"`],
    ['', '""'],
  ])('writes %j as %j', (value, field) => {
    expect(oneColumn(value)).toBe(`"value"\r\n${field}\r\n`);
  });

  const hostile = fc.string({
    unit: fc.constantFrom('a', ' ', '"', "'", ',', ';', '\t', '\r', '\n', '=', '+', '-', '@', '\uFF1D'),
    maxLength: 40,
  });

  it('keeps any text whole for a reader that honours quotes (only guarded)', () => {
    fc.assert(
      fc.property(hostile, hostile, (a, b) => {
        const csv = toCsv(
          [[a, b]],
          [
            { header: 'a', value: (r: string[]) => r[0] },
            { header: 'b', value: (r: string[]) => r[1] },
          ],
        );
        expect(readQuotedCsv(csv)).toEqual([
          ['a', 'b'],
          [guardFormulas(a), guardFormulas(b)],
        ]);
      }),
    );
  });

  it('leaves no cell starting with a formula, even for a spreadsheet that ignores quotes', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const formulas = cellsIgnoringQuotes(oneColumn(text)).filter((cell) => FORMULA_START.test(cell));
        expect(formulas).toEqual([]);
      }),
    );
  });
});

describe('auditCsv', () => {
  it('exports every audit field, with remaining steps joined and hostile text neutralised', () => {
    const entry = auditEntry({
      summary: 'Unlock requested: urgent;=HYPERLINK("http://evil")',
      remaining: ['enable-account', 'verify'],
      dryRun: true,
      requestId: 'r0000000000001abcdef',
      issueKey: 'ITSUP-7',
    });
    expect(AuditEntry.safeParse(entry).success).toBe(true);
    const [header, line, end] = auditCsv([entry]).split('\r\n');
    expect(header).toBe(AUDIT_COLUMNS.map((c) => `"${c.header}"`).join(','));
    expect(line).toBe(
      [
        '"0000000000001abcdef"',
        '"2026-03-04T05:06:07.000Z"',
        '"admin-1"',
        '"unlock"',
        '"acc-1"',
        '"success"',
        '"true"',
        `"Unlock requested: urgent;'=HYPERLINK(""http://evil"")"`,
        '"enable-account; verify"',
        '"r0000000000001abcdef"',
        '"ITSUP-7"',
      ].join(','),
    );
    expect(end).toBe('');
  });

  it('leaves null account, request and issue cells empty', () => {
    const [, row] = readQuotedCsv(auditCsv([auditEntry({ accountId: null })]));
    expect(row).toEqual([
      '0000000000001abcdef',
      '2026-03-04T05:06:07.000Z',
      'admin-1',
      'unlock',
      '',
      'success',
      'false',
      'Unlocked',
      '',
      '',
      '',
    ]);
  });
});

describe('auditFileName', () => {
  const now = new Date('2026-03-04T05:06:07.890Z');
  it.each([
    [{}, 'scim-unlock-audit-2026-03-04-05-06-07.csv'],
    [{ action: 'unlock' }, 'scim-unlock-audit-unlock-2026-03-04-05-06-07.csv'],
    [{ action: 'unlock', accountId: 'abc:123' }, 'scim-unlock-audit-unlock-abc_123-2026-03-04-05-06-07.csv'],
    [{ accountId: '' }, 'scim-unlock-audit-2026-03-04-05-06-07.csv'],
  ])('%j → %s', (filter, expected) => {
    expect(auditFileName(now, filter)).toBe(expected);
  });
});
