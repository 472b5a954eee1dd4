/**
 * Runs the shell on loopback. The sandbox starts it on SHELL_PORT (default 4000) next to the simulator,
 * the proxy and the Forge gateway.
 */
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { listen } from '../../lib/listen';
import { createShellApp, type ShellOptions } from './app';

export interface RunningShell {
  /** http://127.0.0.1:PORT, no trailing slash. */
  url: string;
  close(): Promise<void>;
}

export async function startShell(opts: ShellOptions & { port: number }): Promise<RunningShell> {
  const app = createShellApp(opts);
  const server = createAdaptorServer({ fetch: app.fetch, hostname: '127.0.0.1' }) as Server;
  return listen(server, { port: opts.port });
}
