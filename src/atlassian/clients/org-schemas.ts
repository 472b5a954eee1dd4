/**
 * Organizations REST API v2 shapes (organization.swagger.v3.2026-08-21.json). Only what the product
 * relies on is required; every object tolerates unknown fields, and enums accept values added later.
 */
import { z } from 'zod';
import { openEnum } from './support';

export const ACCOUNT_STATUSES = ['active', 'inactive', 'closed'] as const;
export const MEMBERSHIP_STATUSES = ['active', 'suspended', 'no_membership'] as const;
export const USER_STATUSES = ['active', 'suspended', 'not_invited', 'deactivated', 'for_deletion'] as const;
export const CLAIM_STATUSES = ['managed', 'unmanaged'] as const;
export const MANAGEMENT_SOURCES = ['invited', 'synced'] as const;
export const SEARCH_EXPANDS = ['platformRoles', 'counts.resources', 'productAccess', 'groups'] as const;

const linkPageCursor = z.looseObject({
  self: z.string().optional(),
  next: z.string().optional(),
  prev: z.string().optional(),
});

export const directorySchema = z.looseObject({
  directoryId: z.string().min(1),
  name: z.string().optional(),
  icon: z.string().optional(),
});
export type OrgDirectory = z.infer<typeof directorySchema>;

export const directoryPageSchema = z.looseObject({
  data: z.array(directorySchema),
  links: linkPageCursor.optional(),
});

const userFields = {
  accountId: z.string().min(1),
  accountType: z.string().optional(),
  accountStatus: openEnum(ACCOUNT_STATUSES).optional(),
  membershipStatus: openEnum(MEMBERSHIP_STATUSES).optional(),
  status: openEnum(USER_STATUSES).optional(),
  claimStatus: openEnum(CLAIM_STATUSES).optional(),
  // The IdP/SCIM indicator; null means Atlassian could not determine it.
  managementSource: openEnum(MANAGEMENT_SOURCES).nullable().optional(),
  email: z.string().optional(),
  emailVerified: z.boolean().optional(),
  name: z.string().optional(),
  nickname: z.string().optional(),
  addedToOrg: z.string().optional(),
  mfaEnabled: z.boolean().optional(),
  jobTitle: z.string().optional(),
  department: z.string().optional(),
  organization: z.string().optional(),
  platformRoles: z.array(z.string()).optional(),
};

export const orgUserSchema = z.looseObject(userFields);
export type OrgUser = z.infer<typeof orgUserSchema>;

export const userSearchPageSchema = z.looseObject({
  data: z.array(orgUserSchema),
  links: linkPageCursor.optional(),
});

export const orgUserDetailsSchema = z.looseObject({
  ...userFields,
  deactivatedOn: z.string().optional(),
});
export type OrgUserDetails = z.infer<typeof orgUserDetailsSchema>;

export const userDetailsResponseSchema = z.looseObject({ data: orgUserDetailsSchema });

/** POST .../users/search body; limits from MultiDirectoryUserSearchRequest. */
export const userSearchRequestSchema = z
  .strictObject({
    cursor: z.string().min(1).optional(),
    limit: z.number().int().min(1).max(100).optional(),
    accountIds: z.array(z.string().min(1)).min(1).max(10).optional(),
    directoryIds: z.array(z.string().min(1)).min(1).max(10).optional(),
    emails: z
      .array(z.string().min(3))
      .min(1)
      .max(100)
      .refine((list) => new Set(list).size === list.length, 'emails must be unique')
      .optional(),
    emailDomains: z.array(z.string().min(1)).min(1).max(10).optional(),
    searchTerm: z.string().min(1).optional(),
    claimStatus: z.enum(CLAIM_STATUSES).optional(),
    status: z.array(z.enum(USER_STATUSES)).min(1).max(4).optional(),
    accountStatus: z.array(z.enum(ACCOUNT_STATUSES)).min(1).max(3).optional(),
    membershipStatus: z.array(z.enum(MEMBERSHIP_STATUSES)).min(1).max(3).optional(),
    mfaEnabled: z.boolean().optional(),
    expand: z.array(z.enum(SEARCH_EXPANDS)).min(1).optional(),
  })
  // Atlassian answers 400 for both together; refusing locally gives a clearer message.
  .refine((body) => !(body.emails && body.searchTerm), {
    message: 'emails and searchTerm are mutually exclusive',
    path: ['searchTerm'],
  });
export type UserSearchRequest = z.input<typeof userSearchRequestSchema>;

export const listDirectoriesRequestSchema = z.strictObject({
  cursor: z.string().min(1).optional(),
  limit: z.number().int().min(1).max(100).optional(),
  accountId: z.string().min(1).optional(),
  directoryIds: z.array(z.string().min(1)).min(1).max(10).optional(),
  searchTerm: z.string().min(1).optional(),
});
export type ListDirectoriesRequest = z.input<typeof listDirectoriesRequestSchema>;
