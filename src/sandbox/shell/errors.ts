/**
 * The shell's error family. Messages name what went wrong in words a sandbox user can act on; they never
 * carry tokens (the shell holds every sandbox user's Jira token) or upstream bodies.
 */
export type ShellErrorCode =
  'bad-manifest' | 'bad-bundle' | 'unknown-frame' | 'stale-frame' | 'jira-failed' | 'gateway-failed';

export class ShellError extends Error {
  readonly code: ShellErrorCode;
  readonly context: Record<string, string | number>;
  constructor(code: ShellErrorCode, message: string, context: Record<string, string | number> = {}) {
    super(message);
    this.name = 'ShellError';
    this.code = code;
    this.context = context;
  }
}
