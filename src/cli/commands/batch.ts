import type { Command } from 'commander';
import type { BatchAccountResult, BatchStatus } from '../../contract/proxy';
import type { ProxyClient } from '../../contract/proxy/client';
import { allBatchResults } from '../admin/batch-follow';
import { OUTCOME_LABEL, previewLines, progressLine, reportLines } from '../admin/batch-render';
import { connectionFromEnv, type ProxyConnection } from '../admin/connection';
import { CONNECTION_HELP } from '../admin/options';
import { explainProxyFailure, proxyClient } from '../admin/proxy-api';
import { table } from '../admin/render';
import { action, withExamples, type CliContext } from '../io/context';
import { EXIT } from '../io/exit-codes';
import { styleFor } from '../io/terminal';
import type { CliCommand } from './types';

async function statusOf(client: ProxyClient, conn: ProxyConnection, id: string): Promise<BatchStatus> {
  try {
    return await client.batchStatus({ path: { batchId: id } });
  } catch (err) {
    throw explainProxyFailure(err, conn);
  }
}

const finished = (b: BatchStatus): boolean => b.state === 'done' || b.state === 'cancelled';

function headerLines(b: BatchStatus): string[] {
  return [
    `Batch ${b.id}: ${b.state}${b.dryRun ? ' (dry run: changes nothing)' : ''}`,
    ...table([
      ['  Reason', b.reason],
      ['  Started', `${b.createdAt} by ${b.createdBy.kind} ${b.createdBy.id}`],
      ...(b.finishedAt ? [['  Finished', b.finishedAt]] : []),
      ['  Method', b.method],
      ['  Progress', progressLine(b, false).replace(`${b.id}: `, '')],
    ]),
  ];
}

function accountLines(results: readonly BatchAccountResult[]): string[] {
  return table([
    ['  OUTCOME', 'ACCOUNT', 'ACCOUNT ID', 'DETAIL'],
    ...results.map((r) => [
      `  ${OUTCOME_LABEL[r.outcome]}`,
      r.ref,
      r.accountId ?? '-',
      [r.blockers.join(', '), r.detail ?? '', r.attempts > 1 ? `${r.attempts} attempts` : '']
        .filter((x) => x !== '')
        .join('; '),
    ]),
  ]);
}

function registerStatus(batch: Command, ctx: CliContext): void {
  const cmd = batch
    .command('status')
    .summary('a batch’s state, counts and report')
    .description(
      'Prints a batch’s state and counts per outcome; once finished, its report (the accounts to look at) or, for a dry run, its combined preview. --accounts lists every account’s outcome. Only the token that started a batch can see it. Changes nothing; exits 0 when the proxy answered.',
    )
    .argument('<batchId>', 'the id `unlock --from-file` printed (b-…)')
    .option('--accounts', 'list every account’s outcome')
    .option('--json', 'print the status (and with --accounts the results) as one JSON document')
    .addHelpText('after', CONNECTION_HELP)
    .action(
      action(ctx, async (id: string, opts: { accounts?: boolean; json?: boolean }) => {
        const conn = connectionFromEnv(ctx.io.env);
        const client = proxyClient(conn);
        const status = await statusOf(client, conn, id);
        const wantResults = opts.accounts === true || (!opts.json && finished(status) && !status.dryRun);
        const results = wantResults ? await allBatchResults(client, conn, id) : null;
        if (opts.json) {
          ctx.io.out(
            JSON.stringify(opts.accounts ? { batch: status, accounts: results } : { batch: status }, null, 2),
          );
          return EXIT.done;
        }
        const s = styleFor(ctx.io);
        const lines = headerLines(status);
        if (status.preview) lines.push('', ...previewLines(status, status.preview, s));
        else if (finished(status) && results) lines.push('', ...reportLines(status, results, s));
        if (opts.accounts && results) lines.push('', ...accountLines(results));
        ctx.io.out(lines.join('\n'));
        return EXIT.done;
      }),
    );
  withExamples(cmd, [
    'scim-unlock batch status b-3f9a0c1d2e4b5a6f7081',
    'scim-unlock batch status b-3f9a0c1d2e4b5a6f7081 --accounts --json',
  ]);
}

function registerCancel(batch: Command, ctx: CliContext): void {
  const cmd = batch
    .command('cancel')
    .summary('stop a batch: accounts not started are left alone')
    .description(
      'Cancels a running batch: accounts not started yet are left as they are, the ones under way finish (each still read back and audited). Asks for confirmation on a terminal; without one it needs --yes. Exit: 0 cancelled (or already finished), 1 declined, 2 stopped without --yes.',
    )
    .argument('<batchId>', 'the id `unlock --from-file` printed (b-…)')
    .option('-y, --yes', 'cancel without asking (needed when there is no terminal)')
    .option('--json', 'print the batch’s status after the cancel as JSON')
    .addHelpText('after', CONNECTION_HELP)
    .action(
      action(ctx, async (id: string, opts: { yes?: boolean; json?: boolean }) => {
        const { io } = ctx;
        const conn = connectionFromEnv(io.env);
        const client = proxyClient(conn);
        const before = await statusOf(client, conn, id);
        if (finished(before)) {
          if (opts.json) io.out(JSON.stringify(before, null, 2));
          else
            io.out(
              `Batch ${id} has already ${before.state === 'done' ? 'finished' : 'been cancelled'}: nothing to cancel.`,
            );
          return EXIT.done;
        }
        const notStarted = before.counts.pending ?? 0;
        if (!opts.json) {
          io.out(
            [
              ...headerLines(before),
              `  Cancelling leaves ${notStarted} account${notStarted === 1 ? '' : 's'} not started as ${notStarted === 1 ? 'it is' : 'they are'}; accounts under way finish.`,
            ].join('\n'),
          );
        }
        if (!opts.yes) {
          if (!io.interactive) {
            io.err(`Nothing was cancelled. No terminal to confirm on; run again with --yes to cancel ${id}.`);
            return EXIT.usage;
          }
          if (!(await io.confirm(`Cancel batch ${id}?`))) {
            io.err('Not cancelled: the batch goes on.');
            return EXIT.failed;
          }
        }
        let after: BatchStatus;
        try {
          after = await client.cancelBatch({ path: { batchId: id } });
        } catch (err) {
          throw explainProxyFailure(err, conn, 'cancel');
        }
        if (opts.json) io.out(JSON.stringify(after, null, 2));
        else io.out(`Batch ${id}: ${after.state}. Follow it with: scim-unlock batch status ${id}`);
        return EXIT.done;
      }),
    );
  withExamples(cmd, [
    'scim-unlock batch cancel b-3f9a0c1d2e4b5a6f7081',
    'scim-unlock batch cancel b-3f9a0c1d2e4b5a6f7081 --yes --json',
  ]);
}

export const batchCommand: CliCommand = {
  name: 'batch',
  register(program, ctx) {
    const batch = program
      .command('batch')
      .summary('status or cancel of a batch unlock (unlock --from-file)')
      .description(
        'A batch unlock runs in the proxy, so it outlives the command that started it: check on it or cancel it here by its id.',
      );
    registerStatus(batch, ctx);
    registerCancel(batch, ctx);
    // Nested commands report usage errors (exit 2) like the top-level ones, through the program's output.
    for (const sub of batch.commands) sub.exitOverride().configureOutput(program.configureOutput());
    withExamples(batch, [
      'scim-unlock batch status b-3f9a0c1d2e4b5a6f7081 --accounts',
      'scim-unlock batch cancel b-3f9a0c1d2e4b5a6f7081',
    ]);
  },
};
