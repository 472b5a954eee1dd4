import { createKeycloakConnector } from '../../keycloak';
import type { ProxyConfig } from '../config';
import { createIdpSync, type IdpSyncDeps, type IdpSyncOperation } from './idp-sync';
import { fileStateStore, memoryStateStore } from './state-file';

/** The IdP sync the configuration asks for, or null when Keycloak is not configured. */
export function createIdpSyncFromConfig(
  config: Pick<ProxyConfig, 'orgId' | 'protectedAccounts' | 'allowedDirectories' | 'idpSync' | 'listing'>,
  deps: Omit<IdpSyncDeps, 'config' | 'idp' | 'connector' | 'state'>,
): IdpSyncOperation | null {
  const idp = config.idpSync;
  if (idp === null) return null;
  return createIdpSync({
    ...deps,
    config,
    idp,
    connector: createKeycloakConnector({
      baseUrl: idp.keycloak.url,
      realm: idp.keycloak.realm,
      clientId: idp.keycloak.clientId,
      clientSecret: idp.keycloak.clientSecret,
      listing: config.listing,
    }),
    state: idp.stateFile === null ? memoryStateStore() : fileStateStore(idp.stateFile),
  });
}
