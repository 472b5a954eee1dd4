/**
 * User management API (org API key, docs §4): the privilege map of an account and lifecycle
 * enable/disable. This API is closed to Forge and OAuth apps — the reason the proxy exists.
 */
import { z } from 'zod';
import type { AtlassianHttp } from '../http/create-http';
import { readBody } from '../http/response';
import { validateInput } from './support';

export const RESTRICTION_REASONS = [
  'administrative',
  'administrative.notMyself',
  'authPolicy.saml',
  'blocked.exportControl',
  'externalDirectory.scim',
  'externalDirectory.google',
  'myselfOnly',
  'managedAccount',
] as const;
export type RestrictionReason = (typeof RESTRICTION_REASONS)[number] | (string & {});

const ruleSchema = z.union([
  z.looseObject({ allowed: z.literal(true) }),
  z.looseObject({
    allowed: z.literal(false),
    // Required by the spec; tolerated when absent so one odd rule does not fail the whole map.
    reason: z.looseObject({ key: z.string() }).optional(),
  }),
]);
export type ManageRule = z.infer<typeof ruleSchema>;

const objectMutabilitySchema = z.record(z.string(), ruleSchema);

export const managePrivilegesSchema = z.looseObject({
  'lifecycle.enablement': ruleSchema.optional(),
  'lifecycle.delete': ruleSchema.optional(),
  'email.set': ruleSchema.optional(),
  'profile.read': ruleSchema.optional(),
  'apiToken.read': ruleSchema.optional(),
  'apiToken.delete': ruleSchema.optional(),
  profile: objectMutabilitySchema.optional(),
  'profile.write': objectMutabilitySchema.optional(),
});
export type ManagePrivileges = z.infer<typeof managePrivilegesSchema>;

export type SimplePrivilege =
  | 'lifecycle.enablement'
  | 'lifecycle.delete'
  | 'email.set'
  | 'profile.read'
  | 'apiToken.read'
  | 'apiToken.delete';

export interface PrivilegeVerdict {
  /** undefined when the map does not mention the privilege. */
  allowed: boolean | undefined;
  reason?: RestrictionReason;
}

/** Reads one simple privilege, e.g. whether enable/disable is allowed and why not. */
export function privilege(privileges: ManagePrivileges, name: SimplePrivilege): PrivilegeVerdict {
  const rule = privileges[name];
  if (!rule) return { allowed: undefined };
  if (rule.allowed) return { allowed: true };
  return rule.reason ? { allowed: false, reason: rule.reason.key } : { allowed: false };
}

const disableBodySchema = z.strictObject({ message: z.string().min(1).max(1000).optional() });

export interface UserManagementClientOptions {
  apiKey: string;
}

export class UserManagementClient {
  readonly #http: AtlassianHttp;
  readonly #apiKey: string;

  constructor(http: AtlassianHttp, options: UserManagementClientOptions) {
    this.#http = http;
    this.#apiKey = options.apiKey;
  }

  async getManage(accountId: string): Promise<ManagePrivileges> {
    const res = await this.#http.call('um.getManage', {
      params: { account_id: accountId },
      bearer: this.#apiKey,
    });
    return readBody(res, managePrivilegesSchema);
  }

  /** 204 on success; 403 forbidden.action [externalDirectory.scim] while the account is SCIM-linked. */
  async enable(accountId: string): Promise<void> {
    await this.#http.call('um.enable', { params: { account_id: accountId }, bearer: this.#apiKey });
  }

  /** The body object is required by the spec; its message is optional (Atlassian uses a default). */
  async disable(accountId: string, message?: string): Promise<void> {
    const body = validateInput('um.disable', disableBodySchema, message === undefined ? {} : { message });
    await this.#http.call('um.disable', { params: { account_id: accountId }, body, bearer: this.#apiKey });
  }
}
