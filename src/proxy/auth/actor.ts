/** Who is calling: recorded in every audit line and used as the rate-limit key. */
export interface Actor {
  kind: 'forge' | 'token';
  /** Forge: the principal's account id, else `installation:<id>` for app-initiated calls. Token: its name. */
  id: string;
  installationId?: string;
  cloudId?: string;
}
