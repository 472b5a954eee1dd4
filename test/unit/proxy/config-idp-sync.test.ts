import { ConfigError, configSecrets, loadConfig } from '../../../src/proxy/config';

const BASE = {
  ATLASSIAN_ORG_ID: 'org-1',
  ATLASSIAN_ORG_API_KEY: 'org-key-value',
  PROXY_API_TOKENS: JSON.stringify({ cli: 'x'.repeat(40) }),
};
const KC = {
  KEYCLOAK_URL: 'https://sso.example.com/',
  KEYCLOAK_REALM: 'acme',
  KEYCLOAK_CLIENT_ID: 'scim-unlock',
  KEYCLOAK_CLIENT_SECRET: 'kc-secret-value',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, () => {
      throw new Error('no files');
    });
  } catch (err) {
    if (err instanceof ConfigError) return err.variables;
    throw err;
  }
  return [];
}

test('without any KEYCLOAK_* the sync is off', () => {
  expect(loadConfig(BASE).idpSync).toBeNull();
});

test('the full group turns it on with the defaults', () => {
  const cfg = loadConfig({ ...BASE, ...KC, AUDIT_LOG_FILE: '/var/log/scim-unlock/audit.log' });
  expect(cfg.idpSync).toEqual({
    keycloak: {
      url: 'https://sso.example.com',
      realm: 'acme',
      clientId: 'scim-unlock',
      clientSecret: 'kc-secret-value',
    },
    maxDeactivations: 10,
    maxReactivations: 10,
    reactivate: false,
    stateFile: '/var/log/scim-unlock/idp-sync-state.json',
    maxRunSeconds: 1800,
  });
  expect(configSecrets(cfg)).toContain('kc-secret-value');
});

test.each<[string, Record<string, string>, string[]]>([
  [
    'a partial group names what is missing',
    { KEYCLOAK_URL: KC.KEYCLOAK_URL },
    ['KEYCLOAK_REALM', 'KEYCLOAK_CLIENT_ID', 'KEYCLOAK_CLIENT_SECRET'],
  ],
  ['IDP_SYNC_* without Keycloak', { IDP_SYNC_MAX_DEACTIVATIONS: '5' }, ['IDP_SYNC_MAX_DEACTIVATIONS']],
  [
    'reactivation without a state file or audit log',
    { ...KC, IDP_SYNC_REACTIVATE: 'true' },
    ['IDP_SYNC_STATE_FILE'],
  ],
  ['a bad flag', { ...KC, IDP_SYNC_REACTIVATE: 'yes' }, ['IDP_SYNC_REACTIVATE']],
  ['a bad cap', { ...KC, IDP_SYNC_MAX_DEACTIVATIONS: '-1' }, ['IDP_SYNC_MAX_DEACTIVATIONS']],
  ['a bad reactivation cap', { ...KC, IDP_SYNC_MAX_REACTIVATIONS: '1.5' }, ['IDP_SYNC_MAX_REACTIVATIONS']],
  [
    'the reactivation cap without Keycloak',
    { IDP_SYNC_MAX_REACTIVATIONS: '2' },
    ['IDP_SYNC_MAX_REACTIVATIONS'],
  ],
  ['plain http off loopback', { ...KC, KEYCLOAK_URL: 'http://sso.example.com' }, ['KEYCLOAK_URL']],
  ['a realm with a slash', { ...KC, KEYCLOAK_REALM: 'a/b' }, ['KEYCLOAK_REALM']],
  ['a run limit under a minute', { ...KC, IDP_RUN_MAX_SECONDS: '59' }, ['IDP_RUN_MAX_SECONDS']],
  ['a run limit that is not a number', { ...KC, IDP_RUN_MAX_SECONDS: '10m' }, ['IDP_RUN_MAX_SECONDS']],
  ['the run limit without Keycloak', { IDP_RUN_MAX_SECONDS: '600' }, ['IDP_RUN_MAX_SECONDS']],
])('%s', (_name, env, expected) => {
  expect(problemsOf({ ...BASE, ...env })).toEqual(expected);
});

test('explicit settings win; a secret never appears in the error text', () => {
  const cfg = loadConfig({
    ...BASE,
    ...KC,
    IDP_SYNC_MAX_DEACTIVATIONS: '3',
    IDP_SYNC_REACTIVATE: 'true',
    IDP_SYNC_STATE_FILE: '/srv/state.json',
  });
  // The reactivation cap follows the deactivation cap unless it is set.
  expect(cfg.idpSync).toMatchObject({
    maxDeactivations: 3,
    maxReactivations: 3,
    reactivate: true,
    stateFile: '/srv/state.json',
  });
  expect(
    loadConfig({ ...BASE, ...KC, IDP_SYNC_MAX_DEACTIVATIONS: '3', IDP_SYNC_MAX_REACTIVATIONS: '1' }).idpSync,
  ).toMatchObject({ maxDeactivations: 3, maxReactivations: 1 });
  try {
    loadConfig({ ...BASE, ...KC, KEYCLOAK_CLIENT_SECRET: 'has space' });
    throw new Error('expected a ConfigError');
  } catch (err) {
    expect(String(err)).not.toContain('has space');
  }
});
