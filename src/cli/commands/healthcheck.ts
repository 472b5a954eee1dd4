import { DEFAULT_PORT } from '../../proxy/config';
import { action, withExamples } from '../io/context';
import { EXIT } from '../io/exit-codes';
import type { CliIo } from '../io/terminal';
import type { CliCommand } from './types';

export const HEALTHCHECK_TIMEOUT_MS = 5_000;

/** Wildcard binds are reached on loopback; a specific address is reached where it listens. */
export function healthUrl(env: CliIo['env']): string {
  const host = env.PROXY_HOST?.trim();
  const reach = !host || host === '0.0.0.0' || host === '::' || host === '[::]' ? '127.0.0.1' : host;
  const port = env.PORT?.trim() || String(DEFAULT_PORT);
  const hostPart = reach.includes(':') && !reach.startsWith('[') ? `[${reach}]` : reach;
  return `http://${hostPart}:${port}/healthz`;
}

export const healthcheckCommand: CliCommand = {
  name: 'healthcheck',
  register(program, ctx) {
    const cmd = program
      .command('healthcheck')
      .summary('exit 0 when the local proxy answers /healthz')
      .description(
        [
          'Asks the proxy running in this container or host for /healthz (the same PROXY_HOST and PORT the',
          'proxy reads; a wildcard address is reached on 127.0.0.1) and exits 0 when it answers 200,',
          `1 otherwise (no answer within ${HEALTHCHECK_TIMEOUT_MS / 1000} s). Meant for a container HEALTHCHECK.`,
        ].join(' '),
      )
      .option('--url <url>', 'the /healthz URL to ask instead')
      .action(
        action(ctx, async (opts: { url?: string }) => {
          const url = opts.url ?? healthUrl(ctx.io.env);
          try {
            const res = await fetch(url, { signal: AbortSignal.timeout(HEALTHCHECK_TIMEOUT_MS) });
            await res.body?.cancel();
            if (res.status === 200) {
              ctx.io.out(`healthy: ${url} answered 200`);
              return EXIT.done;
            }
            ctx.io.err(`unhealthy: ${url} answered ${res.status}`);
          } catch (err) {
            const code = (err as { cause?: { code?: unknown } } | null)?.cause?.code;
            ctx.io.err(`unhealthy: no answer from ${url}${typeof code === 'string' ? ` (${code})` : ''}`);
          }
          return EXIT.failed;
        }),
      );
    withExamples(cmd, [
      'scim-unlock healthcheck',
      'scim-unlock healthcheck --url http://127.0.0.1:8080/healthz',
    ]);
  },
};
