import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { RunningSimulator } from './server';

/**
 * .sandbox/sandbox.json: how local tools find the running simulator and its credentials. It holds
 * secrets, so it is written owner-only (0600). `npm start` adds its own sections next to these.
 */

export const DEFAULT_SANDBOX_FILE = path.resolve('.sandbox', 'sandbox.json');

export const SandboxFileSchema = z
  .object({
    sim: z.object({ url: z.string().url(), controlToken: z.string().min(1) }),
    org: z.object({ id: z.string().min(1), apiKey: z.string().min(1), claimedDomains: z.array(z.string()) }),
    directories: z.array(z.object({ id: z.string().min(1), name: z.string(), scimKey: z.string().min(1) })),
  })
  .loose();
export type SandboxFile = z.infer<typeof SandboxFileSchema>;

export function sandboxFromSimulator(sim: RunningSimulator): SandboxFile {
  const { identity } = sim;
  return {
    sim: { url: sim.url, controlToken: identity.controlToken },
    org: {
      id: identity.org.id,
      apiKey: identity.org.apiKey,
      claimedDomains: [...identity.org.claimedDomains],
    },
    directories: identity.directories.map((d) => ({ id: d.id, name: d.name, scimKey: d.scimKey })),
  };
}

/** Writes the file (creating its directory) with mode 0600, also when it already existed. */
export async function writeSandboxFile(
  contents: SandboxFile,
  file: string = DEFAULT_SANDBOX_FILE,
): Promise<string> {
  const validated = SandboxFileSchema.parse(contents);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify(validated, null, 2)}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return file;
}

export async function readSandboxFile(file: string = DEFAULT_SANDBOX_FILE): Promise<SandboxFile> {
  return SandboxFileSchema.parse(JSON.parse(await readFile(file, 'utf8')) as unknown);
}
