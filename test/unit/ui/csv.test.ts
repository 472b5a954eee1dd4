import { AuditEntry } from '../../../src/forge/records';
import { AUDIT_COLUMNS, auditCsv, auditFileName, csvField, toCsv } from '../../../static/shared/csv';
import { auditEntry } from './fixtures';

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['cr\rhere', '"cr\rhere"'],
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\tindent', "'\tindent"],
    ['=a,b', `"'=a,b"`],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it('writes numbers, booleans and empty values without quoting or apostrophes', () => {
    expect(csvField(-3)).toBe('-3');
    expect(csvField(true)).toBe('true');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });
});

describe('toCsv', () => {
  it('writes a header and one CRLF-terminated line per row', () => {
    const csv = toCsv(
      [{ a: 'x', b: 1 }],
      [
        { header: 'A', value: (r: { a: string; b: number }) => r.a },
        { header: 'B', value: (r: { a: string; b: number }) => r.b },
      ],
    );
    expect(csv).toBe('A,B\r\nx,1\r\n');
  });

  it('writes only the header for no rows', () => {
    expect(toCsv([], [{ header: 'only', value: () => 'x' }])).toBe('only\r\n');
  });
});

describe('auditCsv', () => {
  it('exports every audit field, with remaining steps joined and hostile text neutralised', () => {
    const entry = auditEntry({
      summary: '=HYPERLINK("http://evil")',
      remaining: ['enable-account', 'verify'],
      dryRun: true,
      requestId: 'r0000000000001abcdef',
      issueKey: 'ITSUP-7',
    });
    expect(AuditEntry.safeParse(entry).success).toBe(true);
    const [header, line, end] = auditCsv([entry]).split('\r\n');
    expect(header).toBe(AUDIT_COLUMNS.map((c) => c.header).join(','));
    expect(line).toBe(
      [
        '0000000000001abcdef',
        '2026-03-04T05:06:07.000Z',
        'admin-1',
        'unlock',
        'acc-1',
        'success',
        'true',
        `"'=HYPERLINK(""http://evil"")"`,
        'enable-account; verify',
        'r0000000000001abcdef',
        'ITSUP-7',
      ].join(','),
    );
    expect(end).toBe('');
  });

  it('leaves null account, request and issue cells empty', () => {
    const line = auditCsv([auditEntry({ accountId: null })]).split('\r\n')[1];
    expect(line?.split(',')).toEqual([
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
