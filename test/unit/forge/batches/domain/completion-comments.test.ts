import {
  accountLabel,
  completionComment,
  groupByIssue,
  type ResolvedFlag,
} from '../../../../../src/forge/batches/domain/completion-comments';

const f = (accountId: string, issueKey: string | null): ResolvedFlag => ({
  accountId,
  label: accountId,
  issueKey,
});

test.each<[string, ResolvedFlag[], Array<[string, string[]]>]>([
  ['nothing resolved, nothing to comment', [], []],
  ['flags without an issue are skipped', [f('a', null)], []],
  [
    'one issue per account',
    [f('a', 'IT-1'), f('b', 'IT-2')],
    [
      ['IT-1', ['a']],
      ['IT-2', ['b']],
    ],
  ],
  [
    'an incident issue gets one comment naming its members, in order',
    [f('a', 'IT-9'), f('b', 'IT-2'), f('c', 'IT-9')],
    [
      ['IT-9', ['a', 'c']],
      ['IT-2', ['b']],
    ],
  ],
  ['an account is named once', [f('a', 'IT-1'), f('a', 'IT-1')], [['IT-1', ['a']]]],
])('groupByIssue: %s', (_name, resolved, expected) => {
  expect(groupByIssue(resolved).map((c) => [c.issueKey, c.accounts.map((a) => a.accountId)])).toEqual(
    expected,
  );
});

test.each<[string, { name: string | null; email: string | null }, string]>([
  ['name and email', { name: 'Bob', email: 'bob@x.example' }, 'Bob <bob@x.example>'],
  ['name only', { name: 'Bob', email: null }, 'Bob'],
  ['email only', { name: null, email: 'bob@x.example' }, 'bob@x.example'],
  ['neither', { name: null, email: null }, 'acc-1'],
])('accountLabel: %s', (_name, flag, expected) => {
  expect(accountLabel({ accountId: 'acc-1', ...flag })).toBe(expected);
});

test.each<[string, string[], string, string[]]>([
  [
    'one account',
    ['Bob'],
    'unlocked this account from SCIM Unlock in batch b-12345678.',
    ['Outcome: unlocked; the flag is resolved.', 'Reason: Reorg'],
  ],
  [
    'an incident',
    ['Bob', 'Ann'],
    'unlocked 2 accounts of this issue from SCIM Unlock in batch b-12345678.',
    ['Outcome: unlocked; the flag is resolved.', 'Reason: Reorg', 'Bob', 'Ann'],
  ],
])('completionComment: %s', (_name, labels, message, details) => {
  const words = completionComment(
    { batchId: 'b-12345678', reason: 'Reorg' },
    { issueKey: 'IT-1', accounts: labels.map((label, i) => ({ accountId: `a${i}`, label })) },
  );
  expect(words).toEqual({ message, details });
});
