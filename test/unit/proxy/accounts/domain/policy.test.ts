import {
  disallowedDirectories,
  hasReason,
  isDirectoryAllowed,
  isProtected,
  type Policy,
} from '../../../../../src/proxy/accounts/domain/policy';

const policy = (ids: string[], emails: string[], allowed: string[] | null): Policy => ({
  protectedAccounts: { accountIds: new Set(ids), emails: new Set(emails) },
  allowedDirectories: allowed === null ? null : new Set(allowed),
});

describe('isProtected', () => {
  const p = policy(['acc-1'], ['boss@example.com'], null);
  test.each([
    [{ accountId: 'acc-1', email: null }, true],
    [{ accountId: 'acc-1', email: 'other@example.com' }, true],
    [{ accountId: 'acc-2', email: 'boss@example.com' }, true],
    [{ accountId: 'acc-2', email: 'BOSS@Example.COM' }, true],
    [{ accountId: 'acc-2', email: ' boss@example.com ' }, true],
    [{ accountId: 'ACC-1', email: null }, false],
    [{ accountId: 'acc-2', email: 'boss@example.co' }, false],
    [{ accountId: 'acc-2', email: null }, false],
    [{ accountId: 'acc-2', email: '' }, false],
  ])('%o → %s', (account, expected) => {
    expect(isProtected(account, p)).toBe(expected);
  });
});

describe('directories', () => {
  test.each([
    [null, 'd1', true],
    [['d1'], 'd1', true],
    [['d1'], 'd2', false],
    [[], 'd1', false],
  ] as const)('allowlist %o, %s → %s', (allowed, dir, expected) => {
    expect(isDirectoryAllowed(dir, policy([], [], allowed === null ? null : [...allowed]))).toBe(expected);
  });
  test('disallowed directories keep order and drop duplicates', () => {
    expect(disallowedDirectories(['d3', 'd1', 'd3', 'd2'], policy([], [], ['d1']))).toEqual(['d3', 'd2']);
  });
});

describe('hasReason', () => {
  test.each([
    ['Re-hire, ticket HR-12', true],
    ['x', true],
    ['a'.repeat(500), true],
    ['a'.repeat(501), false],
    ['   ', false],
    ['', false],
    [null, false],
    [undefined, false],
  ])('%p → %s', (reason, expected) => {
    expect(hasReason(reason)).toBe(expected);
  });
});
