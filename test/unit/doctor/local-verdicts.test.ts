import {
  bindAddressVerdict,
  configProblemFix,
  fileVerdict,
  forgeTrustVerdict,
  isLoopbackHost,
  type FileState,
} from '../../../src/doctor/domain/local-verdicts';

describe('configProblemFix', () => {
  test.each([
    [
      'ATLASSIAN_ORG_ID',
      'is required',
      'Set ATLASSIAN_ORG_ID (or ATLASSIAN_ORG_ID_FILE, a file holding the value).',
    ],
    [
      'KEYCLOAK_REALM',
      'is required when any KEYCLOAK_* variable is set',
      'Set KEYCLOAK_REALM: it is required when any KEYCLOAK_* variable is set.',
    ],
    [
      'FORGE_APP_ID',
      'or PROXY_API_TOKENS must be set, otherwise no caller could authenticate',
      'Set FORGE_APP_ID or PROXY_API_TOKENS.',
    ],
    [
      'FORGE_ALLOWED_SITES',
      'is set but FORGE_APP_ID is not',
      'Unset FORGE_ALLOWED_SITES, or set FORGE_APP_ID too.',
    ],
    [
      'IDP_SYNC_REACTIVATE',
      'is set but Keycloak is not configured (KEYCLOAK_URL, KEYCLOAK_REALM, KEYCLOAK_CLIENT_ID, KEYCLOAK_CLIENT_SECRET)',
      'Unset IDP_SYNC_REACTIVATE, or set Keycloak (KEYCLOAK_URL, KEYCLOAK_REALM, KEYCLOAK_CLIENT_ID, KEYCLOAK_CLIENT_SECRET) too.',
    ],
    [
      'SCIM_DIRECTORY_KEYS_FILE',
      'names a file that cannot be read',
      'Point SCIM_DIRECTORY_KEYS_FILE at a file this user can read, or set SCIM_DIRECTORY_KEYS instead.',
    ],
    ['PORT', 'and PORT_FILE are both set; set only one', 'Unset either PORT or PORT_FILE.'],
    ['UNLINK_METHOD', 'is invalid', 'Correct UNLINK_METHOD: it is invalid.'],
  ])('%s %s', (variable, message, fix) => {
    expect(configProblemFix(variable, message)).toBe(fix);
  });
});

describe('bind address', () => {
  test.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['::', false],
    ['10.0.0.5', false],
    ['proxy.internal', false],
  ])('%s loopback: %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
    const verdict = bindAddressVerdict(host, 4020);
    expect(verdict.status).toBe(loopback ? 'pass' : 'warn');
    if (!loopback) expect(verdict.fix).toMatch(/TLS-terminating reverse proxy.*PROXY_HOST=127\.0\.0\.1/);
  });
});

describe('fileVerdict', () => {
  const subject = { what: 'Audit log', variable: 'AUDIT_LOG_FILE', path: '/var/lib/scim-unlock/audit.log' };
  const exists = (over: Partial<Extract<FileState, { kind: 'exists' }>>): FileState => ({
    kind: 'exists',
    isFile: true,
    writable: true,
    mode: 0o100600,
    directoryWritable: true,
    ...over,
  });
  test.each<[string, FileState, boolean, 'pass' | 'warn' | 'fail', RegExp | null]>([
    ['creatable', { kind: 'missing', creatable: true, nearestDirectory: '/var/lib' }, false, 'pass', null],
    [
      'not creatable',
      { kind: 'missing', creatable: false, nearestDirectory: '/var/lib' },
      false,
      'fail',
      /AUDIT_LOG_FILE/,
    ],
    ['a directory', exists({ isFile: false }), false, 'fail', /Point AUDIT_LOG_FILE at a file/],
    ['read-only', exists({ writable: false }), false, 'fail', /writable by the user the proxy runs as/],
    ['mode 600', exists({}), false, 'pass', null],
    ['mode 640', exists({ mode: 0o100640 }), false, 'warn', /chmod 600/],
    ['mode 604', exists({ mode: 0o100604 }), false, 'warn', /chmod 600/],
    ['directory read-only, appended', exists({ directoryWritable: false }), false, 'pass', null],
    [
      'directory read-only, replaced whole',
      exists({ directoryWritable: false }),
      true,
      'fail',
      /directory of AUDIT_LOG_FILE/,
    ],
  ])('%s', (_name, state, replacedWhole, status, fix) => {
    const verdict = fileVerdict({ ...subject, replacedWhole }, state);
    expect(verdict.status).toBe(status);
    if (fix === null) expect(verdict.fix).toBeNull();
    else expect(verdict.fix).toMatch(fix);
  });
  test('the mode is shown in octal', () => {
    expect(fileVerdict(subject, exists({ mode: 0o100644 })).detail).toContain('mode 644');
  });
});

describe('forgeTrustVerdict', () => {
  const app = 'ari:cloud:ecosystem::app/abc';
  test.each<[string, Parameters<typeof forgeTrustVerdict>[0], 'pass' | 'warn', RegExp]>([
    [
      'no app id',
      { appId: null, installationIds: 0, allowedSites: 0, environments: ['production'], apiTokens: 1 },
      'warn',
      /FORGE_APP_ID is not set/,
    ],
    [
      'production, installations',
      { appId: app, installationIds: 2, allowedSites: 0, environments: ['production'], apiTokens: 0 },
      'pass',
      /2 installation\(s\), production environment only/,
    ],
    [
      'production, sites',
      { appId: app, installationIds: 0, allowedSites: 1, environments: ['production'], apiTokens: 0 },
      'pass',
      /1 site\(s\)/,
    ],
    [
      'development allowed',
      {
        appId: app,
        installationIds: 1,
        allowedSites: 1,
        environments: ['development', 'production'],
        apiTokens: 0,
      },
      'warn',
      /Every development environment/,
    ],
  ])('%s', (_name, input, status, detail) => {
    const verdict = forgeTrustVerdict(input);
    expect(verdict.status).toBe(status);
    expect(verdict.detail).toMatch(detail);
    if (status === 'warn') expect(verdict.fix).toMatch(/FORGE_/);
  });
});
