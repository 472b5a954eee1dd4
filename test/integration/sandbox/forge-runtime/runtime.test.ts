/**
 * The local Forge runtime running the REAL @forge/resolver, @forge/api, @forge/kvs and @forge/events
 * against the real simulator (Jira) and the real org-admin proxy (invokeRemote + FIT), all on loopback.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import api, { asApp, asUser, getAppContext, invokeRemote, ProxyRequestError, route } from '@forge/api';
import { InvocationError, InvocationErrorCode, Queue, type AsyncEvent } from '@forge/events';
import { kvs, WhereConditions, ForgeKvsAPIError } from '@forge/kvs';
import Resolver from '@forge/resolver';
import { decodeJwt } from 'jose';
import {
  createFitSigner,
  createForgeRuntime,
  startLocalJwks,
  ForgeRuntimeError,
  NoConsumerError,
  type ForgeRuntime,
  type FitSigner,
  type LocalJwks,
} from '../../../../src/sandbox/forge-runtime';
import { loadConfig } from '../../../../src/proxy/config';
import { startProxy, type StartedProxy } from '../../../../src/proxy/main';
import { startSimulator, type RunningSimulator } from '../../../../src/sandbox/sim/server';
import { APP_ID, INSTALLATION_ARI, INSTALLATION_ID, ManualClock } from './support';

let sim: RunningSimulator;
let signer: FitSigner;
let jwks: LocalJwks;
let proxy: StartedProxy;
let rt: ForgeRuntime;
let auditDir: string;
const auditLines: string[] = [];
/** A remote that only records the Authorization header it receives, to read the FIT the runtime mints. */
let capture: Server;
let captureUrl: string;
const captured: string[] = [];
const clock = new ManualClock();

const user = (i: number) => {
  const u = sim.identity.jira.users[i];
  if (!u) throw new Error('demo seed has four Jira users');
  return u;
};

function runtimeFor(installationId: string): ForgeRuntime {
  const { jira } = sim.identity;
  const tokens = new Map(jira.users.map((u) => [u.accountId, u.token]));
  return createForgeRuntime({
    jira: {
      baseUrl: sim.url,
      cloudId: jira.cloudId,
      appToken: jira.appToken,
      siteUrl: jira.siteUrl,
      tokenFor: (id) => tokens.get(id),
    },
    remotes: { 'org-admin-proxy': { baseUrl: proxy.url }, capture: { baseUrl: captureUrl } },
    fit: signer,
    appId: APP_ID,
    installationId,
    clock,
  });
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: { seed: 'demo' } });
  signer = await createFitSigner();
  jwks = await startLocalJwks(signer);
  auditDir = mkdtempSync(join(tmpdir(), 'forge-rt-'));
  capture = createServer((req, res) => {
    captured.push(req.headers.authorization ?? '');
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((r) => capture.listen(0, '127.0.0.1', r));
  captureUrl = `http://127.0.0.1:${(capture.address() as AddressInfo).port}`;
  const config = loadConfig({
    ATLASSIAN_ORG_ID: sim.identity.org.id,
    ATLASSIAN_ORG_API_KEY: sim.identity.org.apiKey,
    ATLASSIAN_API_BASE_URL: sim.url,
    SCIM_DIRECTORY_KEYS: JSON.stringify(
      Object.fromEntries(sim.identity.directories.map((d) => [d.id, d.scimKey])),
    ),
    FORGE_APP_ID: APP_ID,
    FORGE_JWKS_URL: jwks.url,
    FORGE_INSTALLATION_IDS: INSTALLATION_ARI,
    FORGE_ALLOWED_SITES: sim.identity.jira.cloudId,
    // The runtime's default environment, as under `forge tunnel`.
    FORGE_ALLOWED_ENVIRONMENTS: 'development',
    AUDIT_LOG_FILE: join(auditDir, 'audit.log'),
    PORT: '0',
  });
  proxy = await startProxy(config, {
    port: 0,
    logDestination: { write: () => undefined },
    auditStdout: { write: (s: string) => void auditLines.push(s) },
  });
  rt = runtimeFor(INSTALLATION_ID);
  rt.install();
});

afterAll(async () => {
  rt?.uninstall();
  await proxy?.close();
  await jwks?.close();
  await sim?.close();
  await new Promise<void>((r) => (capture ? capture.close(() => r()) : r()));
  rmSync(auditDir, { recursive: true, force: true });
});

const adminPage = { moduleKey: 'org-admin-page', extension: { type: 'jira:adminPage' } };

describe('resolvers', () => {
  const resolver = new Resolver();
  resolver.define('whoAmI', async ({ payload, context }) => {
    const me = await api.asUser().requestJira(route`/rest/api/3/myself`);
    const body = (await me.json()) as { accountId: string };
    return {
      status: me.status,
      jiraAccountId: body.accountId,
      contextAccountId: context.accountId,
      payload,
      moduleKey: context.moduleKey,
      extensionType: (context.extension as { type: string }).type,
      installContext: context.installContext,
      at: new Date(0),
      dropped: undefined,
    };
  });
  resolver.define('asAppMyself', async () => {
    const res = await asApp().requestJira(route`/rest/api/3/myself`);
    return { status: res.status, accountId: ((await res.json()) as { accountId: string }).accountId };
  });
  resolver.define('asNamedUser', async ({ payload }) => {
    const res = await asUser(String(payload.accountId)).requestJira(route`/rest/api/3/myself`);
    return ((await res.json()) as { accountId: string }).accountId;
  });
  resolver.define('appContext', async () => {
    const c = getAppContext();
    return {
      appAri: c.appAri.toString(),
      installationAri: c.installationAri.toString(),
      moduleKey: c.moduleKey,
      remaining: c.invocationRemainingTimeInMillis(),
    };
  });
  const handler = resolver.getDefinitions();

  test('asUser() reaches Jira with the invoking user, context.accountId comes from the principal, result is JSON round-tripped', async () => {
    const paul = user(2);
    const out = await rt.invokeResolver(handler, {
      functionKey: 'whoAmI',
      payload: { accountId: 'spoofed-account' },
      accountId: paul.accountId,
      ...adminPage,
    });
    expect(out).toEqual({
      status: 200,
      jiraAccountId: paul.accountId,
      contextAccountId: paul.accountId,
      payload: { accountId: 'spoofed-account' },
      moduleKey: 'org-admin-page',
      extensionType: 'jira:adminPage',
      installContext: `ari:cloud:jira::site/${sim.identity.jira.cloudId}`,
      at: '1970-01-01T00:00:00.000Z',
    });
    expect(rt.calls.at(-1)).toMatchObject({
      kind: 'jira',
      provider: 'user',
      accountId: paul.accountId,
      status: 200,
    });
  });

  test('asApp() uses the app token; asUser(id) names another user', async () => {
    await expect(
      rt.invokeResolver(handler, { functionKey: 'asAppMyself', accountId: user(0).accountId, ...adminPage }),
    ).resolves.toEqual({ status: 200, accountId: sim.identity.jira.appAccountId });
    await expect(
      rt.invokeResolver(handler, {
        functionKey: 'asNamedUser',
        payload: { accountId: user(3).accountId },
        accountId: user(0).accountId,
        ...adminPage,
      }),
    ).resolves.toBe(user(3).accountId);
  });

  test('asUser() without a user is refused as a platform error', async () => {
    await expect(
      rt.invokeResolver(handler, { functionKey: 'whoAmI', accountId: null, ...adminPage }),
    ).rejects.toBeInstanceOf(ProxyRequestError);
    expect(rt.calls.at(-1)).toMatchObject({ kind: 'refused', proxyError: 'NO_USER_CONTEXT' });
  });

  test('getAppContext() reports the app, installation, module and remaining time of the invocation', async () => {
    await expect(
      rt.invokeResolver(handler, { functionKey: 'appContext', accountId: user(0).accountId, ...adminPage }),
    ).resolves.toEqual({
      appAri: APP_ID,
      installationAri: INSTALLATION_ARI,
      moduleKey: 'org-admin-page',
      remaining: 25_000,
    });
  });

  test('an unknown function key rejects like Forge', async () => {
    await expect(
      rt.invokeResolver(handler, { functionKey: 'nope', accountId: user(0).accountId, ...adminPage }),
    ).rejects.toThrow("Resolver has no definition for 'nope'.");
  });

  test('payloads that are not JSON are refused before the app sees them', async () => {
    await expect(
      rt.invokeResolver(handler, {
        functionKey: 'whoAmI',
        payload: { n: 1n },
        accountId: null,
        ...adminPage,
      }),
    ).rejects.toMatchObject({ code: 'NOT_SERIALISABLE' });
  });
});

describe('KVS through @forge/kvs', () => {
  beforeEach(() => rt.kvs.clear());

  test('set/get, keyPolicy FAIL_IF_EXISTS, returnValue, delete', async () => {
    await kvs.set('settings:project', { key: 'OPS' });
    await expect(kvs.get('settings:project')).resolves.toEqual({ key: 'OPS' });
    await expect(kvs.get('missing')).resolves.toBeUndefined();
    const err = await kvs
      .set('settings:project', { key: 'X' }, { keyPolicy: 'FAIL_IF_EXISTS' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ForgeKvsAPIError);
    expect(err).toMatchObject({ code: 'KEY_CONFLICT', responseDetails: { status: 409 } });
    await expect(
      kvs.set('settings:project', { key: 'NEW' }, { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' }),
    ).resolves.toEqual({ key: 'settings:project', value: { key: 'OPS' } });
    await kvs.delete('settings:project');
    await kvs.delete('settings:project'); // deleting a missing key is not an error for the client
    await expect(kvs.get('settings:project')).resolves.toBeUndefined();
  });

  test('query: beginsWith, key order, limit and cursor paging; secrets are never listed', async () => {
    for (const k of ['flag:c', 'flag:a', 'other:x', 'flag:b']) await kvs.set(k, { k });
    await kvs.setSecret('flag:secret', 'api-key');
    const first = await kvs.query().where('key', WhereConditions.beginsWith('flag:')).limit(2).getMany();
    expect(first.results.map((r) => r.key)).toEqual(['flag:a', 'flag:b']);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await kvs
      .query()
      .where('key', WhereConditions.beginsWith('flag:'))
      .limit(2)
      .cursor(first.nextCursor as string)
      .getMany();
    expect(second).toEqual({ results: [{ key: 'flag:c', value: { k: 'flag:c' } }] });
    await expect(kvs.getSecret('flag:secret')).resolves.toBe('api-key');
    await expect(kvs.get('flag:secret')).resolves.toBeUndefined();
  });

  test('ttl expires on the runtime clock, and metadata is returned when asked', async () => {
    await kvs.set('lock:scan', { by: 'x' }, { ttl: { value: 5, unit: 'MINUTES' } });
    await expect(kvs.get('lock:scan', { metadataFields: [] })).resolves.toEqual({
      key: 'lock:scan',
      value: { by: 'x' },
    });
    clock.advance(5 * 60_000 - 1);
    await expect(kvs.get('lock:scan')).resolves.toEqual({ by: 'x' });
    clock.advance(1);
    await expect(kvs.get('lock:scan')).resolves.toBeUndefined();
  });

  test('batches report per-key failures; transactions are all-or-nothing', async () => {
    const set = await kvs.batchSet([
      { key: 'a', value: 1 },
      { key: 'bad/key', value: 2 },
    ]);
    expect(set.successfulKeys).toEqual([{ key: 'a' }]);
    expect(set.failedKeys).toEqual([
      { key: 'bad/key', error: { code: 'INVALID_KEY', message: expect.any(String) } },
    ]);
    await expect(kvs.batchGet([{ key: 'a' }, { key: 'zz' }])).resolves.toEqual({
      successfulKeys: [{ key: 'a', value: 1 }],
      failedKeys: [{ key: 'zz', error: { code: 'KEY_NOT_FOUND', message: expect.any(String) } }],
    });
    await kvs.transact().set('t1', 'one').delete('a').execute();
    expect(rt.kvs.entries()).toEqual([{ key: 't1', value: 'one' }]);
    await expect(kvs.transact().set('t2', 'two').set('bad/key', 'x').execute()).rejects.toMatchObject({
      code: 'INVALID_KEY',
    });
    expect(rt.kvs.entries()).toEqual([{ key: 't1', value: 'one' }]);
  });
});

describe('invokeRemote to the real proxy', () => {
  const resolver = new Resolver();
  resolver.define('lookup', async ({ payload }) => {
    const res = await invokeRemote('org-admin-proxy', {
      path: `/v1/accounts/lookup?email=${encodeURIComponent(String(payload.email))}`,
      method: 'GET',
    });
    return { status: res.status, body: (await res.json()) as unknown };
  });
  resolver.define('dryRunUnlock', async ({ payload }) => {
    const res = await invokeRemote('org-admin-proxy', {
      path: `/v1/accounts/${String(payload.accountId)}/unlock`,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer app-supplied-is-replaced' },
      body: JSON.stringify({ reason: 'local runtime test', dryRun: true }),
    });
    return { status: res.status };
  });
  resolver.define('wrongRemote', async () =>
    invokeRemote('proxy-endpoint', { path: '/healthz', method: 'GET' }),
  );
  const handler = resolver.getDefinitions();

  test('the proxy accepts the locally signed FIT and sees the invoking user as the actor', async () => {
    const alice = user(0);
    const out = (await rt.invokeResolver(handler, {
      functionKey: 'lookup',
      payload: { email: user(3).email },
      accountId: alice.accountId,
      ...adminPage,
    })) as { status: number };
    expect(out.status).toBe(200);

    auditLines.length = 0;
    await expect(
      rt.invokeResolver(handler, {
        functionKey: 'dryRunUnlock',
        payload: { accountId: user(3).accountId },
        accountId: alice.accountId,
        ...adminPage,
      }),
    ).resolves.toEqual({ status: 200 });
    const events = auditLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: { kind: 'forge', id: alice.accountId },
      installationId: INSTALLATION_ARI,
    });
  });

  test('an app-initiated call carries no principal: the actor is the installation', async () => {
    auditLines.length = 0;
    const status = await rt.invokeFunction(
      async () => {
        const res = await invokeRemote('org-admin-proxy', {
          path: `/v1/accounts/${user(3).accountId}/unlock`,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ reason: 'nightly dry run', dryRun: true }),
        });
        return res.status;
      },
      {},
      { moduleKey: 'nightly-scan-trigger', kind: 'scheduledTrigger' },
    );
    expect(status).toBe(200);
    const events = auditLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events[0]).toMatchObject({ actor: { kind: 'forge', id: `installation:${INSTALLATION_ARI}` } });
  });

  test('the FIT has the claims Forge documents: appVersion (no app.version), environment, installation contexts; context and principal only for a UI call', async () => {
    captured.length = 0;
    const remote = () => invokeRemote('capture', { path: '/x', method: 'GET' });
    const probe = new Resolver();
    probe.define('call', async () => (await remote()).status);
    await rt.invokeResolver(probe.getDefinitions(), {
      functionKey: 'call',
      accountId: user(0).accountId,
      ...adminPage,
    });
    await rt.invokeFunction(async () => (await remote()).status, {}, { kind: 'consumer', moduleKey: 'q' });
    expect(captured).toHaveLength(2);
    const [fromUi, fromQueue] = captured.map((h) => decodeJwt(h.replace(/^Bearer /, '')));
    const { cloudId } = sim.identity.jira;
    const apiBaseUrl = `${sim.url}/ex/jira/${cloudId}`;
    const app = {
      id: APP_ID,
      appVersion: expect.any(String),
      installationId: INSTALLATION_ARI,
      apiBaseUrl,
      environment: { type: 'DEVELOPMENT', id: expect.stringMatching(/^ari:cloud:ecosystem::environment\//) },
      installation: { id: INSTALLATION_ARI, contexts: [{ cloudId, apiBaseUrl }] },
    };
    expect(fromUi).toMatchObject({
      iss: 'forge/invocation-token',
      aud: APP_ID,
      app,
      context: { cloudId, moduleKey: adminPage.moduleKey },
      principal: user(0).accountId,
    });
    expect(fromQueue).toMatchObject({ app });
    expect(fromQueue).not.toHaveProperty('context');
    expect(fromQueue).not.toHaveProperty('principal');
    for (const claims of [fromUi, fromQueue]) expect(claims?.app).not.toHaveProperty('version');
  });

  test('a FIT for another installation is refused by the proxy', async () => {
    rt.uninstall();
    const other = runtimeFor('c0ffee00-0000-4000-8000-000000000000');
    other.install();
    try {
      const out = (await other.invokeResolver(handler, {
        functionKey: 'lookup',
        payload: { email: user(3).email },
        accountId: user(0).accountId,
        ...adminPage,
      })) as { status: number; body: unknown };
      expect(out.status).toBe(401);
      expect(JSON.stringify(out.body)).toContain('installation this proxy does not serve');
    } finally {
      other.uninstall();
      rt.install();
    }
  });

  test('an unknown remote key fails as InvalidRemoteError', async () => {
    await expect(
      rt.invokeResolver(handler, { functionKey: 'wrongRemote', accountId: user(0).accountId, ...adminPage }),
    ).rejects.toMatchObject({ name: 'INVALID_REMOTE_ERR', remoteKey: 'proxy-endpoint', status: 400 });
  });
});

describe('queues and scheduled triggers', () => {
  test('a resolver pushes, the consumer chains the next page, drain delivers all; stats follow', async () => {
    const seen: Array<{ page: number; retry: number | undefined }> = [];
    let jobId = '';
    rt.queue.register('scan-queue', async (event: AsyncEvent) => {
      const page = Number(event.body.page);
      seen.push({ page, retry: event.retryContext?.retryCount });
      if (page === 1 && event.retryContext === undefined) {
        return new InvocationError({
          retryAfter: 30,
          retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST,
        });
      }
      // A consumer may use the app's Jira access (no user): asApp works.
      const res = await asApp().requestJira(route`/rest/api/3/myself`);
      if (res.status !== 200) throw new Error('asApp failed');
      if (page < 3) await new Queue({ key: 'scan-queue' }).push([{ body: { page: page + 1 } }]);
      return undefined;
    });
    const resolver = new Resolver();
    resolver.define('startScan', async () => {
      const queue = new Queue({ key: 'scan-queue' });
      ({ jobId } = await queue.push([{ body: { page: 1 } }]));
      return (await queue.getJob(jobId).getStats()) as unknown;
    });
    const stats = await rt.invokeResolver(resolver.getDefinitions(), {
      functionKey: 'startScan',
      accountId: user(0).accountId,
      ...adminPage,
    });
    expect(stats).toEqual({ success: 0, inProgress: 1, failed: 0 });
    expect(rt.queue.size('scan-queue')).toBe(1);

    const report = await rt.queue.drain();
    expect(report).toEqual({ delivered: 4, retried: 1, failed: [] });
    expect(seen).toEqual([
      { page: 1, retry: undefined },
      { page: 1, retry: 1 },
      { page: 2, retry: undefined },
      { page: 3, retry: undefined },
    ]);
    expect(rt.queue.size()).toBe(0);
  });

  test('a push to a queue without a registered consumer surfaces on drain', async () => {
    await rt.invokeFunction(async () => new Queue({ key: 'orphan-queue' }).push([{ body: {} }]), {});
    await expect(rt.queue.drain()).rejects.toBeInstanceOf(NoConsumerError);
    rt.queue.register('orphan-queue', async () => undefined);
    await expect(rt.queue.drain()).resolves.toMatchObject({ delivered: 1 });
  });

  test('a scheduled trigger runs now and on its interval, with the Forge trigger payload and no user', async () => {
    const runs: Array<{ event: unknown; userStatus: number; appStatus: number }> = [];
    rt.scheduler.registerTrigger(
      'nightly-scan-trigger',
      async (event: unknown) => {
        const asUserErr = await api
          .asUser()
          .requestJira(route`/rest/api/3/myself`)
          .then(() => 0)
          .catch((e: unknown) => (e instanceof ProxyRequestError ? e.status : -1));
        const app = await asApp().requestJira(route`/rest/api/3/myself`);
        runs.push({ event, userStatus: asUserErr, appStatus: app.status });
      },
      { interval: 'day', timeoutSeconds: 900 },
    );
    await expect(rt.scheduler.runNow('nightly-scan-trigger')).resolves.toEqual({
      key: 'nightly-scan-trigger',
      outcome: 'ok',
    });
    expect(runs[0]).toEqual({
      event: {
        context: { cloudId: sim.identity.jira.cloudId, moduleKey: 'nightly-scan-trigger' },
        contextToken: expect.any(String),
      },
      userStatus: 401,
      appStatus: 200,
    });

    const due = rt.scheduler.nextDue('nightly-scan-trigger');
    await expect(rt.scheduler.tick(due - 1)).resolves.toEqual([]);
    await expect(rt.scheduler.tick(due)).resolves.toEqual([{ key: 'nightly-scan-trigger', outcome: 'ok' }]);
    expect(rt.scheduler.nextDue('nightly-scan-trigger')).toBe(due + 86_400_000);
    expect(runs).toHaveLength(2);
  });

  test('timeoutSeconds is refused for a resolver-like invocation', async () => {
    await expect(
      rt.invokeFunction(async () => 1, {}, { kind: 'resolver', timeoutSeconds: 60 }),
    ).rejects.toBeInstanceOf(ForgeRuntimeError);
  });
});

describe('install', () => {
  test('install is idempotent, a second runtime cannot take over, invocations need an installed runtime', async () => {
    expect(rt.install()).toBe(rt.uninstall);
    const other = runtimeFor(INSTALLATION_ID);
    expect(() => other.install()).toThrow(expect.objectContaining({ code: 'RUNTIME_ALREADY_INSTALLED' }));
    await expect(other.invokeFunction(async () => 1, {})).rejects.toMatchObject({
      code: 'RUNTIME_NOT_INSTALLED',
    });
  });
});
