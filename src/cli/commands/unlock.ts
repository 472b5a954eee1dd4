import { connectionFromEnv } from '../admin/connection';
import { runMutation, type MutationOptions } from '../admin/mutation';
import { CONNECTION_HELP, mutationOptions, parseMethod } from '../admin/options';
import { proxyClient } from '../admin/proxy-api';
import { action, withExamples } from '../io/context';
import type { CliCommand } from './types';

export const unlockCommand: CliCommand = {
  name: 'unlock',
  register(program, ctx) {
    const cmd = mutationOptions(
      program
        .command('unlock')
        .summary('remove the SCIM links, reactivate, restore access')
        .description(
          'Unlocks an account SCIM locked: removes its SCIM links (or deletes its SCIM records with --method delete), reactivates it and restores suspended directory memberships, then reads the state back. It first prints the dry-run plan (the exact upstream calls), then applies it after confirmation on a terminal, or at once with --yes. Exit: 0 done or nothing to do, 1 blocked or failed, 2 stopped after the plan (no terminal, no --yes), 3 partial.',
        ),
    )
      .option(
        '--method <unlink|delete>',
        'how SCIM links go (default: the proxy’s UNLINK_METHOD)',
        parseMethod,
      )
      .addHelpText('after', CONNECTION_HELP)
      .action(
        action(ctx, async (who: string, opts: MutationOptions & { method?: 'unlink' | 'delete' }) => {
          const conn = connectionFromEnv(ctx.io.env);
          const client = proxyClient(conn);
          return runMutation(ctx, conn, client, 'unlock', who, opts, (accountId, dryRun) =>
            client.unlock({
              path: { accountId },
              body: { reason: opts.reason, dryRun, ...(opts.method ? { method: opts.method } : {}) },
            }),
          );
        }),
      );
    withExamples(cmd, [
      "scim-unlock unlock bob.mover@acme.example --reason 'HR ticket 1234' --dry-run",
      "scim-unlock unlock bob.mover@acme.example --reason 'HR ticket 1234' --yes --json",
    ]);
  },
};
