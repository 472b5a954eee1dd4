import {
  createAtlassianClients,
  type AtlassianClients,
  type AtlassianClientsOptions,
} from '../../atlassian/clients/create-clients';
import { createAdaptiveLimiter, type UpstreamLimiter } from '../../atlassian/http/limiter';
import type { ProxyConfig } from '../config';
import { createCallRecorder, type CallRecorder } from './call-recorder';

export interface ProxyClients {
  clients: AtlassianClients;
  /** Already wired into the clients' HTTP layer; hand it to createAccountOperations. */
  calls: CallRecorder;
  /** The one budget every upstream call of this proxy goes through (lookups, scans, batches). */
  limiter: UpstreamLimiter;
}

/**
 * The Atlassian clients built from the proxy configuration, with per-request call recording and the
 * shared adaptive limiter wired in.
 */
export function createProxyClients(
  config: Pick<ProxyConfig, 'orgId' | 'orgApiKey' | 'apiBaseUrl' | 'scimDirectoryKeys' | 'listing'>,
  http: AtlassianClientsOptions['http'] = {},
): ProxyClients {
  const calls = createCallRecorder();
  const limiter = http.limiter ?? createAdaptiveLimiter(http.now ? { now: http.now } : {});
  const userOnCall = http.onCall;
  const clients = createAtlassianClients({
    baseUrl: config.apiBaseUrl,
    orgId: config.orgId,
    orgApiKey: config.orgApiKey,
    scimKeys: Object.fromEntries(config.scimDirectoryKeys),
    listing: config.listing,
    http: {
      ...http,
      limiter,
      onCall: (event) => {
        calls.onCall(event);
        userOnCall?.(event);
      },
    },
  });
  return { clients, calls, limiter };
}
