import type { KeycloakUser } from './store';

/**
 * Keycloak's UserRepresentation. The brief form (`briefRepresentation=true`) is what Keycloak
 * guarantees for it: id, username, created, names, email, enabled, email verification and federation
 * link — no attributes, required actions or notBefore.
 */
export function briefRepresentation(u: KeycloakUser): Record<string, unknown> {
  return {
    id: u.id,
    username: u.username,
    ...(u.firstName === null ? {} : { firstName: u.firstName }),
    ...(u.lastName === null ? {} : { lastName: u.lastName }),
    ...(u.email === null ? {} : { email: u.email }),
    emailVerified: u.emailVerified,
    createdTimestamp: u.createdTimestamp,
    enabled: u.enabled,
  };
}

export function fullRepresentation(u: KeycloakUser): Record<string, unknown> {
  return {
    ...briefRepresentation(u),
    totp: false,
    disableableCredentialTypes: [],
    requiredActions: [],
    notBefore: 0,
    ...(Object.keys(u.attributes).length === 0 ? {} : { attributes: u.attributes }),
    access: {
      manageGroupMembership: true,
      view: true,
      mapRoles: true,
      impersonate: false,
      manage: true,
    },
  };
}
