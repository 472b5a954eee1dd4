/**
 * The parts of the simulator's read-only state dump (GET /_sim/state) the journeys assert on, checked
 * with zod so a changed dump fails with a clear message instead of a wrong comparison.
 */
import { z } from 'zod';
import type { SimControlClient } from '../../../src/sandbox/sim/control-client';

const SimState = z.object({
  accounts: z.array(
    z.object({ accountId: z.string(), email: z.string(), accountStatus: z.string(), linked: z.boolean() }),
  ),
  jira: z.object({
    issues: z.array(
      z.object({
        key: z.string(),
        summary: z.string(),
        labels: z.array(z.string()),
        properties: z.record(z.string(), z.object({ accountId: z.string().optional() }).loose()),
      }),
    ),
  }),
});
export type SimState = z.infer<typeof SimState>;

export async function simState(control: SimControlClient): Promise<SimState> {
  return SimState.parse(await control.state());
}

export async function simAccount(control: SimControlClient, email: string) {
  const account = (await simState(control)).accounts.find((a) => a.email === email);
  if (!account) throw new Error(`the simulator has no account ${email}`);
  return account;
}
