/**
 * The Keycloak scenario the IdP sync tests share: the demo realm made to cover the whole organisation,
 * then a few leavers (disabled, deleted) among protected, SCIM-managed and unmanaged accounts.
 */
import KcAdminClient from '@keycloak/keycloak-admin-client';
import type { RunningSimulator } from '../../../../src/sandbox/sim/server';
import { PROTECTED_EMAIL, type Harness } from './sim-proxy';

export const IVY = 'ivy.invited@acme.example'; // invited, managed, active; disabled in the demo realm
export const JACK = 'jack.external@gmail.com'; // unmanaged, active Okta membership
export const HANK = 'hank.active@acme.example'; // SCIM-linked (Okta), disabled in the demo realm
export const OLIVIA = 'olivia.owner@acme.example'; // invited org admin, protected in these tests
export const BOB = 'bob.mover@acme.example'; // already inactive, disabled in the demo realm

export const keycloakEnv = (sim: RunningSimulator, extra: Record<string, string> = {}) => ({
  KEYCLOAK_URL: `${sim.url}/keycloak`,
  KEYCLOAK_REALM: sim.identity.keycloak.realm,
  KEYCLOAK_CLIENT_ID: sim.identity.keycloak.clientId,
  KEYCLOAK_CLIENT_SECRET: sim.identity.keycloak.clientSecret,
  PROTECTED_ACCOUNTS: `${PROTECTED_EMAIL},${OLIVIA}`,
  ...extra,
});

export async function admin(sim: RunningSimulator): Promise<KcAdminClient> {
  const kc = new KcAdminClient({ baseUrl: `${sim.url}/keycloak`, realmName: sim.identity.keycloak.realm });
  await kc.auth({
    grantType: 'client_credentials',
    clientId: sim.identity.keycloak.clientId,
    clientSecret: sim.identity.keycloak.clientSecret,
  });
  return kc;
}

export async function setEnabled(kc: KcAdminClient, email: string, enabled: boolean): Promise<void> {
  const [u] = await kc.users.find({ email, exact: true });
  if (u?.id) await kc.users.update({ id: u.id }, { enabled });
  else await kc.users.create({ username: email.split('@')[0] ?? email, email, emailVerified: true, enabled });
}

export interface SimAccountRow {
  email: string;
  accountStatus: string;
  claimStatus: string;
  managementSource: string | null;
}

/**
 * Makes the realm cover the whole organisation (every active managed account gets an enabled user),
 * then shapes the scenario: Olivia and Jack disabled, and one invited employee deleted from the realm.
 * Returns that employee's email.
 */
export async function scenarioRealm(h: Pick<Harness, 'sim' | 'control'>): Promise<string> {
  const kc = await admin(h.sim);
  const have = new Set((await kc.users.find({ max: 10_000, briefRepresentation: true })).map((u) => u.email));
  const { accounts } = (await h.control.state()) as unknown as { accounts: SimAccountRow[] };
  const leaver = accounts.find(
    (a) =>
      a.managementSource === 'invited' &&
      a.accountStatus === 'active' &&
      a.email.endsWith('@acme.example') &&
      ![IVY, OLIVIA].includes(a.email),
  );
  if (!leaver) throw new Error('the demo org has invited employees');
  for (const a of accounts) {
    if (a.claimStatus === 'managed' && a.accountStatus === 'active' && !have.has(a.email.toLowerCase())) {
      await kc.users.create({
        username: a.email.split('@')[0] ?? a.email,
        email: a.email,
        emailVerified: true,
        enabled: true,
      });
    }
  }
  await setEnabled(kc, OLIVIA, false);
  await setEnabled(kc, JACK, false);
  // The employee left: their Keycloak user was deleted, not just disabled.
  const [gone] = await kc.users.find({ email: leaver.email, exact: true });
  await kc.users.del({ id: gone?.id ?? '' });
  return leaver.email;
}
