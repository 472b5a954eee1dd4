import type { ForgeEnvironmentType } from './forge-identity';

/** Who is calling: recorded in every audit line and used as the rate-limit key. */
export interface Actor {
  kind: 'forge' | 'token';
  /** Forge: the principal's account id, else `installation:<id>` for app-initiated calls. Token: its name. */
  id: string;
  /** Forge: the installation ARI. */
  installationId?: string;
  /** Forge: `context.cloudId`, when the token carries one (frontend invocations). */
  cloudId?: string;
  /** Forge: where the verified token says the call comes from; recorded in the audit. */
  forge?: ForgeOrigin;
}

export interface ForgeOrigin {
  environment: ForgeEnvironmentType;
  /** `app.appVersion`; null when the token does not carry it. */
  appVersion: string | null;
  /** The cloud ids the token names (see forge-identity.ts `sitesNamed`). */
  sites: string[];
}
