import { NotFoundError } from './errors';
import type { OrgModel } from './org-model';
import { getScimUser } from './scim-users';
import type { ScimLink, ScimUserRecord } from './types';

/** The SCIM admin ("link") APIs: look links up, unlink one record, delete records only in SCIM (§2.1). */

function toLink(model: OrgModel, record: ScimUserRecord): ScimLink {
  return {
    scimUserId: record.id,
    atlassianAccountId: record.accountId,
    orgId: model.orgId,
    directoryId: record.directoryId,
  };
}

export function linksForAccount(model: OrgModel, accountId: string): ScimLink[] {
  return model.linkedRecords(accountId).map((r) => toLink(model, r));
}

/**
 * Records carrying the email in any directory — including unlinked ones, which is what makes this
 * lookup useful after an email change — plus records linked to the account that has the email.
 */
export function linksForEmail(model: OrgModel, email: string): ScimLink[] {
  const found = new Map<string, ScimUserRecord>();
  for (const dir of model.directories.values()) {
    const id = dir.byEmail.get(email.toLowerCase()) ?? dir.byUserName.get(email.toLowerCase());
    const record = id === undefined ? undefined : dir.users.get(id);
    if (record) found.set(`${dir.id}/${record.id}`, record);
  }
  const account = model.findAccountByEmail(email);
  if (account)
    for (const r of model.linkedRecords(account.accountId)) found.set(`${r.directoryId}/${r.id}`, r);
  return [...found.values()].sort((a, b) => a.seq - b.seq).map((r) => toLink(model, r));
}

/** Clears the link of one record; the record stays in its directory, the account is untouched. */
export function unlinkScimUser(model: OrgModel, directoryId: string, scimUserId: string): void {
  const record = getScimUser(model, directoryId, scimUserId);
  model.setLink(record, null);
  record.lastModified = model.clock.tick();
}

/**
 * Removes every SCIM record of a managed account in every directory, with their group memberships.
 * The account keeps its status; only the IdP side is forgotten.
 */
export function onlyDeleteUserInDb(model: OrgModel, accountId: string): void {
  const account = model.accounts.get(accountId);
  const records = model.linkedRecords(accountId);
  if (!account || !model.isManaged(account) || records.length === 0)
    throw new NotFoundError('account', accountId);
  const now = model.clock.tick();
  for (const record of records) {
    const dir = model.directory(record.directoryId);
    for (const group of dir.groups.values()) if (group.members.delete(record.id)) group.lastModified = now;
    model.unindexScimUser(record);
  }
}
