import { parseAccountList } from '../../../../../../static/admin/src/batches/parse-list';

const ID = '5b10a2844c20165700ede21g';

test.each<[string, string, { accounts: string[]; duplicates: number; invalid: number[]; overLimit: number }]>(
  [
    ['empty', '', { accounts: [], duplicates: 0, invalid: [], overLimit: 0 }],
    ['blank lines and spaces', '\n  \n', { accounts: [], duplicates: 0, invalid: [], overLimit: 0 }],
    [
      'one per line, CRLF, trimmed',
      ' ann@x.example \r\nbob@x.example\r\n',
      { accounts: ['ann@x.example', 'bob@x.example'], duplicates: 0, invalid: [], overLimit: 0 },
    ],
    [
      'spreadsheet separators and quotes',
      `"ann@x.example";${ID}\t<bob@x.example>`,
      { accounts: ['ann@x.example', ID, 'bob@x.example'], duplicates: 0, invalid: [], overLimit: 0 },
    ],
    [
      'duplicates counted once, emails without case',
      'Ann@X.example\nann@x.example\nann@x.example',
      { accounts: ['Ann@X.example'], duplicates: 2, invalid: [], overLimit: 0 },
    ],
    [
      'invalid entries named with their line',
      'ann@x.example\nnot an id\n\n../etc',
      { accounts: ['ann@x.example'], duplicates: 0, invalid: [2, 4], overLimit: 0 },
    ],
  ],
)('%s', (_name, text, expected) => {
  const parsed = parseAccountList(text);
  expect({ ...parsed, invalid: parsed.invalid.map((e) => e.line) }).toEqual(expected);
});

test('beyond the limit, distinct entries are counted, not kept', () => {
  const text = ['a@x.example', 'b@x.example', 'a@x.example', 'c@x.example', 'd@x.example'].join('\n');
  expect(parseAccountList(text, 2)).toEqual({
    accounts: ['a@x.example', 'b@x.example'],
    duplicates: 1,
    invalid: [],
    overLimit: 2,
  });
});

test('a pasted list of 1,000 distinct emails fits exactly', () => {
  const text = Array.from({ length: 1000 }, (_, i) => `p${i}@x.example`).join('\n');
  const parsed = parseAccountList(text);
  expect(parsed.accounts).toHaveLength(1000);
  expect(parsed.overLimit).toBe(0);
  expect(parseAccountList(`${text}\nlast@x.example`).overLimit).toBe(1);
});
