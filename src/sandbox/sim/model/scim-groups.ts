import { InvalidScimRequestError, NotFoundError, UniquenessError } from './errors';
import type { OrgModel } from './org-model';
import type { PatchOperation } from './scim-patch';
import type { ScimGroupRecord } from './types';

/** SCIM group operations. Group names are unique across the org and cannot be changed (docs §1.9). */

const MEMBER_FILTER_PATH = /^members\[value eq "([^"]+)"\]$/i;

export function getScimGroup(model: OrgModel, directoryId: string, id: string): ScimGroupRecord {
  const group = model.directory(directoryId).groups.get(id);
  if (!group) throw new NotFoundError('scimGroup', id);
  return group;
}

function memberIds(model: OrgModel, directoryId: string, value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  const users = model.directory(directoryId).users;
  return list.map((m) => {
    const id = typeof m === 'object' && m !== null ? (m as { value?: unknown }).value : undefined;
    if (typeof id !== 'string') {
      throw new InvalidScimRequestError('invalidValue', 'Each member needs a string value (a SCIM user id).');
    }
    if (!users.has(id)) throw new NotFoundError('scimUser', id);
    return id;
  });
}

export function createScimGroup(
  model: OrgModel,
  directoryId: string,
  input: { displayName: string; externalId: string | null; members: unknown[] },
): ScimGroupRecord {
  const dir = model.directory(directoryId);
  for (const d of model.directories.values()) {
    if (d.groupByName.has(input.displayName.toLowerCase())) {
      throw new UniquenessError('GROUP', 'displayName', input.displayName);
    }
  }
  const members = memberIds(model, directoryId, input.members);
  const { seq, id } = model.nextScimGroupId();
  const now = model.clock.tick();
  const group: ScimGroupRecord = {
    seq,
    id,
    directoryId,
    displayName: input.displayName,
    externalId: input.externalId,
    members: new Set(members),
    created: now,
    lastModified: now,
  };
  dir.groups.set(id, group);
  dir.groupByName.set(input.displayName.toLowerCase(), id);
  return group;
}

type GroupChange =
  | { kind: 'add' | 'replace' | 'remove'; ids: string[] }
  | { kind: 'removeAll' }
  | { kind: 'externalId'; value: string | null };

function rawMemberIds(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list
    .map((m) => (typeof m === 'object' && m !== null ? (m as { value?: unknown }).value : undefined))
    .filter((id): id is string => typeof id === 'string');
}

/** Validates one operation into a change; nothing is applied until every operation has validated. */
function toChange(
  model: OrgModel,
  group: ScimGroupRecord,
  op: string,
  path: string,
  value: unknown,
): GroupChange | null {
  const key = path.toLowerCase();
  if (key === 'members') {
    if (op === 'add' || op === 'replace')
      return { kind: op, ids: memberIds(model, group.directoryId, value) };
    // Removing a user that is not a member is not an error for IdPs that resend removals.
    return value === undefined ? { kind: 'removeAll' } : { kind: 'remove', ids: rawMemberIds(value) };
  }
  if (key === 'displayname') {
    if (value === group.displayName) return null;
    throw new InvalidScimRequestError('mutability', 'Group displayName cannot be changed.');
  }
  if (key === 'externalid') {
    if (op === 'remove') return { kind: 'externalId', value: null };
    if (typeof value !== 'string')
      throw new InvalidScimRequestError('invalidValue', 'externalId must be a string.');
    return { kind: 'externalId', value };
  }
  const filtered = MEMBER_FILTER_PATH.exec(path);
  if (filtered && op === 'remove') return { kind: 'remove', ids: [filtered[1] ?? ''] };
  throw new InvalidScimRequestError('invalidPath', `Path ${path} is not supported.`);
}

export function patchScimGroup(
  model: OrgModel,
  directoryId: string,
  id: string,
  ops: PatchOperation[],
): ScimGroupRecord {
  const group = getScimGroup(model, directoryId, id);
  if (ops.length === 0)
    throw new InvalidScimRequestError('invalidValue', 'A patch request needs at least one operation.');
  const changes: GroupChange[] = [];
  for (const operation of ops) {
    const op = operation.op.toLowerCase();
    if (op !== 'add' && op !== 'replace' && op !== 'remove') {
      throw new InvalidScimRequestError('invalidSyntax', `Unsupported patch op ${operation.op}.`);
    }
    const entries: Array<[string, unknown]> = [];
    if (operation.path === undefined || operation.path === '') {
      const value = operation.value;
      if (op === 'remove' || typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new InvalidScimRequestError('noTarget', 'An operation without a path needs an object value.');
      }
      entries.push(...Object.entries(value));
    } else {
      entries.push([operation.path, operation.value]);
    }
    for (const [path, value] of entries) {
      const change = toChange(model, group, op, path, value);
      if (change) changes.push(change);
    }
  }
  for (const change of changes) {
    if (change.kind === 'add') for (const m of change.ids) group.members.add(m);
    else if (change.kind === 'replace') group.members = new Set(change.ids);
    else if (change.kind === 'remove') for (const m of change.ids) group.members.delete(m);
    else if (change.kind === 'removeAll') group.members.clear();
    else if (change.kind === 'externalId') group.externalId = change.value;
  }
  group.lastModified = model.clock.tick();
  return group;
}

export function deleteScimGroup(model: OrgModel, directoryId: string, id: string): void {
  const group = getScimGroup(model, directoryId, id);
  const dir = model.directory(directoryId);
  dir.groups.delete(id);
  dir.groupByName.delete(group.displayName.toLowerCase());
}
