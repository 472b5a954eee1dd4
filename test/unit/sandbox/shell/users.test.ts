/** The signed-in user and the return path after a switch. Table-driven, no browser needed. */
import { currentUser, safeReturnPath, type ShellUser } from '../../../../src/sandbox/shell/users';

const users: ShellUser[] = [
  { accountId: 'm1', displayName: 'Paul', email: 'p@x', admin: false, token: 't1' },
  { accountId: 'a1', displayName: 'Alice', email: 'a@x', admin: true, token: 't2' },
];

describe('signed-in user', () => {
  it.each([
    [undefined, 'a1'],
    ['m1', 'm1'],
    ['a1', 'a1'],
    ['forged', 'a1'],
  ])('cookie %s → %s', (cookie, expected) => {
    expect(currentUser(users, cookie).accountId).toBe(expected);
  });

  it.each([
    [undefined, '/'],
    ['/browse/ITSUP-1', '/browse/ITSUP-1'],
    ['/admin', '/admin'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['/_shell/frames/abc/', '/'],
    ['/a b', '/'],
  ])('return path %s → %s', (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected);
  });
});
