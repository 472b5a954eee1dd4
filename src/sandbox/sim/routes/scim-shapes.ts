import type { OrgModel } from '../model/org-model';
import { ENTERPRISE_URN } from '../model/scim-patch';
import { groupsOfUser } from '../model/scim-users';
import type { ScimGroupRecord, ScimUserRecord } from '../model/types';

/** SCIM JSON as the user-provisioning spec defines it (ScimUser, ScimGroup, list responses). */

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ATLASSIAN_EXT = 'urn:scim:schemas:extension:atlassian-external:1.0';
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

const base = (origin: string, directoryId: string) => `${origin}/scim/directory/${directoryId}`;

const optional = <K extends string>(key: K, value: string | null | undefined) =>
  value === null || value === undefined ? {} : ({ [key]: value } as Record<K, string>);

export function toScimUser(model: OrgModel, record: ScimUserRecord, origin: string): Record<string, unknown> {
  const root = base(origin, record.directoryId);
  const enterprise = {
    ...optional('organization', record.organization),
    ...optional('department', record.department),
  };
  return {
    schemas: [USER_SCHEMA, ENTERPRISE_URN, ATLASSIAN_EXT],
    id: record.id,
    ...optional('externalId', record.externalId),
    userName: record.userName,
    emails: record.emails.map((e) => ({ ...e })),
    name: { ...record.name },
    ...optional('displayName', record.displayName),
    ...optional('nickName', record.nickName),
    ...optional('title', record.title),
    ...optional('preferredLanguage', record.preferredLanguage),
    ...optional('department', record.department),
    ...optional('organization', record.organization),
    ...optional('timezone', record.timezone),
    ...(record.phoneNumbers.length > 0 ? { phoneNumbers: record.phoneNumbers.map((p) => ({ ...p })) } : {}),
    active: record.active,
    groups: groupsOfUser(model, record).map((g) => ({
      type: 'direct',
      value: g.id,
      display: g.displayName,
      $ref: `${root}/Groups/${g.id}`,
    })),
    ...(Object.keys(enterprise).length > 0 ? { [ENTERPRISE_URN]: enterprise } : {}),
    // The link to the Atlassian account; absent once unlinked (the spec types it as a plain string).
    ...(record.accountId !== null ? { [ATLASSIAN_EXT]: { atlassianAccountId: record.accountId } } : {}),
    meta: {
      // The spec's enum is upper case (USER|GROUP|DIRECTORY); answers must validate against it.
      resourceType: 'USER',
      location: `${root}/Users/${record.id}`,
      lastModified: record.lastModified,
      created: record.created,
    },
  };
}

export function toScimGroup(
  model: OrgModel,
  group: ScimGroupRecord,
  origin: string,
): Record<string, unknown> {
  const root = base(origin, group.directoryId);
  const users = model.directory(group.directoryId).users;
  return {
    schemas: [GROUP_SCHEMA],
    id: group.id,
    ...optional('externalId', group.externalId),
    displayName: group.displayName,
    members: [...group.members].map((id) => ({
      type: 'User',
      value: id,
      display: users.get(id)?.displayName ?? users.get(id)?.userName ?? id,
      $ref: `${root}/Users/${id}`,
    })),
    meta: {
      resourceType: 'GROUP',
      location: `${root}/Groups/${group.id}`,
      lastModified: group.lastModified,
      created: group.created,
    },
  };
}

/** `attributes` / `excludedAttributes` projection on top-level attribute names (id and schemas stay). */
export function project(
  resource: Record<string, unknown>,
  attributes: string | undefined,
  excluded: string | undefined,
): Record<string, unknown> {
  const names = (list: string) =>
    new Set(list.split(',').map((a) => a.trim().split('.')[0]?.toLowerCase() ?? ''));
  if (attributes) {
    const keep = names(attributes);
    return Object.fromEntries(
      Object.entries(resource).filter(([k]) => k === 'id' || k === 'schemas' || keep.has(k.toLowerCase())),
    );
  }
  if (excluded) {
    const drop = names(excluded);
    return Object.fromEntries(
      Object.entries(resource).filter(([k]) => k === 'id' || k === 'schemas' || !drop.has(k.toLowerCase())),
    );
  }
  return resource;
}

export function listResponse<T>(
  all: readonly T[],
  startIndex: number,
  count: number,
  render: (item: T) => Record<string, unknown>,
) {
  const page = all.slice(startIndex - 1, startIndex - 1 + count).map(render);
  return {
    schemas: [LIST_SCHEMA],
    totalResults: all.length,
    startIndex,
    itemsPerPage: page.length,
    Resources: page,
  };
}
