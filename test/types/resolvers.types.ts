/**
 * Compile-time tests of the resolver contract (src/contract/app/resolvers.ts): the pages' callAdmin /
 * callIssueAction and the app's defineAdmin / defineIssueAction take payloads typed from one table and
 * answer its result types. Checked by `npm run typecheck`; nothing here runs.
 */
import type Resolver from '@forge/resolver';
import { callAdmin, callIssueAction } from '../../static/shared/bridge';
import { defineAdmin, defineIssueAction } from '../../src/forge/resolvers/guard';
import type { LookupResponse } from '../../src/contract/proxy';
import type { Settings } from '../../src/contract/app/records';

declare const r: Resolver;
declare const settings: Settings;
declare const lookup: LookupResponse;

export async function pages(): Promise<void> {
  const found: LookupResponse = await callAdmin('lookup', { email: 'a@b.example' });
  const outcome: string = (await callAdmin('unlock', { accountId: 'a', reason: 'r', dryRun: true })).response
    .outcome;
  await callAdmin('overview');
  await callIssueAction('requestUnlock', { reason: 'locked out' });
  void [found, outcome];

  // @ts-expect-error `reson` is not a field of the unlock payload
  await callAdmin('unlock', { accountId: 'a', reson: 'r' });
  // @ts-expect-error the unlock payload needs a reason
  await callAdmin('unlock', { accountId: 'a' });
  // @ts-expect-error no such admin function
  await callAdmin('unlockEverything', {});
  // @ts-expect-error requestUnlock is an issue-action function, not an admin one
  await callAdmin('requestUnlock', { reason: 'r' });
  // @ts-expect-error `dryRun` is a boolean
  await callAdmin('runIdpSync', { dryRun: 'yes' });
  // @ts-expect-error getSettings answers Settings, which has no `items`
  const items: unknown[] = (await callAdmin('getSettings')).items;
  // @ts-expect-error unlockNow's method is 'unlink' | 'delete'
  await callIssueAction('unlockNow', { reason: 'r', method: 'erase' });
  void items;
}

export function resolvers(): void {
  defineAdmin(r, 'getSettings', async () => settings);
  defineAdmin(r, 'lookup', async (p) => {
    const email: string | undefined = p.email;
    void email;
    return lookup;
  });
  // @ts-expect-error getSettings must answer Settings
  defineAdmin(r, 'getSettings', async () => ({ items: [] }));
  defineAdmin(r, 'lookup', async (p) => {
    // @ts-expect-error the lookup payload has no `mail`
    void p.mail;
    return lookup;
  });
  // @ts-expect-error no such admin function
  defineAdmin(r, 'getSetings', async () => settings);
  // @ts-expect-error requestUnlock must answer a RequestReceipt
  defineIssueAction(r, 'requestUnlock', async (_context, payload) => {
    const reason: string = payload().reason;
    void reason;
    return { ok: true };
  });
}
