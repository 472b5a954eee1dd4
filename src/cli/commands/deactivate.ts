import { connectionFromEnv } from '../admin/connection';
import { runMutation, type MutationOptions } from '../admin/mutation';
import { CONNECTION_HELP, mutationOptions } from '../admin/options';
import { proxyClient } from '../admin/proxy-api';
import { action, withExamples } from '../io/context';
import type { CliCommand } from './types';

export const deactivateCommand: CliCommand = {
  name: 'deactivate',
  register(program, ctx) {
    const cmd = mutationOptions(
      program
        .command('deactivate')
        .summary('deactivate (or suspend) an account')
        .description(
          'Deactivates an account: lifecycle disable when the organization manages it, Org v2 suspend otherwise. It first prints the dry-run plan (the exact upstream calls), then applies it after confirmation on a terminal, or at once with --yes. Exit: 0 done or nothing to do, 1 blocked or failed, 2 stopped after the plan (no terminal, no --yes), 3 partial.',
        ),
    )
      .option('--message <text>', 'shown to the person by Atlassian on lifecycle disable')
      .addHelpText('after', CONNECTION_HELP)
      .action(
        action(ctx, async (who: string, opts: MutationOptions & { message?: string }) => {
          const conn = connectionFromEnv(ctx.io.env);
          const client = proxyClient(conn);
          return runMutation(ctx, conn, client, 'deactivate', who, opts, (accountId, dryRun) =>
            client.deactivate({
              path: { accountId },
              body: { reason: opts.reason, dryRun, ...(opts.message ? { message: opts.message } : {}) },
            }),
          );
        }),
      );
    withExamples(cmd, [
      "scim-unlock deactivate bob.mover@acme.example --reason 'HR ticket 1234' --dry-run",
      "scim-unlock deactivate bob.mover@acme.example --reason 'HR ticket 1234' --yes --json",
    ]);
  },
};
