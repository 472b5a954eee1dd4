export {
  createKeycloakConnector,
  type KeycloakConnector,
  type KeycloakConnectorOptions,
  type KeycloakCount,
  type KeycloakListing,
} from './connector';
export { KeycloakListingError, type KeycloakCall, type KeycloakListingFailure } from './errors';
export { walkAllUsers, type IdpUser, type PageSource } from './page-walker';
