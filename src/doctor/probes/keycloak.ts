/** Keycloak, when IdP sync is configured: a client-credentials token and the realm's user count (two reads). */
import { createKeycloakConnector, KeycloakListingError } from '../../keycloak';
import type { IdpSyncConfig } from '../../proxy/config';
import type { DoctorCheck } from '../domain/report';
import { upstreamVerdict, type ProbeOutcome, type ProbeSubject } from '../domain/upstream-verdict';

const VARIABLES = ['KEYCLOAK_URL', 'KEYCLOAK_REALM', 'KEYCLOAK_CLIENT_ID', 'KEYCLOAK_CLIENT_SECRET'];

export async function probeKeycloak(idpSync: IdpSyncConfig | null, timeoutMs: number): Promise<DoctorCheck> {
  const base = { id: 'keycloak', title: 'Keycloak (IdP sync)', variables: VARIABLES };
  if (idpSync === null) {
    return {
      ...base,
      required: false,
      status: 'skip',
      detail: 'KEYCLOAK_* not set: IdP offboarding (POST /v1/idp/sync) is off.',
      fix: null,
    };
  }
  const { url, realm, clientId, clientSecret } = idpSync.keycloak;
  const connector = createKeycloakConnector({ baseUrl: url, realm, clientId, clientSecret, timeoutMs });
  let outcome: ProbeOutcome = { kind: 'ok' };
  let count = 0;
  let failedAt: string | undefined;
  try {
    count = (await connector.countUsers(AbortSignal.timeout(timeoutMs * 2))).count;
  } catch (err) {
    if (!(err instanceof KeycloakListingError)) throw err;
    failedAt = err.calls.at(-1)?.operation;
    outcome =
      err.kind === 'invalid-response'
        ? { kind: 'shape' }
        : err.status === null
          ? { kind: 'network' }
          : { kind: 'http', status: err.status };
  }
  const token = failedAt === 'keycloak.token';
  const subject: ProbeSubject = {
    service: token ? `Keycloak's token endpoint (realm ${realm})` : `Keycloak's admin API (realm ${realm})`,
    locationVariable: 'KEYCLOAK_URL',
    onRefused: token
      ? 'KEYCLOAK_CLIENT_ID or KEYCLOAK_CLIENT_SECRET was refused: copy the secret from the client’s Credentials tab; the client needs “Client authentication” and “Service accounts roles” on.'
      : 'The service account of KEYCLOAK_CLIENT_ID may not read users: give it the view-users role of the realm-management client (Service accounts roles tab).',
    onNotFound:
      'Check KEYCLOAK_REALM (the realm name, case-sensitive) and KEYCLOAK_URL (the server root, without /admin or /realms).',
  };
  // Keycloak answers a wrong client secret on the token endpoint with 400 or 401.
  const normalised: ProbeOutcome =
    token && outcome.kind === 'http' && outcome.status === 400 ? { kind: 'http', status: 401 } : outcome;
  const verdict = upstreamVerdict(
    normalised,
    subject,
    `Token issued to ${clientId}; realm ${realm} has ${count} user(s).`,
  );
  return { ...base, required: true, ...verdict };
}
