import { InvalidScimRequestError, NotFoundError, UniquenessError } from './errors';
import type { DirectoryData, OrgModel } from './org-model';
import { primaryEmail } from './scim-patch';
import type { Account, ScimGroupRecord, ScimUserAttributes, ScimUserRecord } from './types';

/** SCIM user operations and their effect on the linked Atlassian account (docs §1.7–§1.9). */

function checkUnique(dir: DirectoryData, attrs: ScimUserAttributes, selfId?: string): void {
  const taken = (id: string | undefined) => id !== undefined && id !== selfId;
  for (const e of attrs.emails) {
    if (taken(dir.byEmail.get(e.value.toLowerCase()))) throw new UniquenessError('USER', 'email', e.value);
  }
  if (taken(dir.byUserName.get(attrs.userName.toLowerCase()))) {
    throw new UniquenessError('USER', 'userName', attrs.userName);
  }
  if (attrs.externalId !== null && taken(dir.byExternalId.get(attrs.externalId))) {
    throw new UniquenessError('USER', 'externalId', attrs.externalId);
  }
}

function requirePrimaryEmail(attrs: ScimUserAttributes): string {
  const email = primaryEmail(attrs.emails);
  if (!email) throw new InvalidScimRequestError('invalidValue', 'At least one email is required.');
  return email;
}

export function accountNameOf(attrs: ScimUserAttributes): string {
  const given = [attrs.name.givenName, attrs.name.familyName].filter(Boolean).join(' ');
  return attrs.displayName || attrs.name.formatted || given || attrs.userName;
}

/**
 * The IdP's `active` flag drives the lifecycle of a *managed* account only; an external account is
 * not the org's to deactivate. Blocked accounts stay inactive whatever the IdP says.
 */
function applyIdpActive(model: OrgModel, account: Account, active: boolean): void {
  if (!model.isManaged(account) || account.accountStatus === 'closed') return;
  if (!active) {
    model.setAccountStatus(account, 'inactive');
  } else if (!account.exportControl && account.pendingDeletionSince === null) {
    model.setAccountStatus(account, 'active');
  }
}

function syncProfile(account: Account, attrs: ScimUserAttributes): void {
  account.name = accountNameOf(attrs);
  if (attrs.nickName) account.nickname = attrs.nickName;
  account.jobTitle = attrs.title;
  account.department = attrs.department;
  account.organization = attrs.organization;
  account.timeZone = attrs.timezone;
}

export function getScimUser(model: OrgModel, directoryId: string, id: string): ScimUserRecord {
  const record = model.directory(directoryId).users.get(id);
  if (!record) throw new NotFoundError('scimUser', id);
  return record;
}

/** POST /Users: a new record, linked to the account with that email, or to a new account. */
export function createScimUser(
  model: OrgModel,
  directoryId: string,
  attrs: ScimUserAttributes,
): ScimUserRecord {
  const dir = model.directory(directoryId);
  const email = requirePrimaryEmail(attrs);
  checkUnique(dir, attrs);
  let account = model.findAccountByEmail(email);
  if (account) {
    account.managementSource = 'synced';
    if (!account.memberships.has(directoryId)) account.memberships.set(directoryId, 'active');
    syncProfile(account, attrs);
    applyIdpActive(model, account, attrs.active);
  } else {
    account = model.createAccount({
      email,
      name: accountNameOf(attrs),
      managementSource: 'synced',
      memberships: [[directoryId, 'active']],
    });
    syncProfile(account, attrs);
    applyIdpActive(model, account, attrs.active);
  }
  const { seq, id } = model.nextScimUserId();
  const now = model.clock.tick();
  const record: ScimUserRecord = {
    ...attrs,
    seq,
    id,
    directoryId,
    accountId: account.accountId,
    created: now,
    lastModified: now,
  };
  model.indexScimUser(record);
  return record;
}

/** PATCH/PUT: new attribute values, checked for uniqueness, mirrored onto the linked account. */
export function updateScimUser(model: OrgModel, record: ScimUserRecord, next: ScimUserAttributes): void {
  const dir = model.directory(record.directoryId);
  const email = requirePrimaryEmail(next);
  checkUnique(dir, next, record.id);
  const account = record.accountId === null ? undefined : model.accounts.get(record.accountId);
  if (account && email.toLowerCase() !== account.email.toLowerCase()) model.setAccountEmail(account, email);
  model.reindexScimUser(record, () => {
    Object.assign(record, next);
    record.lastModified = model.clock.tick();
  });
  if (account) {
    syncProfile(account, next);
    applyIdpActive(model, account, next.active);
  }
}

/**
 * DELETE /Users/{id}: the record and its group memberships go, the link goes with it, and a managed
 * account is deactivated — but, no longer IdP-linked, it can now be re-enabled by an admin.
 */
export function deleteScimUser(model: OrgModel, directoryId: string, id: string): void {
  const record = getScimUser(model, directoryId, id);
  const dir = model.directory(directoryId);
  const now = model.clock.tick();
  for (const group of dir.groups.values()) {
    if (group.members.delete(id)) group.lastModified = now;
  }
  const account = record.accountId === null ? undefined : model.accounts.get(record.accountId);
  model.unindexScimUser(record);
  if (account) applyIdpActive(model, account, false);
}

export function groupsOfUser(model: OrgModel, record: ScimUserRecord): ScimGroupRecord[] {
  const groups: ScimGroupRecord[] = [];
  for (const group of model.directory(record.directoryId).groups.values()) {
    if (group.members.has(record.id)) groups.push(group);
  }
  return groups;
}
