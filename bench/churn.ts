/**
 * Churn between two scans, made the way an identity provider makes it: SCIM `PATCH active` in the
 * directory, which reactivates or deactivates the account (the simulator applies the IdP's `active` to
 * managed accounts). Returns the locked set the next scan must find: the previous one, minus the
 * reactivated accounts, plus the newly locked ones.
 */
import type { AtlassianClients } from '../src/atlassian';
import type { LockedAccount } from './baseline';

export interface Churn {
  reactivated: string[];
  newlyLocked: string[];
  expected: string[];
}

const active = (value: boolean) => [{ op: 'replace' as const, path: 'active', value }];

export async function applyChurn(
  clients: AtlassianClients,
  locked: readonly LockedAccount[],
  fraction: number,
): Promise<Churn> {
  const n = Math.max(1, Math.ceil(locked.length * fraction));
  const sorted = [...locked].sort((a, b) => a.accountId.localeCompare(b.accountId));
  const back = sorted.slice(0, n);
  for (const l of back) await clients.scim(l.directoryId).patchUser(l.scimUserId, active(true));

  const directoryId = sorted[0]?.directoryId;
  if (directoryId === undefined) throw new Error('churn needs at least one locked account');
  const scim = clients.scim(directoryId);
  const lockedEmails = new Set(locked.map((l) => l.email));
  const newlyLocked: string[] = [];
  // Active SCIM users of the directory, a page at a time (bounded): the next ones the IdP deactivates.
  for (let startIndex = 1; newlyLocked.length < n && startIndex < 100 * 100; startIndex += 100) {
    const page = await scim.listUsers({ startIndex, count: 100 });
    const picks = page.resources
      .filter((u) => u.active === true && u.userName !== undefined && !lockedEmails.has(u.userName))
      .slice(0, n - newlyLocked.length);
    for (const u of picks) {
      await scim.patchUser(u.id, active(false));
      const found = await clients.org.searchUsers(directoryId, { emails: [u.userName ?? ''], limit: 10 });
      const account = found.data.find((a) => a.email === u.userName);
      if (account === undefined) throw new Error('a newly locked SCIM user has no Atlassian account');
      newlyLocked.push(account.accountId);
    }
    if (page.resources.length === 0) break;
  }
  if (newlyLocked.length < n) throw new Error(`churn found only ${newlyLocked.length} users to lock`);
  const gone = new Set(back.map((l) => l.accountId));
  const expected = [...locked.map((l) => l.accountId).filter((id) => !gone.has(id)), ...newlyLocked].sort();
  return { reactivated: back.map((l) => l.accountId), newlyLocked, expected };
}
