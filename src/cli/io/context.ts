import type { Command } from 'commander';
import { describeError } from './errors';
import { EXIT, type ExitCode } from './exit-codes';
import { styleFor, type CliIo } from './terminal';

/** What every command gets: the io, and the exit code the run ends with. */
export interface CliContext {
  io: CliIo;
  exitCode: ExitCode;
}

export function createContext(io: CliIo): CliContext {
  return { io, exitCode: EXIT.done };
}

/**
 * Wraps a command's action: its resolved value becomes the exit code; a thrown error is printed as words
 * on stderr (never a stack trace) and becomes its exit code.
 */
export function action<Args extends unknown[]>(
  ctx: CliContext,
  run: (...args: Args) => Promise<ExitCode>,
): (...args: Args) => Promise<void> {
  return async (...args: Args) => {
    try {
      ctx.exitCode = await run(...args);
    } catch (err) {
      const { lines, exitCode } = describeError(err);
      const style = styleFor(ctx.io);
      ctx.io.err(`${style.red('Error:')} ${lines.join('\n  ')}`);
      ctx.exitCode = exitCode;
    }
  };
}

/** Appends an "Examples:" block to a command's --help. */
export function withExamples(command: Command, examples: readonly string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}\n`);
}
