import { z } from 'zod';
import { ConfigError, loadConfig, type ProxyConfig } from '../../proxy/config';
import { DEFAULT_PROXY_HOST, startProxy, type StartedProxy } from '../../proxy/main';
import { action, withExamples, type CliContext } from '../io/context';
import { CliError } from '../io/errors';
import { EXIT, type ExitCode } from '../io/exit-codes';
import type { CliIo } from '../io/terminal';
import type { CliCommand } from './types';

/**
 * Longer than the proxy's own request deadline (24 s, src/proxy/server/app.ts), so a mutation that was
 * already running when the stop came can always finish and write its audit line.
 */
export const DEFAULT_SHUTDOWN_GRACE_SECONDS = 25;

const GraceSeconds = z.coerce.number().int().min(0).max(600);

/** The process settings `scim-unlock proxy` reads besides the proxy configuration (src/proxy/config.ts). */
export interface ProxyProcessSettings {
  host: string;
  graceMs: number;
}

export function proxyProcessSettings(env: CliIo['env']): ProxyProcessSettings {
  const rawGrace = env.SHUTDOWN_GRACE_SECONDS?.trim();
  const grace = GraceSeconds.safeParse(
    rawGrace === undefined || rawGrace === '' ? DEFAULT_SHUTDOWN_GRACE_SECONDS : rawGrace,
  );
  if (!grace.success) {
    throw new CliError(
      'Invalid configuration: SHUTDOWN_GRACE_SECONDS must be a whole number of seconds, 0-600.',
    );
  }
  return { host: env.PROXY_HOST?.trim() || DEFAULT_PROXY_HOST, graceMs: grace.data * 1000 };
}

export function loadProxyConfig(env: CliIo['env']): ProxyConfig {
  try {
    return loadConfig(env);
  } catch (err) {
    // The message names variables and rules only, never a value.
    if (err instanceof ConfigError) throw new CliError(err.message);
    throw err;
  }
}

export interface ServeOptions {
  /** Resolves with the signal's name when the process is asked to stop. */
  stopRequested: Promise<string>;
}

/**
 * Runs the proxy until `stopRequested`, then shuts down in order: stop accepting, let running requests
 * finish within the grace period, close the audit file. Resolves with the exit code.
 */
export async function serveProxy(ctx: CliContext, opts: ServeOptions): Promise<ExitCode> {
  const config = loadProxyConfig(ctx.io.env);
  const settings = proxyProcessSettings(ctx.io.env);
  let proxy: StartedProxy;
  try {
    proxy = await startProxy(config, { port: config.port, host: settings.host });
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    throw new CliError(
      `The proxy failed to start${typeof code === 'string' ? ` (${code})` : ''}.`,
      code === 'EADDRINUSE' ? [`Port ${config.port} is in use: set PORT to a free port.`] : [],
    );
  }
  const signal = await opts.stopRequested;
  proxy.logger.info({ signal, graceSeconds: settings.graceMs / 1000 }, 'proxy stopping');
  let cut = 0;
  await proxy.close({
    graceMs: settings.graceMs,
    onGraceExpired: (inFlight) => {
      cut = inFlight;
      proxy.logger.warn(
        { inFlight },
        'grace period over: requests still running were cut; their callers saw no answer, and their audit lines are missing if they had not finished',
      );
    },
  });
  proxy.logger.info({ cutRequests: cut }, 'proxy stopped');
  return cut === 0 ? EXIT.done : EXIT.failed;
}

/** The first SIGTERM or SIGINT. */
export function processStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals): void => {
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
      resolve(signal);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}

export const proxyCommand: CliCommand = {
  name: 'proxy',
  register(program, ctx) {
    const cmd = program
      .command('proxy')
      .summary('run the org-admin proxy (HTTP server)')
      .description(
        [
          'Runs the org-admin proxy that holds the org API key and SCIM keys, configured from the environment (ATLASSIAN_ORG_ID, ATLASSIAN_ORG_API_KEY, SCIM_DIRECTORY_KEYS, FORGE_APP_ID, ...; every variable X may be given as X_FILE instead).',
          `It listens on PROXY_HOST:PORT (default ${DEFAULT_PROXY_HOST}:4020) and logs JSON lines to stdout.`,
          `On SIGTERM or SIGINT it stops accepting connections, lets running requests finish for up to SHUTDOWN_GRACE_SECONDS (default ${DEFAULT_SHUTDOWN_GRACE_SECONDS}), closes the audit file and exits 0 (1 when the grace period cut requests short).`,
        ].join('\n\n'),
      )
      .action(action(ctx, () => serveProxy(ctx, { stopRequested: processStopSignal() })));
    withExamples(cmd, [
      'ATLASSIAN_ORG_ID=... ATLASSIAN_ORG_API_KEY_FILE=/run/secrets/org-key scim-unlock proxy',
      'PROXY_HOST=0.0.0.0 PORT=8080 scim-unlock proxy   # behind a TLS-terminating reverse proxy',
    ]);
  },
};
