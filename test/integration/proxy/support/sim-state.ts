/**
 * Reading the simulator's /_sim/state dump in tests: just enough typing to assert on accounts and SCIM
 * records (the dump's full shape is src/sandbox/sim/model/snapshot.ts).
 */
import { z } from 'zod';
import { accountIdFor } from '../../../../src/sandbox/sim/ids';
import type { SimControlClient } from '../../../../src/sandbox/sim/control-client';

const SimAccount = z.looseObject({
  accountId: z.string(),
  email: z.string(),
  accountStatus: z.string(),
  memberships: z.record(z.string(), z.string()),
  linked: z.boolean(),
});
const SimScimUser = z.looseObject({ id: z.string(), accountId: z.string().nullable() });
const SimState = z.looseObject({
  accounts: z.array(SimAccount),
  directories: z.array(z.looseObject({ id: z.string(), users: z.array(SimScimUser) })),
});
export type SimState = z.infer<typeof SimState>;
export type SimAccount = z.infer<typeof SimAccount>;

export async function readState(control: SimControlClient): Promise<SimState> {
  return SimState.parse(await control.state());
}

export const idOf = (email: string): string => accountIdFor(email);

export function accountIn(state: SimState, email: string): SimAccount {
  const a = state.accounts.find((x) => x.accountId === idOf(email));
  if (!a) throw new Error(`no simulated account for ${email}`);
  return a;
}

/** SCIM records of the account in each directory (linked ones only). */
export function linkedRecords(state: SimState, email: string): Array<{ directoryId: string; id: string }> {
  const id = idOf(email);
  return state.directories.flatMap((d) =>
    d.users.filter((u) => u.accountId === id).map((u) => ({ directoryId: d.id, id: u.id })),
  );
}
