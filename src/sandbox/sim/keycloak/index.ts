export { createKeycloakApp, type KeycloakServiceAccount } from './app';
export { KeycloakRealmStore, type KeycloakUser } from './store';
export { KeycloakTokenIssuer, ACCESS_TOKEN_LIFETIME_S } from './tokens';
