/**
 * SCIM filter expressions Atlassian supports: one `eq` on `userName` or `externalId` (users) or on
 * `displayName` (groups) (docs §1.3). The value is a JSON string literal per RFC 7644 §3.4.2.2, so
 * JSON.stringify gives exactly the required quoting and escaping of quotes, backslashes and controls.
 */

export type UserFilter = { userName: string } | { externalId: string };
export type GroupFilter = { displayName: string };

export function scimEq(attribute: string, value: string): string {
  return `${attribute} eq ${JSON.stringify(value)}`;
}

export function userFilterString(filter: UserFilter): string {
  return 'userName' in filter ? scimEq('userName', filter.userName) : scimEq('externalId', filter.externalId);
}

export function groupFilterString(filter: GroupFilter): string {
  return scimEq('displayName', filter.displayName);
}

/** Path selecting one member of a group, for a PATCH `remove` (RFC 7644 §3.5.2.2). */
export function memberValuePath(userId: string): string {
  return `members[value eq ${JSON.stringify(userId)}]`;
}
