import { EXIT, type ExitCode } from './exit-codes';

/**
 * A failure the CLI explains in words: a title, what to do about it, and the exit code. Anything else
 * that escapes a command is reported by name only (see `describeError`), so neither a stack trace nor a
 * value that might be a secret reaches the terminal.
 */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  readonly detail: readonly string[];
  constructor(title: string, detail: readonly string[] = [], exitCode: ExitCode = EXIT.failed) {
    super(title);
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.detail = detail;
  }
}

export interface DescribedError {
  lines: string[];
  exitCode: ExitCode;
}

export function describeError(err: unknown): DescribedError {
  if (err instanceof CliError) return { lines: [err.message, ...err.detail], exitCode: err.exitCode };
  // Name and system code only (e.g. ECONNREFUSED): a message could carry configuration values.
  const code = (err as { code?: unknown; cause?: { code?: unknown } } | null)?.code;
  const causeCode = (err as { cause?: { code?: unknown } } | null)?.cause?.code;
  const what = err instanceof Error ? err.name : 'error';
  const sys = typeof code === 'string' ? code : typeof causeCode === 'string' ? causeCode : null;
  return { lines: [`Unexpected ${what}${sys ? ` (${sys})` : ''}.`], exitCode: EXIT.failed };
}
