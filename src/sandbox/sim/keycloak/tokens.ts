import { randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';

/** Roles of Keycloak's `realm-management` client that the admin users API checks. */
export type RealmManagementRole = 'view-users' | 'query-users' | 'manage-users';

export interface TokenClaims {
  clientId: string;
  roles: RealmManagementRole[];
}

export const ACCESS_TOKEN_LIFETIME_S = 300;

/**
 * Access tokens of the simulated realm. Keycloak issues JWTs and the official admin client decodes
 * their `exp` to decide when to fetch a new one, so these are real JWTs (HS256 with a key that lives
 * only as long as the process) carrying the service account's `realm-management` roles.
 */
export class KeycloakTokenIssuer {
  private readonly key = randomBytes(32);

  constructor(
    private readonly issuer: string,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  async issue(claims: TokenClaims): Promise<{ token: string; expiresIn: number }> {
    const iat = this.nowSeconds();
    const token = await new SignJWT({
      typ: 'Bearer',
      azp: claims.clientId,
      client_id: claims.clientId,
      resource_access: { 'realm-management': { roles: claims.roles } },
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(this.issuer)
      .setSubject(`service-account-${claims.clientId}`)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ACCESS_TOKEN_LIFETIME_S)
      .sign(this.key);
    return { token, expiresIn: ACCESS_TOKEN_LIFETIME_S };
  }

  /** The claims of a valid, unexpired token of this realm; null otherwise. */
  async verify(token: string): Promise<TokenClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: this.issuer,
        algorithms: ['HS256'],
        currentDate: new Date(this.nowSeconds() * 1000),
      });
      const access = payload.resource_access as { 'realm-management'?: { roles?: unknown } } | undefined;
      const roles = access?.['realm-management']?.roles;
      return {
        clientId: String(payload.azp ?? ''),
        roles: Array.isArray(roles)
          ? (roles.filter((r) => typeof r === 'string') as RealmManagementRole[])
          : [],
      };
    } catch {
      return null;
    }
  }
}
