/**
 * Organizations REST API v2 (org API key): directories, user search and details, suspend/restore of
 * directory membership.
 */
import type { AtlassianHttp } from '../http/create-http';
import { readBody } from '../http/response';
import {
  directoryPageSchema,
  listDirectoriesRequestSchema,
  userDetailsResponseSchema,
  userSearchPageSchema,
  userSearchRequestSchema,
  type ListDirectoriesRequest,
  type OrgDirectory,
  type OrgUser,
  type OrgUserDetails,
  type UserSearchRequest,
} from './org-schemas';
import { DEFAULT_WALK_BOUNDS, type WalkBounds } from '../../lib/walk-budget';
import { validateInput, walkPages, type Page, type WalkOptions } from './support';

export interface OrgClientOptions {
  orgId: string;
  apiKey: string;
  /** Bounds of the cursor walks (allDirectories, allUsers); Org v2 reports no totals to derive them from. */
  listing?: WalkBounds;
  /** Clock for the walks' time bound. */
  now?: () => number;
}

/** Per walk: the caller's deadline. */
export interface WalkCallOptions {
  signal?: AbortSignal;
}

export class OrgClient {
  readonly orgId: string;
  readonly #http: AtlassianHttp;
  readonly #apiKey: string;
  readonly #walk: Omit<WalkOptions, 'signal' | 'startCursor'>;

  constructor(http: AtlassianHttp, options: OrgClientOptions) {
    this.#http = http;
    this.orgId = options.orgId;
    this.#apiKey = options.apiKey;
    this.#walk = {
      bounds: options.listing ?? DEFAULT_WALK_BOUNDS,
      ...(options.now ? { now: options.now } : {}),
    };
  }

  #walkOptions(call: WalkCallOptions): WalkOptions {
    return { ...this.#walk, ...(call.signal ? { signal: call.signal } : {}) };
  }

  async listDirectories(request: ListDirectoriesRequest = {}): Promise<Page<OrgDirectory>> {
    const query = validateInput('org.listDirectories', listDirectoriesRequestSchema, request);
    const res = await this.#http.call('org.listDirectories', {
      params: { orgId: this.orgId },
      query,
      bearer: this.#apiKey,
    });
    const page = readBody(res, directoryPageSchema);
    return withNext(page.data, page.links?.next);
  }

  /** Every directory, following cursors within the walk bounds (AtlassianListingStoppedError beyond). */
  allDirectories(
    request: Omit<ListDirectoriesRequest, 'cursor'> = {},
    call: WalkCallOptions = {},
  ): AsyncGenerator<OrgDirectory, void, undefined> {
    return walkPages(
      'org.listDirectories',
      (cursor) => this.listDirectories({ ...request, ...(cursor ? { cursor } : {}) }),
      this.#walkOptions(call),
    );
  }

  /** One page of POST .../users/search. `directoryId` may be `-` (all directories the key can manage). */
  async searchUsers(directoryId: string, request: UserSearchRequest = {}): Promise<Page<OrgUser>> {
    const body = validateInput('org.searchUsers', userSearchRequestSchema, request);
    const res = await this.#http.call('org.searchUsers', {
      params: { orgId: this.orgId, directoryId },
      body,
      bearer: this.#apiKey,
    });
    const page = readBody(res, userSearchPageSchema);
    return withNext(page.data, page.links?.next);
  }

  /** Every matching user, following cursors within the walk bounds (AtlassianListingStoppedError beyond). */
  allUsers(
    directoryId: string,
    request: Omit<UserSearchRequest, 'cursor'> = {},
    call: WalkCallOptions = {},
  ): AsyncGenerator<OrgUser, void, undefined> {
    return walkPages(
      'org.searchUsers',
      (cursor) => this.searchUsers(directoryId, { ...request, ...(cursor ? { cursor } : {}) }),
      this.#walkOptions(call),
    );
  }

  async getUser(directoryId: string, accountId: string): Promise<OrgUserDetails> {
    const res = await this.#http.call('org.getUser', {
      params: { orgId: this.orgId, directoryId, userId: accountId },
      bearer: this.#apiKey,
    });
    return readBody(res, userDetailsResponseSchema).data;
  }

  /** Suspends access in a directory (roles and groups kept). 204 on success. */
  async suspendUser(directoryId: string, accountId: string): Promise<void> {
    await this.#http.call('org.suspendUser', {
      params: { orgId: this.orgId, directoryId, accountId },
      bearer: this.#apiKey,
    });
  }

  /** Restores access in a directory. Does not reactivate a deactivated account. */
  async restoreUser(directoryId: string, accountId: string): Promise<void> {
    await this.#http.call('org.restoreUser', {
      params: { orgId: this.orgId, directoryId, accountId },
      bearer: this.#apiKey,
    });
  }
}

function withNext<T>(data: T[], next: string | undefined): Page<T> {
  return next ? { data, nextCursor: next } : { data };
}
