import { IDP_PROBLEM_TYPES } from '../../contract/proxy';
import { ProxyProblem } from '../http/problems';

/** POST /v1/idp/sync on a proxy without KEYCLOAK_* configuration. */
export class IdpSyncNotConfiguredProblem extends ProxyProblem {
  constructor() {
    super({
      type: IDP_PROBLEM_TYPES.notConfigured,
      title: 'IdP offboarding is not configured',
      status: 501,
      detail:
        'This proxy has no identity provider configured; set KEYCLOAK_URL, KEYCLOAK_REALM, KEYCLOAK_CLIENT_ID and KEYCLOAK_CLIENT_SECRET to enable it.',
    });
  }
}

/** A second sync while one runs: two runs would plan against each other's half-applied changes. */
export class IdpSyncRunningProblem extends ProxyProblem {
  constructor() {
    super({
      type: IDP_PROBLEM_TYPES.syncRunning,
      title: 'An IdP sync is already running',
      status: 409,
      detail: 'Another IdP sync is in progress on this proxy; run again once it has finished.',
    });
  }
}
