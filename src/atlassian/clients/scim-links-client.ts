/**
 * SCIM admin ("link") APIs under /admin/user-provisioning/v1 (org API key, docs §2.1): which SCIM
 * records are linked to an Atlassian account, removing one link, and deleting an account's SCIM records
 * in every directory.
 */
import { z } from 'zod';
import type { AtlassianHttp } from '../http/create-http';
import { readBody } from '../http/response';
import { validateInput } from './support';

export const scimUserLinkSchema = z.looseObject({
  scimUserId: z.string().min(1),
  atlassianAccountId: z.string().nullable().optional(),
  orgId: z.string().optional(),
  directoryId: z.string().min(1),
});
export type ScimUserLink = z.infer<typeof scimUserLinkSchema>;

export const scimLinksResponseSchema = z.looseObject({ scimLinks: z.array(scimUserLinkSchema) });

const emailSchema = z.strictObject({ email: z.email() });

export interface ScimLinksClientOptions {
  orgId: string;
  apiKey: string;
}

export class ScimLinksClient {
  readonly orgId: string;
  readonly #http: AtlassianHttp;
  readonly #apiKey: string;

  constructor(http: AtlassianHttp, options: ScimLinksClientOptions) {
    this.#http = http;
    this.orgId = options.orgId;
    this.#apiKey = options.apiKey;
  }

  async getScimLinks(accountId: string): Promise<ScimUserLink[]> {
    const res = await this.#http.call('scimLinks.getByAccountId', {
      params: { orgId: this.orgId, aaId: accountId },
      bearer: this.#apiKey,
    });
    return readBody(res, scimLinksResponseSchema).scimLinks;
  }

  async getScimLinksForEmail(email: string): Promise<ScimUserLink[]> {
    const body = validateInput('scimLinks.getForEmail', emailSchema, { email });
    const res = await this.#http.call('scimLinks.getForEmail', {
      params: { orgId: this.orgId },
      body,
      bearer: this.#apiKey,
    });
    return readBody(res, scimLinksResponseSchema).scimLinks;
  }

  /** Removes one (directory, SCIM user) link; the SCIM record stays. */
  async unlink(directoryId: string, scimUserId: string): Promise<void> {
    await this.#http.call('scimLinks.unlink', {
      params: { orgId: this.orgId, scimDirectoryId: directoryId, scimUserId },
      bearer: this.#apiKey,
    });
  }

  /** Deletes the account's SCIM records in every directory (managed accounts only, else 404). */
  async onlyDeleteUserInDB(accountId: string): Promise<void> {
    await this.#http.call('scimLinks.onlyDeleteUserInDB', {
      params: { orgId: this.orgId, AAID: accountId },
      bearer: this.#apiKey,
    });
  }
}
