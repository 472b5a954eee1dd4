import { connectionFromEnv } from '../admin/connection';
import { lookupAccount } from '../admin/mutation';
import { CONNECTION_HELP } from '../admin/options';
import { proxyClient } from '../admin/proxy-api';
import { lookupCard } from '../admin/render';
import { action, withExamples } from '../io/context';
import { EXIT } from '../io/exit-codes';
import { styleFor } from '../io/terminal';
import type { CliCommand } from './types';

export const lookupCommand: CliCommand = {
  name: 'lookup',
  register(program, ctx) {
    const cmd = program
      .command('lookup')
      .summary('show an account and why it is locked')
      .description(
        'Looks the account up through the proxy and prints the diagnosis in words: its state, its SCIM links, what blocks an unlock and what to do. Changes nothing. Exits 0 when the account was found, 1 when not.',
      )
      .argument('<email|accountId>', 'the account, by email or Atlassian account id')
      .option('--json', 'print the proxy’s answer as JSON')
      .addHelpText('after', CONNECTION_HELP)
      .action(
        action(ctx, async (who: string, opts: { json?: boolean }) => {
          const conn = connectionFromEnv(ctx.io.env);
          const answer = await lookupAccount(proxyClient(conn), conn, who);
          ctx.io.out(
            opts.json ? JSON.stringify(answer, null, 2) : lookupCard(answer, styleFor(ctx.io)).join('\n'),
          );
          return answer.account === null ? EXIT.failed : EXIT.done;
        }),
      );
    withExamples(cmd, [
      'scim-unlock lookup bob.mover@acme.example',
      'scim-unlock lookup 5b10ac8d82e05b22cc7d4ef5 --json',
    ]);
  },
};
