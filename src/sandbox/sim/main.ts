import { z } from 'zod';
import { sandboxFromSimulator, writeSandboxFile } from './sandbox-file';
import { startSimulator } from './server';

/** `npm run sim`: the simulator on SIM_PORT (default 4010) with the demo seed, until SIGINT/SIGTERM. */

const PortSchema = z.coerce.number().int().min(0).max(65535);

async function main(): Promise<void> {
  const port = PortSchema.parse(process.env.SIM_PORT ?? 4010);
  const sim = await startSimulator({ port, seed: { seed: 'demo' } });
  const sandbox = sandboxFromSimulator(sim);
  const file = await writeSandboxFile(sandbox);
  console.log(JSON.stringify(sandbox, null, 2));
  console.log(`simulator listening on ${sim.url}; credentials written to ${file} (mode 0600)`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping simulator`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`simulator failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
