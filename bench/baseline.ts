/**
 * What org admins script today to find SCIM-locked accounts: page through the org's accounts with the
 * Org v2 user search, and for every account ask the SCIM directory for its record with
 * `filter=userName eq "<email>"`, flagging the accounts that are deactivated while their SCIM record
 * says active=false. The search is made per directory and each account is looked up in the directory
 * it belongs to — the cheaper reading of "a lookup per account" — so the baseline is not inflated by
 * lookups in directories the account is not a member of.
 */
import type { AtlassianClients } from '../src/atlassian';
import { forEachConcurrent, readAhead } from './pool';

export interface LockedAccount {
  accountId: string;
  email: string;
  directoryId: string;
  scimUserId: string;
}

export interface BaselineResult {
  locked: LockedAccount[];
  accountsSeen: number;
  /** Accounts the script could not look up because the org hides their email. */
  withoutEmail: number;
  searchPages: number;
  lookups: number;
  wallMs: number;
}

const SEARCH_PAGE_SIZE = 100;

export async function runBaseline(clients: AtlassianClients, concurrency: number): Promise<BaselineResult> {
  const started = performance.now();
  const locked: LockedAccount[] = [];
  let accountsSeen = 0;
  let withoutEmail = 0;
  let searchPages = 0;
  let lookups = 0;

  for (const directoryId of clients.scimDirectoryIds) {
    const scim = clients.scim(directoryId);
    async function* accounts() {
      let cursor: string | undefined;
      do {
        const page = await clients.org.searchUsers(directoryId, {
          limit: SEARCH_PAGE_SIZE,
          ...(cursor ? { cursor } : {}),
        });
        searchPages += 1;
        yield* page.data;
        cursor = page.nextCursor;
      } while (cursor);
    }
    await forEachConcurrent(readAhead(accounts(), 2 * SEARCH_PAGE_SIZE), concurrency, async (user) => {
      accountsSeen += 1;
      if (!user.email) {
        withoutEmail += 1;
        return;
      }
      lookups += 1;
      const found = await scim.listUsers({ filter: { userName: user.email } });
      const record = found.resources[0];
      if (record && record.active === false && user.accountStatus === 'inactive') {
        locked.push({ accountId: user.accountId, email: user.email, directoryId, scimUserId: record.id });
      }
    });
  }
  return { locked, accountsSeen, withoutEmail, searchPages, lookups, wallMs: performance.now() - started };
}
