import {
  createAtlassianClients,
  type AtlassianClients,
  type AtlassianClientsOptions,
} from '../../atlassian/clients/create-clients';
import type { ProxyConfig } from '../config';
import { createCallRecorder, type CallRecorder } from './call-recorder';

export interface ProxyClients {
  clients: AtlassianClients;
  /** Already wired into the clients' HTTP layer; hand it to createAccountOperations. */
  calls: CallRecorder;
}

/** The Atlassian clients built from the proxy configuration, with per-request call recording wired in. */
export function createProxyClients(
  config: Pick<ProxyConfig, 'orgId' | 'orgApiKey' | 'apiBaseUrl' | 'scimDirectoryKeys' | 'listing'>,
  http: AtlassianClientsOptions['http'] = {},
): ProxyClients {
  const calls = createCallRecorder();
  const userOnCall = http.onCall;
  const clients = createAtlassianClients({
    baseUrl: config.apiBaseUrl,
    orgId: config.orgId,
    orgApiKey: config.orgApiKey,
    scimKeys: Object.fromEntries(config.scimDirectoryKeys),
    listing: config.listing,
    http: {
      ...http,
      onCall: (event) => {
        calls.onCall(event);
        userOnCall?.(event);
      },
    },
  });
  return { clients, calls };
}
