import type { WalkStop } from '../lib/walk-budget';

/** The outbound calls the connector made, in the shape the proxy reports upstream calls. */
export interface KeycloakCall {
  operation: 'keycloak.token' | 'keycloak.countUsers' | 'keycloak.listUsers';
  method: 'GET' | 'POST';
  /** Relative to the Keycloak base URL, query included (never a credential). */
  path: string;
  /** Null when no HTTP answer arrived. */
  status: number | null;
}

/**
 * Why a listing cannot be trusted:
 * - `auth`: the token endpoint refused the service account (401/400) or the admin API did (401/403);
 * - `request`: a call failed otherwise (5xx, 429, network, timeout);
 * - `invalid-response`: an answer did not have Keycloak's shape;
 * - `ended-early`: a page came back short (or empty) before `count` users were seen;
 * - `count-mismatch`: the users seen differ from the count, or the count changed during the listing;
 * - `stopped`: the walk hit its page or time bound, or the caller's deadline (`stop` says which).
 */
export type KeycloakListingFailure =
  'auth' | 'request' | 'invalid-response' | 'ended-early' | 'count-mismatch' | 'stopped';

/**
 * A Keycloak listing that failed or cannot be trusted to be complete. Carries what a caller needs to
 * report it (kind, HTTP status, the calls made so far) and never a credential or a response body.
 */
export class KeycloakListingError extends Error {
  readonly kind: KeycloakListingFailure;
  readonly status: number | null;
  readonly calls: readonly KeycloakCall[];
  /** For `stopped`: the operation, the pages read and why; null otherwise. */
  readonly stop: WalkStop | null;

  constructor(
    kind: KeycloakListingFailure,
    detail: string,
    opts: { status?: number | null; calls?: readonly KeycloakCall[]; stop?: WalkStop | null } = {},
  ) {
    super(detail);
    this.name = 'KeycloakListingError';
    this.kind = kind;
    this.status = opts.status ?? null;
    this.calls = opts.calls ?? [];
    this.stop = opts.stop ?? null;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      status: this.status,
      message: this.message,
      ...(this.stop
        ? { operation: this.stop.operation, pagesRead: this.stop.pagesRead, why: this.stop.why }
        : {}),
    };
  }
}
