import { doctorCommand } from './doctor';
import { healthcheckCommand } from './healthcheck';
import { proxyCommand } from './proxy';
import type { CliCommand } from './types';

/** Every subcommand of `scim-unlock`, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [proxyCommand, doctorCommand, healthcheckCommand];

export type { CliCommand } from './types';
