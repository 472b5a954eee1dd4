/**
 * SCIM 2.0 API for one directory, with that directory's own key (docs §1). Bodies are sent as
 * application/scim+json; PATCH uses RFC-style `Operations`.
 */
import { z } from 'zod';
import { DEFAULT_WALK_BOUNDS, WalkBudget, type WalkBounds, type WalkStop } from '../../lib/walk-budget';
import { AtlassianListingStoppedError } from '../errors';
import type { AtlassianHttp } from '../http/create-http';
import { readBody } from '../http/response';
import {
  groupFilterString,
  memberValuePath,
  userFilterString,
  type GroupFilter,
  type UserFilter,
} from './scim-filter';
import {
  createScimGroupInputSchema,
  createScimUserInputSchema,
  SCIM_CONTENT_TYPE,
  SCIM_GROUP_SCHEMA,
  SCIM_PATCH_OP_SCHEMA,
  SCIM_USER_SCHEMA,
  scimGroupSchema,
  scimListRequestSchema,
  scimListSchema,
  scimPatchOperationsSchema,
  scimUserSchema,
  type CreateScimGroupInput,
  type CreateScimUserInput,
  type ScimGroup,
  type ScimListResult,
  type ScimPatchOperation,
  type ScimUser,
} from './scim-schemas';
import { validateInput } from './support';

export interface ScimClientOptions {
  directoryId: string;
  apiKey: string;
  /** Ceiling and time bound of allUsers; its page bound comes from the reported totalResults. */
  listing?: WalkBounds;
  now?: () => number;
}

export interface ScimListUsersRequest {
  startIndex?: number;
  count?: number;
  filter?: UserFilter;
}

export interface ScimListGroupsRequest {
  startIndex?: number;
  count?: number;
  filter?: GroupFilter;
}

const userFilterInput = z.union([
  z.strictObject({ userName: z.string().min(1) }),
  z.strictObject({ externalId: z.string().min(1) }),
]);
const groupFilterInput = z.strictObject({ displayName: z.string().min(1) });

const userListSchema = scimListSchema(scimUserSchema);
const groupListSchema = scimListSchema(scimGroupSchema);

const ACCEPT = `${SCIM_CONTENT_TYPE}, application/json`;

export class ScimClient {
  readonly directoryId: string;
  readonly #http: AtlassianHttp;
  readonly #apiKey: string;
  readonly #listing: WalkBounds;
  readonly #now: () => number;

  constructor(http: AtlassianHttp, options: ScimClientOptions) {
    this.#http = http;
    this.directoryId = options.directoryId;
    this.#apiKey = options.apiKey;
    this.#listing = options.listing ?? DEFAULT_WALK_BOUNDS;
    this.#now = options.now ?? Date.now;
  }

  async listUsers(request: ScimListUsersRequest = {}): Promise<ScimListResult<ScimUser>> {
    const { filter, ...paging } = request;
    const query = validateInput('scim.listUsers', scimListRequestSchema, paging);
    const filterValue = filter
      ? userFilterString(validateInput('scim.listUsers', userFilterInput, filter))
      : undefined;
    const res = await this.#http.call('scim.listUsers', {
      params: { directoryId: this.directoryId },
      query: { ...query, filter: filterValue },
      bearer: this.#apiKey,
      accept: ACCEPT,
    });
    return readBody(res, userListSchema);
  }

  /**
   * Every user in the directory (or matching the filter), following 1-based startIndex paging. The
   * first page's totalResults and size bound the walk: a server that then shrinks its pages or grows
   * its total is stopped, like one that outlasts the ceiling or the time bound, with
   * AtlassianListingStoppedError.
   */
  async *allUsers(
    filter?: UserFilter,
    pageSize = 100,
    call: { signal?: AbortSignal } = {},
  ): AsyncGenerator<ScimUser, void, undefined> {
    const budget = new WalkBudget({
      operation: 'scim.listUsers',
      bounds: this.#listing,
      now: this.#now,
      ...(call.signal ? { signal: call.signal } : {}),
    });
    const stopped = (stop: WalkStop) =>
      new AtlassianListingStoppedError(
        {
          operationId: 'scim.listUsers',
          api: 'scim',
          method: 'GET',
          url: `${this.#http.baseUrl}/scim/directory/${encodeURIComponent(this.directoryId)}/Users`,
        },
        stop,
      );
    let startIndex = 1;
    for (;;) {
      const stop = budget.nextPage();
      if (stop) throw stopped(stop);
      const page = await this.listUsers({ startIndex, count: pageSize, ...(filter ? { filter } : {}) });
      yield* page.resources;
      if (startIndex === 1 && page.resources.length > 0) {
        const bound = budget.limitPages(
          page.totalResults / page.resources.length,
          `totalResults ${page.totalResults} at ${page.resources.length} a page`,
        );
        if (bound) throw stopped(bound);
      }
      startIndex += page.resources.length;
      // An empty page ends the walk even if totalResults disagrees, so a miscounting server cannot loop us.
      if (page.resources.length === 0 || startIndex > page.totalResults) return;
    }
  }

  async getUser(userId: string): Promise<ScimUser> {
    const res = await this.#http.call('scim.getUser', {
      params: { directoryId: this.directoryId, userId },
      bearer: this.#apiKey,
      accept: ACCEPT,
    });
    return readBody(res, scimUserSchema);
  }

  async createUser(input: CreateScimUserInput): Promise<ScimUser> {
    const user = validateInput('scim.createUser', createScimUserInputSchema, input);
    const res = await this.#http.call('scim.createUser', {
      params: { directoryId: this.directoryId },
      body: { ...user, schemas: user.schemas ?? [SCIM_USER_SCHEMA] },
      bearer: this.#apiKey,
      contentType: SCIM_CONTENT_TYPE,
      accept: ACCEPT,
    });
    return readBody(res, scimUserSchema);
  }

  async patchUser(userId: string, operations: ScimPatchOperation[]): Promise<ScimUser> {
    const ops = validateInput('scim.patchUser', scimPatchOperationsSchema, operations);
    const res = await this.#http.call('scim.patchUser', {
      params: { directoryId: this.directoryId, userId },
      body: { schemas: [SCIM_PATCH_OP_SCHEMA], Operations: ops },
      bearer: this.#apiKey,
      contentType: SCIM_CONTENT_TYPE,
      accept: ACCEPT,
    });
    return readBody(res, scimUserSchema);
  }

  /** The documented (re)activation / deactivation: `replace` with value `{active}` (docs §1.8). */
  setUserActive(userId: string, active: boolean): Promise<ScimUser> {
    return this.patchUser(userId, [{ op: 'replace', value: { active } }]);
  }

  /** Deletes the SCIM record: link gone, managed account deactivated (docs §1.7). 204. */
  async deleteUser(userId: string): Promise<void> {
    await this.#http.call('scim.deleteUser', {
      params: { directoryId: this.directoryId, userId },
      bearer: this.#apiKey,
      accept: ACCEPT,
    });
  }

  async listGroups(request: ScimListGroupsRequest = {}): Promise<ScimListResult<ScimGroup>> {
    const { filter, ...paging } = request;
    const query = validateInput('scim.listGroups', scimListRequestSchema, paging);
    const filterValue = filter
      ? groupFilterString(validateInput('scim.listGroups', groupFilterInput, filter))
      : undefined;
    const res = await this.#http.call('scim.listGroups', {
      params: { directoryId: this.directoryId },
      query: { ...query, filter: filterValue },
      bearer: this.#apiKey,
      accept: ACCEPT,
    });
    return readBody(res, groupListSchema);
  }

  async getGroup(groupId: string): Promise<ScimGroup> {
    const res = await this.#http.call('scim.getGroup', {
      params: { directoryId: this.directoryId, id: groupId },
      bearer: this.#apiKey,
      accept: ACCEPT,
    });
    return readBody(res, scimGroupSchema);
  }

  async createGroup(input: CreateScimGroupInput): Promise<ScimGroup> {
    const group = validateInput('scim.createGroup', createScimGroupInputSchema, input);
    const res = await this.#http.call('scim.createGroup', {
      params: { directoryId: this.directoryId },
      body: { schemas: [SCIM_GROUP_SCHEMA], ...group },
      bearer: this.#apiKey,
      contentType: SCIM_CONTENT_TYPE,
      accept: ACCEPT,
    });
    return readBody(res, scimGroupSchema);
  }

  async patchGroup(groupId: string, operations: ScimPatchOperation[]): Promise<ScimGroup> {
    const ops = validateInput('scim.patchGroup', scimPatchOperationsSchema, operations);
    const res = await this.#http.call('scim.patchGroup', {
      params: { directoryId: this.directoryId, id: groupId },
      body: { schemas: [SCIM_PATCH_OP_SCHEMA], Operations: ops },
      bearer: this.#apiKey,
      contentType: SCIM_CONTENT_TYPE,
      accept: ACCEPT,
    });
    return readBody(res, scimGroupSchema);
  }

  /** Adds members in one `add` operation, the form of the documented example. */
  addGroupMembers(groupId: string, userIds: readonly string[]): Promise<ScimGroup> {
    return this.patchGroup(groupId, [
      { op: 'add', path: 'members', value: userIds.map((value) => ({ value })) },
    ]);
  }

  /**
   * Removes members with one filtered `remove` each. A bare `path: "members"` remove would, on a strict
   * RFC 7644 server, drop every member of the group.
   */
  removeGroupMembers(groupId: string, userIds: readonly string[]): Promise<ScimGroup> {
    return this.patchGroup(
      groupId,
      userIds.map((id) => ({ op: 'remove' as const, path: memberValuePath(id) })),
    );
  }
}
