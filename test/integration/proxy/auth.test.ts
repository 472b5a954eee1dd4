import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createLocalJWKSet,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
} from 'jose';
import { PROBLEM_TYPES } from '../../../src/contract/proxy';
import { createProxyApp } from '../../../src/proxy/server/app';
import { createFitVerifier, FitRejectedError, remoteJwks } from '../../../src/proxy/auth/fit';
import { createAuthenticator } from '../../../src/proxy/auth/middleware';
import { createStaticTokenAuthenticator } from '../../../src/proxy/auth/static-tokens';
import { FakeOperations } from './support/fake-operations';
import { memoryLogger } from './support/memory-logger';
import { serveFetch, type Served } from './support/serve';

const APP_ID = 'ari:cloud:ecosystem::app/0b5f2c9e-1111-4222-8333-944455556666';
const INSTALLATION = 'ari:cloud:ecosystem::installation/inst-1';
const OTHER_INSTALLATION = 'ari:cloud:ecosystem::installation/other';
/** The customer's site (cloud id) and another site the same app is installed on. */
const SITE = '4c822e2f-510f-48b9-b8d2-8419d0932949';
const OTHER_SITE = 'd0d52620-3203-4cfa-8db5-f2587155f0dd';
const ENV_ARI = 'ari:cloud:ecosystem::environment/0b5f2c9e-1111-4222-8333-944455556666/prod-env';
const ADMIN = '557058:admin-1';
const CLI_TOKEN = 'cli-token-0123456789abcdef0123456789abcdef';
const KID = 'forge-key-1';

let signingKey: CryptoKey;
let otherKey: CryptoKey;
let publicJwk: JWK;
let publicPem: string;
let jwksServer: Server;
let jwksUrl: string;
let proxy: Served;
let brokenProxy: Served;
const ops = new FakeOperations();

/** Serves the public key as a JWKS; `/broken` answers 500 like an outage of the key endpoint. */
async function startJwksServer(): Promise<void> {
  jwksServer = createServer((req, res) => {
    if (req.url === '/broken') {
      res.writeHead(500).end('down');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk] }));
  });
  await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}`;
}

function proxyFor(keysUrl: string) {
  const authenticate = createAuthenticator({
    fit: createFitVerifier({
      appId: APP_ID,
      keys: remoteJwks(keysUrl),
      installationIds: new Set([INSTALLATION]),
      allowedSites: new Set([SITE]),
    }),
    tokens: createStaticTokenAuthenticator(new Map([['automation', CLI_TOKEN]])),
  });
  const app = createProxyApp({
    operations: ops,
    authenticate,
    readiness: async () => undefined,
    logger: memoryLogger([CLI_TOKEN]).logger,
  });
  return serveFetch(app.fetch);
}

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  signingKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  publicPem = await exportSPKI(pair.publicKey);
  otherKey = (await generateKeyPair('RS256')).privateKey;
  await startJwksServer();
  proxy = await proxyFor(`${jwksUrl}/jwks.json`);
  brokenProxy = await proxyFor(`${jwksUrl}/broken`);
});

afterAll(async () => {
  await proxy.close();
  await brokenProxy.close();
  await new Promise<void>((r) => jwksServer.close(() => r()));
});

beforeEach(() => {
  ops.calls.length = 0;
});

interface FitOptions {
  claims?: Record<string, unknown>;
  key?: CryptoKey;
  kid?: string;
  iss?: string;
  aud?: string;
  exp?: number;
  nbf?: number;
}

const now = () => Math.floor(Date.now() / 1000);

/** The `app` claim of a production FIT from the allowed installation on the allowed site. */
function appClaim(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: APP_ID,
    appVersion: '3.1.0',
    installationId: INSTALLATION,
    apiBaseUrl: `https://api.atlassian.com/ex/jira/${SITE}`,
    environment: { type: 'PRODUCTION', id: ENV_ARI },
    module: { type: 'core:endpoint', key: 'scim-unlock-proxy-endpoint' },
    installation: {
      id: INSTALLATION,
      contexts: [{ cloudId: SITE, apiBaseUrl: `https://api.atlassian.com/ex/jira/${SITE}` }],
    },
    ...over,
  };
}

/** A FIT as Forge signs it; `claims` replaces top-level claims (use `appClaim` to vary `app`). */
function fit(o: FitOptions = {}): Promise<string> {
  const claims = {
    app: appClaim(),
    context: { cloudId: SITE, moduleKey: 'scim-unlock-admin' },
    principal: ADMIN,
    ...o.claims,
  };
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: o.kid ?? KID })
    .setIssuer(o.iss ?? 'forge/invocation-token')
    .setAudience(o.aud ?? APP_ID)
    .setIssuedAt()
    .setExpirationTime(o.exp ?? now() + 60);
  if (o.nbf !== undefined) jwt.setNotBefore(o.nbf);
  return jwt.sign(o.key ?? signingKey);
}

/** A backend (app-initiated) FIT: no `context`, no `principal`. */
function backendFit(app: Record<string, unknown> = {}): Promise<string> {
  return fit({ claims: { app: appClaim(app), context: undefined, principal: undefined } });
}

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
function unsignedToken(): string {
  return `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ iss: 'forge/invocation-token', aud: APP_ID, exp: now() + 60, app: { id: APP_ID, installationId: INSTALLATION }, principal: ADMIN })}.`;
}
async function hs256WithPublicKey(): Promise<string> {
  // The classic algorithm-confusion forgery: HMAC keyed with the (public) RSA key bytes.
  return new SignJWT({ app: { id: APP_ID, installationId: INSTALLATION }, principal: ADMIN })
    .setProtectedHeader({ alg: 'HS256', kid: KID })
    .setIssuer('forge/invocation-token')
    .setAudience(APP_ID)
    .setExpirationTime(now() + 60)
    .sign(new TextEncoder().encode(publicPem));
}

async function lookup(authorization: string | undefined, base = proxy.url): Promise<Response> {
  return fetch(`${base}/v1/accounts/lookup?email=ada@example.com`, {
    headers: authorization === undefined ? {} : { authorization },
  });
}

describe('Forge Invocation Tokens', () => {
  test('a valid FIT is accepted and its principal becomes the actor', async () => {
    const res = await lookup(`Bearer ${await fit()}`);
    expect(res.status).toBe(200);
    expect(ops.calls[0]?.ctx.actor).toEqual({
      kind: 'forge',
      id: ADMIN,
      installationId: INSTALLATION,
      cloudId: SITE,
      forge: { environment: 'production', appVersion: '3.1.0', sites: [SITE] },
    });
  });

  test('a principal given as {accountId} is accepted too', async () => {
    const res = await lookup(`Bearer ${await fit({ claims: { principal: { accountId: ADMIN } } })}`);
    expect(res.status).toBe(200);
    expect(ops.calls[0]?.ctx.actor.id).toBe(ADMIN);
  });

  test('an app-initiated FIT (no principal, no context) is attributed to the installation', async () => {
    const res = await lookup(`Bearer ${await backendFit()}`);
    expect(res.status).toBe(200);
    expect(ops.calls[0]?.ctx.actor).toEqual({
      kind: 'forge',
      id: `installation:${INSTALLATION}`,
      installationId: INSTALLATION,
      forge: { environment: 'production', appVersion: '3.1.0', sites: [SITE] },
    });
  });

  test('a backend FIT whose installation contexts are {name, apiBaseUrl} (as documented) names its site by the URL', async () => {
    const token = await backendFit({
      installation: {
        id: INSTALLATION,
        contexts: [{ name: 'jira', apiBaseUrl: `https://api.atlassian.com/ex/jira/${SITE}` }],
      },
    });
    expect((await lookup(`Bearer ${token}`)).status).toBe(200);
    expect(ops.calls[0]?.ctx.actor.forge?.sites).toEqual([SITE]);
  });

  const rejected: [string, () => Promise<string>, string][] = [
    ['expired (beyond the 30 s skew)', () => fit({ exp: now() - 120 }), 'expired'],
    ['not yet valid (beyond the 30 s skew)', () => fit({ nbf: now() + 300 }), 'expired'],
    ['wrong audience', () => fit({ aud: 'ari:cloud:ecosystem::app/someone-else' }), 'invalid'],
    ['wrong issuer', () => fit({ iss: 'evil/issuer' }), 'invalid'],
    ['bad signature (another key, same kid)', () => fit({ key: otherKey }), 'invalid'],
    ['unknown kid', () => fit({ kid: 'rotated-away' }), 'invalid'],
    ['alg none', async () => unsignedToken(), 'invalid'],
    ['HS256 signed with the public key', hs256WithPublicKey, 'invalid'],
    // Forged FITs: signed with the key the proxy trusts, so only the claim checks can refuse them.
    [
      'another installation of the app (same site)',
      () =>
        fit({
          claims: {
            app: appClaim({
              installationId: OTHER_INSTALLATION,
              installation: { id: OTHER_INSTALLATION, contexts: [{ cloudId: SITE }] },
            }),
          },
        }),
      'installation-not-allowed',
    ],
    [
      'a development environment (any app contributor can deploy there)',
      () => fit({ claims: { app: appClaim({ environment: { type: 'DEVELOPMENT', id: 'ari:e/dev' } }) } }),
      'environment-not-allowed',
    ],
    [
      'a staging environment',
      () => fit({ claims: { app: appClaim({ environment: { type: 'STAGING', id: 'ari:e/stg' } }) } }),
      'environment-not-allowed',
    ],
    [
      'an environment type Forge does not have',
      () => fit({ claims: { app: appClaim({ environment: { type: 'PRODUCTIONISH', id: 'x' } }) } }),
      'environment-not-allowed',
    ],
    ['no environment claim', () => fit({ claims: { app: appClaim({ environment: undefined }) } }), 'invalid'],
    [
      'another site (context.cloudId)',
      () => fit({ claims: { context: { cloudId: OTHER_SITE } } }),
      'site-not-allowed',
    ],
    [
      'another site (backend FIT: installation contexts)',
      () =>
        backendFit({
          apiBaseUrl: `https://api.atlassian.com/ex/jira/${OTHER_SITE}`,
          installation: { id: INSTALLATION, contexts: [{ cloudId: OTHER_SITE }] },
        }),
      'site-not-allowed',
    ],
    [
      'another site (backend FIT: apiBaseUrl only)',
      () =>
        backendFit({
          apiBaseUrl: `https://api.atlassian.com/ex/jira/${OTHER_SITE}`,
          installation: { id: INSTALLATION, contexts: [] },
        }),
      'site-not-allowed',
    ],
    [
      'the allowed site and another one',
      () =>
        fit({
          claims: {
            app: appClaim({ installation: { id: INSTALLATION, contexts: [{ cloudId: OTHER_SITE }] } }),
          },
        }),
      'site-not-allowed',
    ],
    [
      'no site at all while a site allowlist is set',
      () => backendFit({ apiBaseUrl: undefined, installation: undefined }),
      'site-not-allowed',
    ],
    ['Isolated Cloud token (icLabel)', () => fit({ claims: { icLabel: 'ic-1' } }), 'invalid'],
    [
      'app.id differs from the audience',
      () => fit({ claims: { app: appClaim({ id: 'ari:cloud:ecosystem::app/other' }) } }),
      'invalid',
    ],
    ['principal that is not an account id', () => fit({ claims: { principal: '../../admin' } }), 'invalid'],
    ['missing app claim', () => fit({ claims: { app: undefined } }), 'invalid'],
  ];
  test.each(rejected)('%s → 401', async (_name, token, reason) => {
    const res = await lookup(`Bearer ${await token()}`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="scim-unlock", error="invalid_token"');
    const body = await res.json();
    expect(body).toMatchObject({ type: PROBLEM_TYPES.unauthorized, status: 401, reason });
    expect(ops.calls).toHaveLength(0);
  });

  test('only the deprecated app.version, no appVersion: accepted, recorded as unknown', async () => {
    const token = await fit({ claims: { app: appClaim({ appVersion: undefined, version: '16' }) } });
    expect((await lookup(`Bearer ${token}`)).status).toBe(200);
    expect(ops.calls[0]?.ctx.actor.forge?.appVersion).toBeNull();
  });

  test('a token within the clock skew is still accepted', async () => {
    expect((await lookup(`Bearer ${await fit({ exp: now() - 5 })}`)).status).toBe(200);
  });

  test('an unreachable key endpoint is an outage (503), not an authentication failure', async () => {
    const res = await lookup(`Bearer ${await fit()}`, brokenProxy.url);
    expect(res.status).toBe(503);
    expect((await res.json()).type).toBe(PROBLEM_TYPES.upstreamUnavailable);
    expect(ops.calls).toHaveLength(0);
  });
});

describe('the allowlists in every combination (the verifier alone, same signed tokens)', () => {
  const keys = () => createLocalJWKSet({ keys: [publicJwk] });
  type Allow = Partial<Parameters<typeof createFitVerifier>[0]>;
  const verify = (allow: Allow, token: string) =>
    createFitVerifier({ appId: APP_ID, keys: keys(), installationIds: null, allowedSites: null, ...allow })(
      token,
    );
  const reasonOf = async (allow: Allow, token: string): Promise<string> => {
    try {
      await verify(allow, token);
      return 'accepted';
    } catch (err) {
      if (err instanceof FitRejectedError) return err.reason;
      throw err;
    }
  };

  test('no installation and no site allowlist: the verifier is never built', () => {
    expect(() =>
      createFitVerifier({ appId: APP_ID, keys: keys(), installationIds: null, allowedSites: null }),
    ).toThrow(/installation or a site allowlist/);
  });

  const dev = () => fit({ claims: { app: appClaim({ environment: { type: 'DEVELOPMENT', id: 'e' } }) } });
  const otherInstallation = () => fit({ claims: { app: appClaim({ installationId: OTHER_INSTALLATION }) } });
  const otherSite = () => fit({ claims: { context: { cloudId: OTHER_SITE } } });
  const cases: [string, Allow, () => Promise<string>, string][] = [
    [
      'installations only: the allowed one',
      { installationIds: new Set([INSTALLATION]) },
      () => fit(),
      'accepted',
    ],
    [
      'installations only, given as the bare id `forge install list` prints',
      { installationIds: new Set(['inst-1']) },
      () => fit(),
      'accepted',
    ],
    [
      'installations only: another site of the same installation is not checked',
      { installationIds: new Set([INSTALLATION]) },
      otherSite,
      'accepted',
    ],
    [
      'installations only: another installation',
      { installationIds: new Set([INSTALLATION]) },
      otherInstallation,
      'installation-not-allowed',
    ],
    ['sites only: the allowed site', { allowedSites: new Set([SITE]) }, () => fit(), 'accepted'],
    ['sites only: any installation on it', { allowedSites: new Set([SITE]) }, otherInstallation, 'accepted'],
    ['sites only: another site', { allowedSites: new Set([SITE]) }, otherSite, 'site-not-allowed'],
    ['sites only: development', { allowedSites: new Set([SITE]) }, dev, 'environment-not-allowed'],
    [
      'development explicitly allowed',
      { allowedSites: new Set([SITE]), allowedEnvironments: new Set(['development'] as const) },
      dev,
      'accepted',
    ],
    [
      'development allowed, production then is not',
      { allowedSites: new Set([SITE]), allowedEnvironments: new Set(['development'] as const) },
      () => fit(),
      'environment-not-allowed',
    ],
    [
      'both allowlists: both must hold',
      { installationIds: new Set([INSTALLATION]), allowedSites: new Set([SITE]) },
      otherSite,
      'site-not-allowed',
    ],
  ];
  test.each(cases.map(([name, allow, token, expected]) => ({ name, allow, token, expected })))(
    '$name → $expected',
    async ({ allow, token, expected }) => {
      expect(await reasonOf(allow, await token())).toBe(expected);
    },
  );
});

describe('static API tokens', () => {
  test('the right token is accepted and its name becomes the actor', async () => {
    const res = await lookup(`Bearer ${CLI_TOKEN}`);
    expect(res.status).toBe(200);
    expect(ops.calls[0]?.ctx.actor).toEqual({ kind: 'token', id: 'automation' });
  });

  test.each([
    ['a wrong token', `Bearer ${CLI_TOKEN.slice(0, -1)}x`, 'invalid'],
    ['a prefix of the token', `Bearer ${CLI_TOKEN.slice(0, 20)}`, 'invalid'],
    ['another scheme', `Basic ${Buffer.from(`u:${CLI_TOKEN}`).toString('base64')}`, 'malformed'],
    ['bearer without a token', 'Bearer ', 'malformed'],
    ['a token with spaces', `Bearer ${CLI_TOKEN} extra`, 'malformed'],
  ])('%s → 401 invalid_token', async (_name, header, reason) => {
    const res = await lookup(header);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="scim-unlock", error="invalid_token"');
    expect(await res.json()).toMatchObject({ type: PROBLEM_TYPES.unauthorized, reason });
    expect(ops.calls).toHaveLength(0);
  });

  test('no Authorization header → 401 with a bare challenge', async () => {
    const res = await lookup(undefined);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="scim-unlock"');
    const body = await res.json();
    expect(body).toMatchObject({ type: PROBLEM_TYPES.unauthorized, status: 401, reason: 'missing' });
    expect(body.instance).toBe(res.headers.get('x-request-id'));
  });

  test('health is open, /v1 is not', async () => {
    expect((await fetch(`${proxy.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${proxy.url}/v1/scan/deactivated-by-sync`, { method: 'POST' })).status).toBe(401);
  });
});
