/**
 * SCIM 2.0 shapes (user-provisioning.swagger.v3.2024-09-28.json, docs §1.4). Response objects require
 * only the server-generated `id` and tolerate everything else; request bodies are checked before sending.
 */
import { z } from 'zod';

export const SCIM_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const SCIM_GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const SCIM_PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SCIM_ENTERPRISE_EXTENSION = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
/** Carries the linked Atlassian account ID. */
export const SCIM_ATLASSIAN_EXTENSION = 'urn:scim:schemas:extension:atlassian-external:1.0';
export const SCIM_CONTENT_TYPE = 'application/scim+json';

const multiValue = z.looseObject({
  value: z.string().optional(),
  type: z.string().optional(),
  primary: z.boolean().optional(),
  display: z.string().optional(),
  $ref: z.string().optional(),
});

const meta = z.looseObject({
  resourceType: z.string().optional(),
  location: z.string().optional(),
  created: z.string().optional(),
  lastModified: z.string().optional(),
});

export const scimUserSchema = z.looseObject({
  schemas: z.array(z.string()).optional(),
  id: z.string().min(1),
  externalId: z.string().optional(),
  userName: z.string().optional(),
  active: z.boolean().optional(),
  displayName: z.string().optional(),
  nickName: z.string().optional(),
  title: z.string().optional(),
  department: z.string().optional(),
  organization: z.string().optional(),
  timezone: z.string().optional(),
  preferredLanguage: z.string().optional(),
  name: z.looseObject({}).optional(),
  emails: z.array(multiValue).optional(),
  phoneNumbers: z.array(multiValue).optional(),
  groups: z.array(multiValue).optional(),
  meta: meta.optional(),
  [SCIM_ENTERPRISE_EXTENSION]: z.looseObject({}).optional(),
  [SCIM_ATLASSIAN_EXTENSION]: z.looseObject({ atlassianAccountId: z.string().optional() }).optional(),
});
export type ScimUser = z.infer<typeof scimUserSchema>;

export const scimGroupSchema = z.looseObject({
  schemas: z.array(z.string()).optional(),
  id: z.string().min(1),
  externalId: z.string().optional(),
  displayName: z.string().optional(),
  members: z.array(multiValue).optional(),
  meta: meta.optional(),
});
export type ScimGroup = z.infer<typeof scimGroupSchema>;

export interface ScimListResult<T> {
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  resources: T[];
}

export function scimListSchema<T extends z.ZodType>(resource: T) {
  return z
    .looseObject({
      schemas: z.array(z.string()).optional(),
      totalResults: z.number().int().min(0),
      startIndex: z.number().int().optional(),
      itemsPerPage: z.number().int().optional(),
      // RFC 7644 §3.4.2 lets a server omit Resources when there are none.
      Resources: z.array(resource).optional(),
    })
    .transform((list) => ({
      totalResults: list.totalResults,
      startIndex: list.startIndex ?? 1,
      itemsPerPage: list.itemsPerPage ?? list.Resources?.length ?? 0,
      resources: (list.Resources ?? []) as z.output<T>[],
    }));
}

export const scimEmailInput = z.strictObject({
  value: z.email(),
  type: z.string().optional(),
  primary: z.boolean().optional(),
});

export const createScimUserInputSchema = z
  .looseObject({
    schemas: z.array(z.string()).min(1).optional(),
    userName: z.string().min(1),
    emails: z.array(scimEmailInput).min(1),
    externalId: z.string().min(1).optional(),
    active: z.boolean().optional(),
    displayName: z.string().optional(),
    name: z.looseObject({}).optional(),
  })
  .refine((u) => u.emails.filter((e) => e.primary === true).length <= 1, {
    message: 'at most one email may be primary',
    path: ['emails'],
  });
export type CreateScimUserInput = z.input<typeof createScimUserInputSchema>;

export const scimPatchOperationSchema = z.strictObject({
  op: z.enum(['add', 'replace', 'remove']),
  path: z.string().min(1).optional(),
  value: z.unknown().optional(),
});
export type ScimPatchOperation = z.infer<typeof scimPatchOperationSchema>;

export const scimPatchOperationsSchema = z.array(scimPatchOperationSchema).min(1);

export const createScimGroupInputSchema = z.strictObject({
  displayName: z.string().min(1),
  externalId: z.string().min(1).optional(),
  members: z.array(z.strictObject({ value: z.string().min(1), display: z.string().optional() })).optional(),
});
export type CreateScimGroupInput = z.input<typeof createScimGroupInputSchema>;

export const scimListRequestSchema = z.strictObject({
  startIndex: z.number().int().min(1).optional(),
  count: z.number().int().min(1).optional(),
});
