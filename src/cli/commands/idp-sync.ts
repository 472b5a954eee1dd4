import type { IdpSyncResponse } from '../../contract/proxy';
import { connectionFromEnv } from '../admin/connection';
import { CONNECTION_HELP, parseCount } from '../admin/options';
import { proxyClient } from '../admin/proxy-api';
import { runIdpSync } from '../admin/idp-run-follow';
import { idpSyncLines } from '../admin/render';
import { action, withExamples } from '../io/context';
import { EXIT, type ExitCode } from '../io/exit-codes';
import { styleFor } from '../io/terminal';
import type { CliCommand } from './types';

interface IdpSyncOptions {
  apply?: boolean;
  yes?: boolean;
  json?: boolean;
  maxDeactivations?: number;
  maxReactivations?: number;
}

/** Breaker tripped → 1; an account left partly done → 3; otherwise 0. */
export function idpSyncExitCode(r: IdpSyncResponse): ExitCode {
  if (r.aborted) return EXIT.failed;
  if (r.applied.some((a) => a.outcome === 'partial')) return EXIT.partial;
  return EXIT.done;
}

export const idpSyncCommand: CliCommand = {
  name: 'idp-sync',
  register(program, ctx) {
    const cmd = program
      .command('idp-sync')
      .summary('offboard Keycloak leavers (plan by default)')
      .description(
        'Runs the proxy’s IdP sync as a background run and follows it (progress on stderr): lists the Keycloak realm, matches users to Atlassian accounts by email and plans to deactivate the accounts of leavers, behind the proxy’s circuit breaker. Without --apply it only prints the plan. With --apply it prints the plan, asks on a terminal (or goes on with --yes) and runs again for real; the proxy audits every account it changes. Exit: 0 done, 1 stopped by the breaker or failed, 2 stopped after the plan (no terminal, no --yes), 3 an account partly done.',
      )
      .option('--apply', 'apply the plan (after confirmation or with --yes)')
      .option('-y, --yes', 'apply without asking (with --apply)')
      .option('--max-deactivations <n>', 'lower the proxy’s cap for this run', parseCount(10_000))
      .option(
        '--max-reactivations <n>',
        'lower the proxy’s reactivation cap for this run',
        parseCount(10_000),
      )
      .option('--json', 'print the proxy’s answer as JSON')
      .addHelpText('after', CONNECTION_HELP)
      .action(
        action(ctx, async (opts: IdpSyncOptions) => {
          const { io } = ctx;
          const s = styleFor(io);
          const conn = connectionFromEnv(io.env);
          const client = proxyClient(conn);
          const run = (dryRun: boolean): Promise<IdpSyncResponse> =>
            runIdpSync(
              client,
              conn,
              {
                dryRun,
                ...(opts.maxDeactivations === undefined ? {} : { maxDeactivations: opts.maxDeactivations }),
                ...(opts.maxReactivations === undefined ? {} : { maxReactivations: opts.maxReactivations }),
              },
              (line) => io.err(line),
            );
          const plan = await run(true);
          const acting = plan.plan.filter((p) => p.action !== 'none').length;
          const stop = !opts.apply || plan.aborted !== undefined || acting === 0;
          if (opts.json && (stop || !opts.yes)) io.out(JSON.stringify(plan, null, 2));
          if (!opts.json) io.out(idpSyncLines(plan, s).join('\n'));
          if (stop) return idpSyncExitCode(plan);
          if (!opts.yes) {
            if (!io.interactive) {
              io.err(
                'Stopped after the plan: nothing was changed. No terminal to confirm on; add --yes to apply.',
              );
              return EXIT.usage;
            }
            if (!(await io.confirm(`Apply ${acting} change${acting === 1 ? '' : 's'}?`))) {
              io.err('Cancelled: nothing was changed.');
              return EXIT.failed;
            }
          }
          const result = await run(false);
          io.out(opts.json ? JSON.stringify(result, null, 2) : ['', ...idpSyncLines(result, s)].join('\n'));
          return idpSyncExitCode(result);
        }),
      );
    withExamples(cmd, [
      'scim-unlock idp-sync',
      'scim-unlock idp-sync --apply --max-deactivations 3',
      'scim-unlock idp-sync --apply --yes --json',
    ]);
  },
};
