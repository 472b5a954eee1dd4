import {
  ConfigError,
  DEFAULT_API_BASE_URL,
  DEFAULT_FORGE_JWKS_URL,
  loadConfig,
  type Env,
} from '../../../src/proxy/config';

const ORG_KEY = 'ATATT-org-key-value-0123456789';
const TOKEN = 'cli-token-0123456789abcdef0123456789';
const SITE = '4c822e2f-510f-48b9-b8d2-8419d0932949';
const base: Env = {
  ATLASSIAN_ORG_ID: 'org-1',
  ATLASSIAN_ORG_API_KEY: ORG_KEY,
  FORGE_APP_ID: 'ari:cloud:ecosystem::app/11111111-2222-3333-4444-555555555555',
  FORGE_ALLOWED_SITES: SITE,
};

function fail(env: Env, files: Record<string, string> = {}): ConfigError {
  try {
    loadConfig(env, (p) => {
      const v = files[p];
      if (v === undefined) throw new Error(`ENOENT ${p}`);
      return v;
    });
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig: defaults', () => {
  test('a minimal environment gets the documented defaults', () => {
    const c = loadConfig(base);
    expect(c).toMatchObject({
      orgId: 'org-1',
      orgApiKey: ORG_KEY,
      apiBaseUrl: DEFAULT_API_BASE_URL,
      forgeJwksUrl: DEFAULT_FORGE_JWKS_URL,
      forgeInstallationIds: null,
      forgeAllowedSites: new Set([SITE]),
      forgeAllowedEnvironments: new Set(['production']),
      allowedDirectories: null,
      unlinkMethod: 'unlink',
      port: 4020,
      auditLogFile: null,
    });
    expect(c.scimDirectoryKeys.size).toBe(0);
    expect(c.apiTokens.size).toBe(0);
  });
});

describe('loadConfig: valid values', () => {
  test.each([
    [
      'ATLASSIAN_API_BASE_URL',
      'http://127.0.0.1:4010/',
      (c: ReturnType<typeof loadConfig>) => c.apiBaseUrl,
      'http://127.0.0.1:4010',
    ],
    [
      'SCIM_DIRECTORY_KEYS',
      '{"dir-1":"k=1,2","dir-2":"other"}',
      (c: ReturnType<typeof loadConfig>) => [...c.scimDirectoryKeys],
      [
        ['dir-1', 'k=1,2'],
        ['dir-2', 'other'],
      ],
    ],
    [
      'PROXY_API_TOKENS',
      `{"cli":"${TOKEN}"}`,
      (c: ReturnType<typeof loadConfig>) => [...c.apiTokens.keys()],
      ['cli'],
    ],
    [
      'FORGE_INSTALLATION_IDS',
      ' inst-1, ,ari:cloud:ecosystem::installation/inst-2 ',
      (c: ReturnType<typeof loadConfig>) => [...(c.forgeInstallationIds ?? [])],
      // Bare ids (as `forge install list` prints them) become the ARIs tokens carry.
      ['ari:cloud:ecosystem::installation/inst-1', 'ari:cloud:ecosystem::installation/inst-2'],
    ],
    [
      'FORGE_ALLOWED_SITES',
      ` ${SITE} , d0d52620-3203-4cfa-8db5-f2587155f0dd`,
      (c: ReturnType<typeof loadConfig>) => [...(c.forgeAllowedSites ?? [])],
      [SITE, 'd0d52620-3203-4cfa-8db5-f2587155f0dd'],
    ],
    [
      'FORGE_ALLOWED_ENVIRONMENTS',
      'Production, development',
      (c: ReturnType<typeof loadConfig>) => [...c.forgeAllowedEnvironments],
      ['production', 'development'],
    ],
    [
      'PROTECTED_ACCOUNTS',
      '557058:abc, Boss@Example.com',
      (c: ReturnType<typeof loadConfig>) => [
        [...c.protectedAccounts.accountIds],
        [...c.protectedAccounts.emails],
      ],
      [['557058:abc'], ['boss@example.com']],
    ],
    [
      'ALLOWED_DIRECTORIES',
      'd1,d2',
      (c: ReturnType<typeof loadConfig>) => [...(c.allowedDirectories ?? [])],
      ['d1', 'd2'],
    ],
    ['UNLINK_METHOD', 'delete', (c: ReturnType<typeof loadConfig>) => c.unlinkMethod, 'delete'],
    ['PORT', '0', (c: ReturnType<typeof loadConfig>) => c.port, 0],
    [
      'AUDIT_LOG_FILE',
      '/var/log/audit.jsonl',
      (c: ReturnType<typeof loadConfig>) => c.auditLogFile,
      '/var/log/audit.jsonl',
    ],
  ])('%s=%s', (name, value, pick, expected) => {
    expect(pick(loadConfig({ ...base, [name]: value }))).toEqual(expected);
  });

  test('static tokens alone are enough to start (no Forge)', () => {
    const c = loadConfig({
      ATLASSIAN_ORG_ID: 'o',
      ATLASSIAN_ORG_API_KEY: ORG_KEY,
      PROXY_API_TOKENS: `{"ci":"${TOKEN}"}`,
    });
    expect(c.forgeAppId).toBeNull();
  });
});

describe('loadConfig: _FILE variants', () => {
  test('secrets are read from files, trailing newline trimmed', () => {
    const files = { '/run/secrets/org': `${ORG_KEY}\n`, '/run/secrets/scim': '{"d1":"scim-key-1"}\n' };
    const c = loadConfig(
      {
        ...base,
        ATLASSIAN_ORG_API_KEY: undefined,
        ATLASSIAN_ORG_API_KEY_FILE: '/run/secrets/org',
        SCIM_DIRECTORY_KEYS_FILE: '/run/secrets/scim',
      },
      (p) => {
        const v = files[p as keyof typeof files];
        if (v === undefined) throw new Error('ENOENT');
        return v;
      },
    );
    expect(c.orgApiKey).toBe(ORG_KEY);
    expect(c.scimDirectoryKeys.get('d1')).toBe('scim-key-1');
  });

  test('the Forge allowlists can come from files too (a mounted config map)', () => {
    const files: Record<string, string> = {
      '/etc/scim-unlock/installations': 'inst-1\n',
      '/etc/scim-unlock/environments': 'staging\n',
    };
    const c = loadConfig(
      {
        ...base,
        FORGE_ALLOWED_SITES: undefined,
        FORGE_INSTALLATION_IDS_FILE: '/etc/scim-unlock/installations',
        FORGE_ALLOWED_ENVIRONMENTS_FILE: '/etc/scim-unlock/environments',
      },
      (p) => {
        const v = files[p];
        if (v === undefined) throw new Error('ENOENT');
        return v;
      },
    );
    expect([...(c.forgeInstallationIds ?? [])]).toEqual(['ari:cloud:ecosystem::installation/inst-1']);
    expect(c.forgeAllowedSites).toBeNull();
    expect([...c.forgeAllowedEnvironments]).toEqual(['staging']);
  });
});

describe('loadConfig: invalid values name the variable and never echo secrets', () => {
  const cases: {
    name: string;
    env: Env;
    files?: Record<string, string>;
    variable: string;
    message: RegExp;
  }[] = [
    {
      name: 'missing org id',
      env: { ...base, ATLASSIAN_ORG_ID: undefined },
      variable: 'ATLASSIAN_ORG_ID',
      message: /required/,
    },
    {
      name: 'empty org key',
      env: { ...base, ATLASSIAN_ORG_API_KEY: '' },
      variable: 'ATLASSIAN_ORG_API_KEY',
      message: /required/,
    },
    {
      name: 'org key with whitespace',
      env: { ...base, ATLASSIAN_ORG_API_KEY: 'abc def' },
      variable: 'ATLASSIAN_ORG_API_KEY',
      message: /invalid|whitespace/,
    },
    {
      name: 'org id with a slash',
      env: { ...base, ATLASSIAN_ORG_ID: 'a/b' },
      variable: 'ATLASSIAN_ORG_ID',
      message: /letters/,
    },
    {
      name: 'plain http to a remote host',
      env: { ...base, ATLASSIAN_API_BASE_URL: 'http://api.example.com' },
      variable: 'ATLASSIAN_API_BASE_URL',
      message: /https/,
    },
    {
      name: 'base URL with credentials',
      env: { ...base, ATLASSIAN_API_BASE_URL: 'https://u:p@api.example.com' },
      variable: 'ATLASSIAN_API_BASE_URL',
      message: /credentials/,
    },
    { name: 'not a URL', env: { ...base, FORGE_JWKS_URL: 'jwks' }, variable: 'FORGE_JWKS_URL', message: /./ },
    {
      name: 'app id that is not an ARI',
      env: { ...base, FORGE_APP_ID: 'my-app' },
      variable: 'FORGE_APP_ID',
      message: /ARI/,
    },
    {
      name: 'SCIM keys not JSON',
      env: { ...base, SCIM_DIRECTORY_KEYS: 'd1=secret-scim-key' },
      variable: 'SCIM_DIRECTORY_KEYS',
      message: /JSON object/,
    },
    {
      name: 'SCIM keys as an array',
      env: { ...base, SCIM_DIRECTORY_KEYS: '["x"]' },
      variable: 'SCIM_DIRECTORY_KEYS',
      message: /JSON object/,
    },
    {
      name: 'SCIM key for a bad directory id',
      env: { ...base, SCIM_DIRECTORY_KEYS: '{"../x":"k"}' },
      variable: 'SCIM_DIRECTORY_KEYS',
      message: /directory id/,
    },
    {
      name: 'SCIM key not a string',
      env: { ...base, SCIM_DIRECTORY_KEYS: '{"d1":42}' },
      variable: 'SCIM_DIRECTORY_KEYS',
      message: /bad value for "d1"/,
    },
    {
      name: 'short API token',
      env: { ...base, PROXY_API_TOKENS: '{"cli":"short"}' },
      variable: 'PROXY_API_TOKENS',
      message: /at least 32/,
    },
    {
      name: 'two names, one token',
      env: { ...base, PROXY_API_TOKENS: `{"a":"${TOKEN}","b":"${TOKEN}"}` },
      variable: 'PROXY_API_TOKENS',
      message: /same token/,
    },
    {
      name: 'protected entry of neither kind',
      env: { ...base, PROTECTED_ACCOUNTS: 'ok-id,not an id' },
      variable: 'PROTECTED_ACCOUNTS',
      message: /neither/,
    },
    {
      name: 'protected bad email',
      env: { ...base, PROTECTED_ACCOUNTS: 'x@' },
      variable: 'PROTECTED_ACCOUNTS',
      message: /neither/,
    },
    {
      name: 'empty directory list',
      env: { ...base, ALLOWED_DIRECTORIES: ' , ' },
      variable: 'ALLOWED_DIRECTORIES',
      message: /empty/,
    },
    {
      name: 'unknown unlink method',
      env: { ...base, UNLINK_METHOD: 'purge' },
      variable: 'UNLINK_METHOD',
      message: /./,
    },
    { name: 'port out of range', env: { ...base, PORT: '70000' }, variable: 'PORT', message: /0-65535/ },
    { name: 'port not a number', env: { ...base, PORT: '80a' }, variable: 'PORT', message: /port/ },
    {
      name: 'no way to authenticate',
      env: { ...base, FORGE_APP_ID: undefined },
      variable: 'FORGE_APP_ID',
      message: /PROXY_API_TOKENS/,
    },
    ...(['FORGE_INSTALLATION_IDS', 'FORGE_ALLOWED_SITES', 'FORGE_ALLOWED_ENVIRONMENTS'] as const).map(
      (variable) => ({
        name: `${variable} without an app`,
        env: {
          ATLASSIAN_ORG_ID: 'org-1',
          ATLASSIAN_ORG_API_KEY: ORG_KEY,
          PROXY_API_TOKENS: `{"a":"${TOKEN}"}`,
          [variable]: variable === 'FORGE_ALLOWED_ENVIRONMENTS' ? 'production' : 'i1',
        },
        variable,
        message: /is set but FORGE_APP_ID is not/,
      }),
    ),
    {
      name: 'Forge app without an installation or site allowlist',
      env: { ...base, FORGE_ALLOWED_SITES: undefined },
      variable: 'FORGE_INSTALLATION_IDS',
      // Names the alternative and says where each value is found.
      message: /or FORGE_ALLOWED_SITES is required.*forge install list.*_edge\/tenant_info/,
    },
    {
      name: 'Forge app with only an environment allowlist',
      env: { ...base, FORGE_ALLOWED_SITES: undefined, FORGE_ALLOWED_ENVIRONMENTS: 'production' },
      variable: 'FORGE_INSTALLATION_IDS',
      message: /or FORGE_ALLOWED_SITES is required/,
    },
    {
      name: 'site given as a URL instead of its cloud id',
      env: { ...base, FORGE_ALLOWED_SITES: 'https://acme.atlassian.net' },
      variable: 'FORGE_ALLOWED_SITES',
      message: /not a cloud id/,
    },
    {
      name: 'empty site list',
      env: { ...base, FORGE_ALLOWED_SITES: ' , ' },
      variable: 'FORGE_ALLOWED_SITES',
      message: /empty/,
    },
    {
      name: 'environment name Forge does not have',
      env: { ...base, FORGE_ALLOWED_ENVIRONMENTS: 'production,prod' },
      variable: 'FORGE_ALLOWED_ENVIRONMENTS',
      message: /production, staging, development/,
    },
    {
      name: 'empty environment list',
      env: { ...base, FORGE_ALLOWED_ENVIRONMENTS: ',' },
      variable: 'FORGE_ALLOWED_ENVIRONMENTS',
      message: /empty/,
    },
    {
      name: 'installation id with a space',
      env: { ...base, FORGE_ALLOWED_SITES: undefined, FORGE_INSTALLATION_IDS: 'inst 1' },
      variable: 'FORGE_INSTALLATION_IDS',
      message: /invalid installation id/,
    },
    {
      name: 'plain and _FILE together',
      env: { ...base, ATLASSIAN_ORG_API_KEY_FILE: '/k' },
      files: { '/k': 'x' },
      variable: 'ATLASSIAN_ORG_API_KEY',
      message: /both set/,
    },
    {
      name: 'unreadable _FILE',
      env: { ...base, ATLASSIAN_ORG_API_KEY: undefined, ATLASSIAN_ORG_API_KEY_FILE: '/nope' },
      variable: 'ATLASSIAN_ORG_API_KEY_FILE',
      message: /cannot be read/,
    },
  ];
  test.each(cases)('$name', ({ env, files, variable, message }) => {
    const err = fail(env, files);
    const problem = err.problems.find((p) => p.variable === variable);
    expect(problem?.message).toMatch(message);
    expect(err.message).toContain(variable);
    for (const secret of [ORG_KEY, TOKEN, 'secret-scim-key', 'abc def', 'short']) {
      expect(err.message).not.toContain(secret);
    }
  });

  test('a malformed allowlist is reported once, not also as missing', () => {
    const err = fail({ ...base, FORGE_ALLOWED_SITES: 'not a site' });
    expect(err.variables).toEqual(['FORGE_ALLOWED_SITES']);
  });

  test('every problem is reported at once', () => {
    const err = fail({
      ATLASSIAN_ORG_API_KEY: ORG_KEY,
      PORT: 'x',
      UNLINK_METHOD: 'y',
      FORGE_APP_ID: base.FORGE_APP_ID,
    });
    expect(err.variables).toEqual(['ATLASSIAN_ORG_ID', 'UNLINK_METHOD', 'PORT', 'FORGE_INSTALLATION_IDS']);
  });
});
