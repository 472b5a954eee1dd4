import { PROBLEM_TYPES } from '../../../src/contract/proxy';
import { createProxyApp } from '../../../src/proxy/server/app';
import { loadConfig } from '../../../src/proxy/config';
import { authenticatorFromConfig, startServer, type RunningProxy } from '../../../src/proxy/server/server';
import { FakeOperations } from './support/fake-operations';
import { memoryLogger } from './support/memory-logger';

// FakeOperations: see its header — this test is about wiring configuration to the HTTP edge.
const TOKEN = 'automation-token-0123456789abcdef0123';

describe('a proxy started from configuration', () => {
  let proxy: RunningProxy;
  const ops = new FakeOperations();

  beforeAll(async () => {
    const config = loadConfig({
      ATLASSIAN_ORG_ID: 'org-1',
      ATLASSIAN_ORG_API_KEY: 'org-key-0123456789',
      PROXY_API_TOKENS: JSON.stringify({ nightly: TOKEN }),
      PORT: '0',
    });
    const app = createProxyApp({
      operations: ops,
      authenticate: authenticatorFromConfig(config),
      readiness: async () => undefined,
      logger: memoryLogger().logger,
    });
    proxy = await startServer(app, { port: config.port });
  });
  afterAll(() => proxy.close());

  test('listens on an ephemeral loopback port and answers health', async () => {
    expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${proxy.url}/healthz`)).json()).toEqual({ status: 'ok' });
  });

  test('the configured token authenticates as its name', async () => {
    const res = await fetch(`${proxy.url}/v1/accounts/lookup?accountId=abc`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect(ops.calls[0]?.ctx.actor).toEqual({ kind: 'token', id: 'nightly' });
  });

  test('without FORGE_APP_ID a JWT is not accepted (no key set is even consulted)', async () => {
    const jwtShaped = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
    const res = await fetch(`${proxy.url}/v1/accounts/lookup?accountId=abc`, {
      headers: { authorization: `Bearer ${jwtShaped}` },
    });
    expect(res.status).toBe(401);
    expect((await res.json()).type).toBe(PROBLEM_TYPES.unauthorized);
  });
});
