import type { Command } from 'commander';
import type { CliContext } from '../io/context';

/**
 * One subcommand. `register` adds it to the program with its options, help and examples; its action is
 * wrapped with `action` from src/cli/io/context.ts so the exit code and error wording are uniform.
 */
export interface CliCommand {
  name: string;
  register(program: Command, ctx: CliContext): void;
}
