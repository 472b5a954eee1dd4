/**
 * `npm start`: the local sandbox on 127.0.0.1 — simulator (SIM_PORT, default 4010), org-admin proxy
 * (PROXY_PORT, default 4020) and the Forge app on the local Forge runtime with its invocation gateway
 * (FORGE_PORT, default 4030) and the local Jira shell hosting the app's pages (SHELL_PORT, default 4000) —
 * until Ctrl-C. Writes .sandbox/sandbox.json (mode 0600) and prints it.
 */
import path from 'node:path';
import { z } from 'zod';
import { writeSandboxFile } from './sim/sandbox-file';
import { cliLine, writeCliTokenFile } from './cli-line';
import { startSandbox } from './sandbox';

const Port = z.coerce.number().int().min(0).max(65535);

async function main(): Promise<void> {
  const simPort = Port.parse(process.env.SIM_PORT ?? 4010);
  const proxyPort = Port.parse(process.env.PROXY_PORT ?? 4020);
  const forgePort = Port.parse(process.env.FORGE_PORT ?? 4030);
  const shellPort = Port.parse(process.env.SHELL_PORT ?? 4000);
  const auditLogFile = path.resolve('.sandbox', 'audit.jsonl');
  const sandbox = await startSandbox({
    simPort,
    proxyPort,
    forgePort,
    shellPort,
    auditLogFile,
  });
  const file = await writeSandboxFile(sandbox.file);
  const tokenFile = await writeCliTokenFile(sandbox.file.proxy.token, path.resolve('.sandbox', 'cli-token'));

  console.log(JSON.stringify(sandbox.file, null, 2));
  console.log(
    [
      '',
      `simulator   ${sandbox.sim.url}   (control API: ${sandbox.sim.url}/_sim, see README)`,
      `proxy       ${sandbox.proxy.url}   (OpenAPI: ${sandbox.proxy.url}/openapi.json)`,
      `forge app   ${sandbox.forge.gatewayUrl}   (invoke resolvers as a sandbox user: see forge.gateway in ${file})`,
      `users       ${sandbox.file.forge.users.map((u) => `${u.displayName} (${u.admin ? 'Jira admin' : 'not admin'})`).join(', ')}`,
      '',
      `Jira shell  ${sandbox.shell?.url ?? '(not started)'}   <- open this in a browser`,
      `  issues      ${sandbox.file.shell?.issues ?? ''}`,
      `  admin page  ${sandbox.file.shell?.adminPage ?? ''}   (Jira admins only)`,
      `  users       switch with "Signed in as" at the top right; you start as the first admin:`,
      ...sandbox.file.forge.users.map(
        (u) =>
          `                ${u.displayName} <${u.email}>  ${u.admin ? 'Jira admin' : 'not a Jira admin'}`,
      ),
      '',
      'command line (the proxy as an admin script sees it; try unlock --dry-run next):',
      `  ${cliLine(sandbox.proxy.url, path.relative(process.cwd(), tokenFile))}`,
      '',
      `credentials ${file} (mode 0600); proxy audit lines in ${auditLogFile}`,
      'Ctrl-C stops everything.',
    ].join('\n'),
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the sandbox`);
    sandbox.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(
          `the sandbox did not stop cleanly: ${err instanceof Error ? err.message : String(err)}`,
        );
        process.exit(1);
      },
    );
  };
  // Scheduled triggers fire when due, as on Forge (the app itself skips until its cadence is due).
  const clock = setInterval(() => {
    // A failure here (a trigger, or the queue it fed) is reported, never allowed to end the sandbox.
    sandbox.forge.rt.scheduler
      .tick(Date.now())
      .then(() => sandbox.forge.rt.queue.drain())
      .catch((err: unknown) =>
        console.error(`scheduled run failed: ${err instanceof Error ? err.message : String(err)}`),
      );
  }, 60_000);
  clock.unref();
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`the sandbox failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
