/**
 * Wires the four clients to one HTTP layer and one call counter, with every configured key known to
 * the redactor so none can surface in an error or a log line.
 */
import { AtlassianInvalidRequestError } from '../errors';
import { createCallCounter, type CallCounter } from '../http/call-counter';
import type { WalkBounds } from '../../lib/walk-budget';
import { createAtlassianHttp, type AtlassianHttp, type AtlassianHttpOptions } from '../http/create-http';
import { OrgClient } from './org-client';
import { ScimClient } from './scim-client';
import { ScimLinksClient } from './scim-links-client';
import { UserManagementClient } from './user-management-client';

export interface AtlassianClientsOptions {
  baseUrl?: string;
  orgId: string;
  orgApiKey: string;
  /** SCIM directory keys by directory ID; directories without a key get no SCIM client. */
  scimKeys?: Readonly<Record<string, string>>;
  http?: Omit<AtlassianHttpOptions, 'baseUrl'>;
  /** Bounds of every walk over pages (default DEFAULT_WALK_BOUNDS); timed with `http.now`. */
  listing?: WalkBounds;
}

export interface AtlassianClients {
  org: OrgClient;
  scimLinks: ScimLinksClient;
  userManagement: UserManagementClient;
  /** The SCIM client of one directory; throws AtlassianInvalidRequestError when no key is configured. */
  scim(directoryId: string): ScimClient;
  hasScimKey(directoryId: string): boolean;
  readonly scimDirectoryIds: readonly string[];
  callCounter: CallCounter;
  http: AtlassianHttp;
}

export function createAtlassianClients(options: AtlassianClientsOptions): AtlassianClients {
  const scimKeys = new Map(Object.entries(options.scimKeys ?? {}));
  const callCounter = createCallCounter();
  const userOnCall = options.http?.onCall;
  const http = createAtlassianHttp({
    ...options.http,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    secrets: [options.orgApiKey, ...scimKeys.values(), ...(options.http?.secrets ?? [])],
    onCall: (event) => {
      callCounter.onCall(event);
      userOnCall?.(event);
    },
  });

  const walk = {
    ...(options.listing ? { listing: options.listing } : {}),
    ...(options.http?.now ? { now: options.http.now } : {}),
  };
  const scimClients = new Map<string, ScimClient>();
  const scim = (directoryId: string): ScimClient => {
    const existing = scimClients.get(directoryId);
    if (existing) return existing;
    const apiKey = scimKeys.get(directoryId);
    if (apiKey === undefined) {
      throw new AtlassianInvalidRequestError(
        `no SCIM key is configured for directory ${directoryId}`,
        {
          operationId: 'scim.*',
          api: 'scim',
          method: '-',
          url: `${http.baseUrl}/scim/directory/${encodeURIComponent(directoryId)}`,
        },
        ['scimKeys: no key for this directory'],
      );
    }
    const client = new ScimClient(http, { directoryId, apiKey, ...walk });
    scimClients.set(directoryId, client);
    return client;
  };

  return {
    org: new OrgClient(http, { orgId: options.orgId, apiKey: options.orgApiKey, ...walk }),
    scimLinks: new ScimLinksClient(http, { orgId: options.orgId, apiKey: options.orgApiKey }),
    userManagement: new UserManagementClient(http, { apiKey: options.orgApiKey }),
    scim,
    hasScimKey: (directoryId) => scimKeys.has(directoryId),
    scimDirectoryIds: [...scimKeys.keys()],
    callCounter,
    http,
  };
}
