/** The simulator's data model: Atlassian accounts and, separately, the SCIM records linked to them. */

export type AccountStatus = 'active' | 'inactive' | 'closed';
export type MembershipStatus = 'active' | 'suspended';
export type ManagementSource = 'invited' | 'synced' | null;

export interface Account {
  /** Creation order; listings and cursors follow it. */
  seq: number;
  accountId: string;
  email: string;
  name: string;
  nickname: string;
  jobTitle: string | null;
  department: string | null;
  organization: string | null;
  timeZone: string | null;
  accountStatus: AccountStatus;
  managementSource: ManagementSource;
  /** Directory id → membership; a directory absent here means `no_membership`. */
  memberships: Map<string, MembershipStatus>;
  /** US export-control block: lifecycle enable is refused. */
  exportControl: boolean;
  /** Set while the account is in its 14-day deletion grace period. */
  pendingDeletionSince: string | null;
  orgAdmin: boolean;
  mfaEnabled: boolean;
  addedToOrg: string;
  deactivatedOn: string | null;
}

export interface ScimEmail {
  value: string;
  type: string;
  primary: boolean;
}

export interface ScimName {
  formatted?: string;
  familyName?: string;
  givenName?: string;
  middleName?: string;
  honorificPrefix?: string;
  honorificSuffix?: string;
}

export interface ScimPhoneNumber {
  value: string;
  type?: string;
  primary?: boolean;
}

/** Attributes of a SCIM user the IdP controls. */
export interface ScimUserAttributes {
  userName: string;
  externalId: string | null;
  emails: ScimEmail[];
  name: ScimName;
  displayName: string | null;
  nickName: string | null;
  title: string | null;
  department: string | null;
  organization: string | null;
  timezone: string | null;
  preferredLanguage: string | null;
  phoneNumbers: ScimPhoneNumber[];
  active: boolean;
}

export interface ScimUserRecord extends ScimUserAttributes {
  seq: number;
  id: string;
  directoryId: string;
  /** The linked Atlassian account, or null once unlinked. */
  accountId: string | null;
  created: string;
  lastModified: string;
}

export interface ScimGroupRecord {
  seq: number;
  id: string;
  directoryId: string;
  displayName: string;
  externalId: string | null;
  /** SCIM user ids, in the order they were added. */
  members: Set<string>;
  created: string;
  lastModified: string;
}

/** A Keycloak-side user from the demo seed, for the IdP offboarding flow. */
export interface KeycloakSeedUser {
  username: string;
  email: string;
  enabled: boolean;
  firstName: string;
  lastName: string;
}

export interface ScimLink {
  scimUserId: string;
  atlassianAccountId: string | null;
  orgId: string;
  directoryId: string;
}
