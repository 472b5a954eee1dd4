import { InvalidArgumentError } from 'commander';
import { DEFAULT_DOCTOR_TIMEOUT_MS, renderReport, runDoctor } from '../../doctor';
import { action, withExamples } from '../io/context';
import { EXIT } from '../io/exit-codes';
import type { CliCommand } from './types';

function timeoutSeconds(raw: string): number {
  if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > 300)
    throw new InvalidArgumentError('must be a whole number of seconds, 1-300.');
  return Number(raw);
}

export const doctorCommand: CliCommand = {
  name: 'doctor',
  register(program, ctx) {
    const cmd = program
      .command('doctor')
      .summary('check the proxy configuration with read-only calls, before the first unlock')
      .description(
        [
          'Validates the proxy configuration from the environment (the same variables `scim-unlock proxy`',
          'reads), then makes read-only calls: the org key lists directories, each SCIM key reads one user,',
          'one managed account is read through the SCIM link and user-management APIs, Keycloak issues a',
          'token and counts users (when configured), the Forge JWKS answers. It also checks the Forge trust',
          'settings, the bind address and the audit and state files, and reports what the answers showed',
          'about points Atlassian does not document. Nothing is changed anywhere: no upstream write, no file',
          'created. Exit 0 when every required check passes, 1 otherwise, 2 for a usage error.',
        ].join(' '),
      )
      .option('--json', 'print the report as JSON (versioned, stable shape) instead of the checklist')
      .option(
        '--timeout <seconds>',
        `limit of each upstream call (default ${DEFAULT_DOCTOR_TIMEOUT_MS / 1000})`,
        timeoutSeconds,
      )
      .action(
        action(ctx, async (opts: { json?: boolean; timeout?: number }) => {
          const report = await runDoctor(ctx.io.env, {
            ...(opts.timeout === undefined ? {} : { timeoutMs: opts.timeout * 1000 }),
          });
          ctx.io.out(
            opts.json === true
              ? JSON.stringify(report, null, 2)
              : renderReport(report, { color: ctx.io.color }),
          );
          return report.exitCode === 0 ? EXIT.done : EXIT.failed;
        }),
      );
    withExamples(cmd, [
      'scim-unlock doctor',
      'scim-unlock doctor --json | jq \'.checks[] | select(.status == "fail")\'',
      'NO_COLOR=1 scim-unlock doctor --timeout 20',
      'set -a; . /etc/scim-unlock/proxy.env; set +a; scim-unlock doctor',
    ]);
  },
};
