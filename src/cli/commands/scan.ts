import { SCAN_DEFAULT_LIMIT, SCAN_MAX_LIMIT } from '../../contract/proxy';
import { connectionFromEnv } from '../admin/connection';
import { CONNECTION_HELP, parseCount } from '../admin/options';
import { explainProxyFailure, proxyClient } from '../admin/proxy-api';
import { scanLines } from '../admin/render';
import { action, withExamples } from '../io/context';
import { EXIT } from '../io/exit-codes';
import { styleFor } from '../io/terminal';
import type { CliCommand } from './types';

export const scanCommand: CliCommand = {
  name: 'scan',
  register(program, ctx) {
    const cmd = program
      .command('scan')
      .summary('list deactivated accounts SCIM probably deactivated')
      .description(
        'Asks the proxy for one page of deactivated accounts with a SCIM link or a SCIM-synced history, each with a confidence and the reason. Changes nothing. Pass the printed --cursor for the next page.',
      )
      .option(
        '--limit <n>',
        `accounts per page (1-${SCAN_MAX_LIMIT}, default ${SCAN_DEFAULT_LIMIT})`,
        parseCount(SCAN_MAX_LIMIT),
      )
      .option('--cursor <cursor>', 'the page to read (from the previous page)')
      .option('--json', 'print the proxy’s answer as JSON')
      .addHelpText('after', CONNECTION_HELP)
      .action(
        action(ctx, async (opts: { limit?: number; cursor?: string; json?: boolean }) => {
          const conn = connectionFromEnv(ctx.io.env);
          let answer;
          try {
            answer = await proxyClient(conn).scan({
              body: {
                ...(opts.limit === undefined ? {} : { limit: opts.limit }),
                ...(opts.cursor === undefined ? {} : { cursor: opts.cursor }),
              },
            });
          } catch (err) {
            throw explainProxyFailure(err, conn);
          }
          ctx.io.out(
            opts.json ? JSON.stringify(answer, null, 2) : scanLines(answer, styleFor(ctx.io)).join('\n'),
          );
          return EXIT.done;
        }),
      );
    withExamples(cmd, ['scim-unlock scan', 'scim-unlock scan --limit 100 --json']);
  },
};
