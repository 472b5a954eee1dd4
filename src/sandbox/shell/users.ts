/**
 * The shell's signed-in user: one of the simulator's Jira users, chosen with the switcher and kept in a
 * cookie. The cookie holds only an account id; the token stays on the server.
 */
export interface ShellUser {
  accountId: string;
  displayName: string;
  email: string;
  admin: boolean;
  token: string;
}

export const USER_COOKIE = 'shell_user';

/** The cookie's user if it names a sandbox user, else the first admin (Jira opens signed in). */
export function currentUser(users: readonly ShellUser[], cookie: string | undefined): ShellUser {
  const chosen = cookie === undefined ? undefined : users.find((u) => u.accountId === cookie);
  const fallback = users.find((u) => u.admin) ?? users[0];
  const user = chosen ?? fallback;
  if (!user) throw new Error('the shell needs at least one sandbox user');
  return user;
}

/** Where to go back to after switching user: a site-relative path only, never another origin. */
export function safeReturnPath(value: string | undefined): string {
  if (value === undefined || !/^\/(?![/\\])[^\s]*$/.test(value)) return '/';
  // An open frame belongs to the previous user; send the browser to the page that hosts it instead.
  return value.startsWith('/_shell/') ? '/' : value;
}
