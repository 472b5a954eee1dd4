import { connectionFromEnv } from '../admin/connection';
import { runMutation, type MutationOptions } from '../admin/mutation';
import { CONNECTION_HELP, mutationOptions } from '../admin/options';
import { proxyClient } from '../admin/proxy-api';
import { action, withExamples } from '../io/context';
import type { CliCommand } from './types';

export const reactivateCommand: CliCommand = {
  name: 'reactivate',
  register(program, ctx) {
    const cmd = mutationOptions(
      program
        .command('reactivate')
        .summary('reactivate an account no SCIM link holds')
        .description(
          'Reactivates an account that no SCIM link holds and restores its suspended directory memberships. It first prints the dry-run plan (the exact upstream calls), then applies it after confirmation on a terminal, or at once with --yes. Exit: 0 done or nothing to do, 1 blocked or failed, 2 stopped after the plan (no terminal, no --yes), 3 partial.',
        ),
    )
      .addHelpText('after', CONNECTION_HELP)
      .action(
        action(ctx, async (who: string, opts: MutationOptions) => {
          const conn = connectionFromEnv(ctx.io.env);
          const client = proxyClient(conn);
          return runMutation(ctx, conn, client, 'reactivate', who, opts, (accountId, dryRun) =>
            client.reactivate({ path: { accountId }, body: { reason: opts.reason, dryRun } }),
          );
        }),
      );
    withExamples(cmd, [
      "scim-unlock reactivate bob.mover@acme.example --reason 'HR ticket 1234' --dry-run",
      "scim-unlock reactivate bob.mover@acme.example --reason 'HR ticket 1234' --yes --json",
    ]);
  },
};
