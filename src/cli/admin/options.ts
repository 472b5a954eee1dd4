import { InvalidArgumentError, type Command } from 'commander';
import { REASON_MAX_LENGTH } from '../../contract/proxy/ids';

export function parseReason(value: string): string {
  const trimmed = value.trim();
  if (trimmed === '') throw new InvalidArgumentError('must not be blank.');
  if (trimmed.length > REASON_MAX_LENGTH)
    throw new InvalidArgumentError(`must be at most ${REASON_MAX_LENGTH} characters.`);
  return trimmed;
}

export function parseCount(max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > max)
      throw new InvalidArgumentError(`must be a whole number 0-${max}.`);
    return n;
  };
}

/** The options every account mutation has; `unlock` takes its account as optional (or --from-file). */
export function mutationOptions(cmd: Command, who: 'required' | 'optional' = 'required'): Command {
  return cmd
    .argument(
      who === 'required' ? '<email|accountId>' : '[email|accountId]',
      'the account, by email or Atlassian account id',
    )
    .requiredOption('--reason <text>', 'why (recorded in the proxy’s audit line)', parseReason)
    .option('--dry-run', 'print the plan and change nothing')
    .option('-y, --yes', 'apply without asking (needed when there is no terminal)')
    .option('--json', 'print the proxy’s answer as JSON');
}

export const CONNECTION_HELP = `
Connection (environment):
  SCIM_UNLOCK_URL         the proxy, e.g. https://scim-unlock.example.com
  SCIM_UNLOCK_TOKEN_FILE  a file holding one of the proxy's PROXY_API_TOKENS
  SCIM_UNLOCK_TOKEN       or the token itself
`;

export function parseMethod(value: string): 'unlink' | 'delete' {
  if (value !== 'unlink' && value !== 'delete')
    throw new InvalidArgumentError('must be "unlink" or "delete".');
  return value;
}
