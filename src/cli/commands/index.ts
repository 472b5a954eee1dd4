import { batchCommand } from './batch';
import { deactivateCommand } from './deactivate';
import { doctorCommand } from './doctor';
import { healthcheckCommand } from './healthcheck';
import { idpSyncCommand } from './idp-sync';
import { lookupCommand } from './lookup';
import { proxyCommand } from './proxy';
import { reactivateCommand } from './reactivate';
import { scanCommand } from './scan';
import { unlinkCommand } from './unlink';
import { unlockCommand } from './unlock';
import type { CliCommand } from './types';

/** Every subcommand of `scim-unlock`, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  proxyCommand,
  doctorCommand,
  healthcheckCommand,
  lookupCommand,
  unlockCommand,
  batchCommand,
  unlinkCommand,
  reactivateCommand,
  deactivateCommand,
  scanCommand,
  idpSyncCommand,
];

export type { CliCommand } from './types';
