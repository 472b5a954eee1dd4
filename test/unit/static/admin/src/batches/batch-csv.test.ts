import type { BatchAccountResult } from '../../../../../../src/contract/proxy';
import { batchCsv, batchFileName } from '../../../../../../static/admin/src/batches/batch-csv';

const row = (over: Partial<BatchAccountResult>): BatchAccountResult => ({
  ref: 'bob@x.example',
  accountId: 'acc-1',
  outcome: 'unlocked',
  blockers: [],
  detail: null,
  attempts: 1,
  resumed: false,
  ...over,
});

test('one quoted row per account, with the outcome in words, CRLF line ends', () => {
  const csv = batchCsv([
    row({}),
    row({ ref: 'ann@x.example', accountId: null, outcome: 'blocked', blockers: ['protected', 'x'] }),
  ]);
  expect(csv.split('\r\n')).toEqual([
    '"account","account id","outcome","outcome (words)","blockers","detail","attempts","resumed after a restart"',
    '"bob@x.example","acc-1","unlocked","Unlocked","","","1","false"',
    '"ann@x.example","","blocked","Blocked","protected; x","","1","false"',
    '',
  ]);
});

test('text from upstream cannot become a formula', () => {
  const csv = batchCsv([row({ outcome: 'failed', detail: '=HYPERLINK("http://evil")' })]);
  expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
});

test('the file name says which batch and when', () => {
  expect(batchFileName('b-abc12345', new Date('2026-12-01T05:06:07Z'))).toBe(
    'scim-unlock-b-abc12345-2026-12-01-05-06-07.csv',
  );
});
