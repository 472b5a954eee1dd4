import { z } from 'zod';
import { AccountId, Email } from './ids';

/** Org v2 vocabulary, kept verbatim so the UI can show what admin.atlassian.com shows. */
export const AccountStatus = z.enum(['active', 'inactive', 'closed']);
export type AccountStatus = z.infer<typeof AccountStatus>;
export const MembershipStatus = z.enum(['active', 'suspended', 'no_membership']);
export type MembershipStatus = z.infer<typeof MembershipStatus>;
export const ClaimStatus = z.enum(['managed', 'unmanaged']);
export type ClaimStatus = z.infer<typeof ClaimStatus>;
export const ManagementSource = z.enum(['invited', 'synced']).nullable();
export type ManagementSource = z.infer<typeof ManagementSource>;

export const DirectoryMembership = z.object({
  directoryId: z.string(),
  directoryName: z.string().nullable(),
  membershipStatus: MembershipStatus,
});
export type DirectoryMembership = z.infer<typeof DirectoryMembership>;

export const Account = z.object({
  accountId: z.string(),
  /** Null when the person hid their email from the org. */
  email: z.string().nullable(),
  name: z.string().nullable(),
  accountStatus: AccountStatus,
  claimStatus: ClaimStatus,
  managementSource: ManagementSource,
  /** True while Atlassian's 14-day deletion grace period runs (Org v2 status `for_deletion`). */
  pendingDeletion: z.boolean(),
  memberships: z.array(DirectoryMembership),
});
export type Account = z.infer<typeof Account>;

export const ScimGroupRef = z.object({ id: z.string(), displayName: z.string().nullable() });
export type ScimGroupRef = z.infer<typeof ScimGroupRef>;

/**
 * One SCIM link of the account. The SCIM record fields are only known for directories whose SCIM key the
 * proxy holds; `record` says which case applies so the UI never mistakes "unknown" for "inactive".
 */
export const ScimLink = z.object({
  directoryId: z.string(),
  directoryName: z.string().nullable(),
  scimUserId: z.string(),
  record: z.enum(['known', 'no-key', 'missing', 'unreadable']),
  active: z.boolean().nullable(),
  userName: z.string().nullable(),
  externalId: z.string().nullable(),
  groups: z.array(ScimGroupRef).nullable(),
});
export type ScimLink = z.infer<typeof ScimLink>;

export const DiagnosisState = z.enum([
  'active',
  'locked-by-scim',
  'deactivated',
  'suspended',
  'closed',
  'not-managed',
  'not-found',
]);
export type DiagnosisState = z.infer<typeof DiagnosisState>;

/** Reasons an action cannot be performed by the proxy; each needs a person to do something else first. */
export const BlockerCode = z.enum([
  'not-found',
  'account-closed',
  'protected-account',
  'export-control',
  'pending-deletion',
  'not-managed',
  'directory-not-allowed',
  'google-sync-needs-support',
  'scim-active-in-idp',
  'scim-link-present',
  'managed-by-scim',
  'lifecycle-not-allowed',
]);
export type BlockerCode = z.infer<typeof BlockerCode>;

export const Blocker = z.object({ code: BlockerCode, message: z.string() });
export type Blocker = z.infer<typeof Blocker>;

/** Side effects worth a second look before acting; they never stop an action. */
export const WarningCode = z.enum([
  'group-loss',
  'scim-record-unknown',
  'relink-risk',
  'all-directories',
  'check-site-access',
]);
export type WarningCode = z.infer<typeof WarningCode>;

export const Warning = z.object({
  code: WarningCode,
  message: z.string(),
  groups: z.array(ScimGroupRef).optional(),
  directoryIds: z.array(z.string()).optional(),
});
export type Warning = z.infer<typeof Warning>;

export const Diagnosis = z.object({
  state: DiagnosisState,
  canUnlock: z.boolean(),
  blockers: z.array(Blocker),
  warnings: z.array(Warning),
  recommended: z.string(),
});
export type Diagnosis = z.infer<typeof Diagnosis>;

export const HttpMethod = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** One upstream request the proxy made (or, in a dry run, would make). */
export const UpstreamCall = z.object({
  operation: z.string(),
  method: HttpMethod,
  path: z.string(),
  /** Null for a planned call, or when the request failed before any response arrived. */
  status: z.number().int().nullable(),
});
export type UpstreamCall = z.infer<typeof UpstreamCall>;

export const LookupQuery = z
  .strictObject({
    email: Email.optional(),
    accountId: AccountId.optional(),
  })
  .refine((q) => (q.email === undefined) !== (q.accountId === undefined), {
    message: 'give exactly one of email or accountId',
  });
export type LookupQuery = z.infer<typeof LookupQuery>;

export const LookupResponse = z.object({
  /** Null when no account matched in the organisation (diagnosis.state is then `not-found`). */
  account: Account.nullable(),
  scimLinks: z.array(ScimLink),
  diagnosis: Diagnosis,
  calls: z.array(UpstreamCall),
});
export type LookupResponse = z.infer<typeof LookupResponse>;
