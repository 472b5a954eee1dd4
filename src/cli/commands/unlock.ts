import { listRefusal, parseAccountList } from '../admin/account-list';
import { runBatchUnlock } from '../admin/batch-unlock';
import { connectionFromEnv } from '../admin/connection';
import { readListSource } from '../admin/list-source';
import { runMutation, type MutationOptions } from '../admin/mutation';
import { CONNECTION_HELP, mutationOptions, parseMethod } from '../admin/options';
import { proxyClient } from '../admin/proxy-api';
import { action, withExamples } from '../io/context';
import { CliError } from '../io/errors';
import { EXIT } from '../io/exit-codes';
import type { CliCommand } from './types';

type UnlockOptions = MutationOptions & { method?: 'unlink' | 'delete'; fromFile?: string };

const FROM_FILE_HELP = `
From a file (--from-file <path|->, "-" for standard input):
  One email or account id per line; blank lines and # comments are skipped, duplicates counted once,
  at most 1,000 accounts. A line that is neither stops the command before anything starts (exit 2),
  naming the line. The proxy first previews the whole list as one dry-run batch (how many will unlock,
  the blocked ones grouped by blocker, already active, not found, upstream calls, time), then, after
  confirmation or with --yes, runs it as a batch in the proxy and shows its progress (a bar on a
  terminal, a line every few seconds otherwise) and a final report. Ctrl-C stops following without
  cancelling (exit 130) and prints the batch status/cancel commands. Exit: 0 all unlocked or already
  active, 1 some blocked or not found (or cancelled), 2 stopped after the preview, 3 some accounts
  partial or failed (running the list again is safe).
`;

export const unlockCommand: CliCommand = {
  name: 'unlock',
  register(program, ctx) {
    const cmd = mutationOptions(
      program
        .command('unlock')
        .summary('remove the SCIM links, reactivate, restore access (one account or a list)')
        .description(
          'Unlocks an account SCIM locked: removes its SCIM links (or deletes its SCIM records with --method delete), reactivates it and restores suspended directory memberships, then reads the state back. It first prints the dry-run plan (the exact upstream calls), then applies it after confirmation on a terminal, or at once with --yes. Exit: 0 done or nothing to do, 1 blocked or failed, 2 stopped after the plan (no terminal, no --yes), 3 partial. With --from-file, the same for a list of accounts, as one batch.',
        ),
      'optional',
    )
      .option(
        '--method <unlink|delete>',
        'how SCIM links go (default: the proxy’s UNLINK_METHOD)',
        parseMethod,
      )
      .option('--from-file <path|->', 'unlock every account listed in a file, one per line, as one batch')
      .addHelpText('after', FROM_FILE_HELP)
      .addHelpText('after', CONNECTION_HELP)
      .action(
        action(ctx, async (who: string | undefined, opts: UnlockOptions) => {
          if (opts.fromFile !== undefined) {
            if (who !== undefined) {
              throw new CliError('Give one account or --from-file, not both.', [], EXIT.usage);
            }
            // The list is checked before anything is sent: a bad line starts nothing.
            const list = parseAccountList(await readListSource(ctx.io, opts.fromFile));
            const refusal = listRefusal(list);
            if (refusal) throw new CliError(refusal.title, refusal.detail, EXIT.usage);
            const conn = connectionFromEnv(ctx.io.env);
            return runBatchUnlock(ctx, conn, proxyClient(conn), list, opts);
          }
          if (who === undefined) {
            throw new CliError(
              'Which account? Give <email|accountId>, or --from-file <path> for a list.',
              [],
              EXIT.usage,
            );
          }
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
      "scim-unlock unlock --from-file people.txt --reason 'INC-42: Okta group removed'",
      "grep -v contractor people.txt | scim-unlock unlock --from-file - --reason 'INC-42' --yes --json",
    ]);
  },
};
