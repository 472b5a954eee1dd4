import { accountIdFor, randomSecret, randomUuid, uuidFrom } from './ids';
import { DEMO_CLAIMED_DOMAINS, DEMO_DIRECTORY_NAMES, DEMO_PEOPLE, displayNameOf } from './seeds/demo-people';

/** Credentials and fixed ids of one simulator process; random unless given, kept across resets. */
export interface SimIdentity {
  controlToken: string;
  org: { id: string; apiKey: string; claimedDomains: string[] };
  directories: Array<{ id: string; name: string; scimKey: string }>;
  jira: {
    cloudId: string;
    siteUrl: string;
    appToken: string;
    appAccountId: string;
    users: Array<{ accountId: string; displayName: string; email: string; admin: boolean; token: string }>;
  };
  /** The Keycloak realm the simulator serves under /keycloak and its service account (client credentials). */
  keycloak: { realm: string; clientId: string; clientSecret: string };
}

const jiraUser = (p: (typeof DEMO_PEOPLE)[keyof typeof DEMO_PEOPLE], admin: boolean) => ({
  accountId: accountIdFor(p.email),
  displayName: displayNameOf(p),
  email: p.email,
  admin,
  token: randomSecret('jira-user-'),
});

export function createIdentity(overrides: Partial<SimIdentity> = {}): SimIdentity {
  return {
    controlToken: overrides.controlToken ?? randomSecret('sim-control-'),
    org: overrides.org ?? {
      id: randomUuid(),
      apiKey: randomSecret('ATCTT3xFfGN0'),
      claimedDomains: [...DEMO_CLAIMED_DOMAINS],
    },
    directories:
      overrides.directories ??
      DEMO_DIRECTORY_NAMES.map((name) => ({ id: randomUuid(), name, scimKey: randomSecret('scim-') })),
    jira: overrides.jira ?? {
      cloudId: randomUuid(),
      siteUrl: 'https://acme-sim.atlassian.net',
      appToken: randomSecret('forge-app-'),
      // The app's own account id is stable so the Jira seed can refer to it.
      appAccountId: `557058:${uuidFrom('app:scim-unlock')}`,
      users: [
        jiraUser(DEMO_PEOPLE.alice, true),
        jiraUser(DEMO_PEOPLE.olivia, true),
        jiraUser(DEMO_PEOPLE.paul, false),
        jiraUser(DEMO_PEOPLE.bob, false),
      ],
    },
    keycloak: overrides.keycloak ?? {
      realm: 'acme',
      clientId: 'scim-unlock-idp-sync',
      clientSecret: randomSecret('kc-'),
    },
  };
}
