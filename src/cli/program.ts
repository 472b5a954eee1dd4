import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands';
import { createContext } from './io/context';
import { EXIT, type ExitCode } from './io/exit-codes';
import type { CliIo } from './io/terminal';

export const PROGRAM_NAME = 'scim-unlock';

const EXIT_CODES_HELP = `
Exit codes:
  0    done
  1    failed or blocked (the message says why; nothing more was changed)
  2    usage error (unknown option, missing argument)
  3    partial: a mutation stopped midway; running it again is safe
  130  Ctrl-C while following a batch: the batch goes on in the proxy

Colour is used on a terminal unless NO_COLOR is set.
`;

export function buildProgram(io: CliIo, version: string): { program: Command; exitCode: () => ExitCode } {
  const ctx = createContext(io);
  const program = new Command(PROGRAM_NAME)
    .version(version)
    .description('Unlock SCIM-locked Atlassian accounts: the org-admin proxy and its command line.')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP)
    .configureOutput({
      writeOut: (s) => io.out(s.replace(/\n$/, '')),
      writeErr: (s) => io.err(s.replace(/\n$/, '')),
    })
    .exitOverride();
  for (const command of COMMANDS) command.register(program, ctx);
  // Every subcommand reports usage errors the same way (exit 2) instead of exiting the process itself.
  for (const sub of program.commands) sub.exitOverride().configureOutput(program.configureOutput());
  return { program, exitCode: () => ctx.exitCode };
}

/** Runs one command line (`argv` without node and script) and resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo, version: string): Promise<ExitCode> {
  const { program, exitCode } = buildProgram(io, version);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      const ok =
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help';
      return ok || err.exitCode === 0 ? EXIT.done : EXIT.usage;
    }
    throw err;
  }
  return exitCode();
}
