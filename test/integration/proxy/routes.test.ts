import { PROBLEM_TYPES } from '../../../src/contract/proxy';
import { createHttpError } from '../../../src/atlassian/errors';
import { createProxyApp, type ProxyAppLimits } from '../../../src/proxy/server/app';
import { createAuthenticator } from '../../../src/proxy/auth/middleware';
import { createStaticTokenAuthenticator } from '../../../src/proxy/auth/static-tokens';
import { ProtectedAccountError } from '../../../src/proxy/operation-errors';
import { buildOpenApiDocument } from '../../../src/proxy/server/openapi';
import { FakeOperations } from './support/fake-operations';
import { memoryLogger } from './support/memory-logger';
import { rawRequest, serveFetch, type Served } from './support/serve';

// Route tests use FakeOperations (see its header): they prove the HTTP edge — validation, auth, problem
// mapping — and that rejected input never reaches the service. The real service is tested against the
// simulator.

const TOKEN = 'route-test-token-0123456789abcdef012345';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const JSON_AUTH = { ...AUTH, 'content-type': 'application/json' };

interface Harness {
  served: Served;
  ops: FakeOperations;
  log: string[];
  readinessCalls: number;
  clock: { t: number };
  failReadiness: boolean;
}

async function start(limits: Partial<ProxyAppLimits> = {}): Promise<Harness> {
  const ops = new FakeOperations();
  const { logger, lines } = memoryLogger([TOKEN]);
  const h = { ops, log: lines, readinessCalls: 0, clock: { t: 1_000_000 }, failReadiness: false } as Omit<
    Harness,
    'served'
  >;
  const app = createProxyApp({
    operations: ops,
    authenticate: createAuthenticator({ tokens: createStaticTokenAuthenticator(new Map([['ci', TOKEN]])) }),
    readiness: async () => {
      h.readinessCalls += 1;
      if (h.failReadiness) throw new Error(`upstream refused key ${TOKEN}`);
    },
    logger,
    limits,
    now: () => h.clock.t,
  });
  return Object.assign(h, { served: await serveFetch(app.fetch) });
}

let h: Harness;
beforeAll(async () => {
  // The shared harness sends hundreds of requests as one actor; the limiter has its own test below.
  h = await start({ rateLimit: { capacity: 10_000, refillPerSecond: 1000 } });
});
afterAll(() => h.served.close());
beforeEach(() => {
  h.ops.calls.length = 0;
  h.ops.behaviour = null;
});

const post = (path: string, body: unknown, headers: Record<string, string> = JSON_AUTH) =>
  fetch(`${h.served.url}${path}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

async function expectProblem(
  res: Response | { status: number; headers: Headers; json(): Promise<unknown> },
  status: number,
  type: string,
) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ type, status });
  expect(JSON.stringify(body)).not.toMatch(/\n\s+at |\.ts:\d+/);
  return body;
}

const MUTATIONS = ['unlock', 'unlink', 'reactivate', 'deactivate'] as const;
const BIG = 'x'.repeat(10 * 1024);

describe('valid input reaches the service, parsed', () => {
  test('lookup by email / by account id', async () => {
    expect(
      (await fetch(`${h.served.url}/v1/accounts/lookup?email=ada@example.com`, { headers: AUTH })).status,
    ).toBe(200);
    expect(
      (await fetch(`${h.served.url}/v1/accounts/lookup?accountId=557058:abc`, { headers: AUTH })).status,
    ).toBe(200);
    expect(h.ops.calls.map((c) => c.args[0])).toEqual([
      { email: 'ada@example.com' },
      { accountId: '557058:abc' },
    ]);
  });

  test.each(MUTATIONS)('%s: reason trimmed, dryRun defaulted, request id and actor passed', async (route) => {
    const res = await post(
      `/v1/accounts/557058:abc/${route}`,
      { reason: '  Re-hire HR-12 ' },
      { ...JSON_AUTH, 'x-request-id': 'trace-42' },
    );
    expect(res.status).toBe(200);
    // The proxy's own id answers; the caller's is passed on beside it, never in its place.
    const proxyId = res.headers.get('x-request-id');
    expect(proxyId).not.toBe('trace-42');
    expect(h.ops.calls).toHaveLength(1);
    const call = h.ops.calls[0]!;
    expect(call.op).toBe(route);
    expect(call.args).toEqual(['557058:abc', { reason: 'Re-hire HR-12', dryRun: false }]);
    expect(call.ctx.requestId).toBe(proxyId);
    expect(call.ctx.callerRequestId).toBe('trace-42');
    expect(call.ctx.actor).toEqual({ kind: 'token', id: 'ci' });
    expect(call.ctx.signal.aborted).toBe(false);
  });

  test('scan without a body gets the default limit', async () => {
    const res = await fetch(`${h.served.url}/v1/scan/deactivated-by-sync`, { method: 'POST', headers: AUTH });
    expect(res.status).toBe(200);
    expect(h.ops.calls[0]?.args).toEqual([{ limit: 50 }]);
  });
});

describe('bad input is a 400 problem and never reaches the service', () => {
  const badLookups: [string, string][] = [
    ['no parameter', ''],
    ['both parameters', '?email=ada@example.com&accountId=abc'],
    ['malformed email', '?email=ada@@example'],
    ['email of 10 kB', `?email=${BIG}@example.com`],
    ['accountId with a slash', '?accountId=a%2Fb'],
    ['accountId with ..', '?accountId=..'],
    ['accountId with spaces', '?accountId=a%20b'],
    ['accountId with %', '?accountId=a%25b'],
    ['repeated parameter', '?email=a@example.com&email=b@example.com'],
    ['unknown parameter', '?email=ada@example.com&expand=all'],
  ];
  test.each(badLookups)('lookup: %s', async (_name, qs) => {
    const body = await expectProblem(
      await fetch(`${h.served.url}/v1/accounts/lookup${qs}`, { headers: AUTH }),
      400,
      PROBLEM_TYPES.validation,
    );
    expect(Array.isArray(body.errors) && body.errors.length > 0).toBe(true);
    expect(JSON.stringify(body)).not.toContain(BIG);
    expect(h.ops.calls).toHaveLength(0);
  });

  const badIds: [string, string][] = [
    ['encoded slash', 'a%2Fb'],
    ['space', 'a%20b'],
    ['percent', 'a%25b'],
    ['dot', 'a.b'],
    ['10 kB id', BIG],
  ];
  const idCases = MUTATIONS.flatMap((route) => badIds.map(([name, id]) => [route, name, id] as const));
  test.each(idCases)('%s: accountId %s', async (route, _name, id) => {
    const res = await rawRequest(h.served.url, {
      method: 'POST',
      path: `/v1/accounts/${id}/${route}`,
      headers: JSON_AUTH,
      body: JSON.stringify({ reason: 'r' }),
    });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/problem+json');
    const body = JSON.parse(res.body);
    expect(body.type).toBe(PROBLEM_TYPES.validation);
    expect(body.errors[0].path).toBe('path.accountId');
    expect(res.body).not.toContain(BIG);
    expect(h.ops.calls).toHaveLength(0);
  });

  // The URL parser would resolve dot segments (also %2E%2E) and route to another account; the raw
  // request target is checked first, so each is a 400 and the service is never reached.
  test.each(
    MUTATIONS.flatMap((route) =>
      ['..', '%2E%2E', '.%2e', 'a/../b', 'a/./b', '%2e'].map((seg) => [route, seg] as const),
    ),
  )('%s: dot segment %s in the path', async (route, seg) => {
    const res = await rawRequest(h.served.url, {
      method: 'POST',
      path: `/v1/accounts/${seg}/${route}`,
      headers: JSON_AUTH,
      body: JSON.stringify({ reason: 'r' }),
    });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(res.body).type).toBe(PROBLEM_TYPES.validation);
    expect(h.ops.calls).toHaveLength(0);
  });

  const badBodies: [string, unknown][] = [
    ['missing reason', {}],
    ['empty reason', { reason: '' }],
    ['blank reason', { reason: '    ' }],
    ['reason of 10 kB', { reason: BIG }],
    ['reason of the wrong type', { reason: 42 }],
    ['dryRun of the wrong type', { reason: 'r', dryRun: 'true' }],
    ['unknown field', { reason: 'r', actor: 'someone-else' }],
    ['a JSON array', [{ reason: 'r' }]],
    ['JSON null', null],
    ['not JSON at all', '{reason: r'],
  ];
  const bodyCases = MUTATIONS.flatMap((route) =>
    badBodies.map(([name, body]) => [route, name, body] as const),
  );
  test.each(bodyCases)('%s: %s', async (route, _name, body) => {
    const res = await post(`/v1/accounts/557058:abc/${route}`, body);
    const problem = await expectProblem(res, 400, PROBLEM_TYPES.validation);
    expect(JSON.stringify(problem)).not.toContain(BIG);
    expect(h.ops.calls).toHaveLength(0);
  });

  test.each([
    ['unlock', { reason: 'r', method: 'purge' }],
    ['unlink', { reason: 'r', method: 'delete', directoryId: 'd1' }],
    ['unlink', { reason: 'r', directoryId: '../d1' }],
    ['reactivate', { reason: 'r', method: 'unlink' }],
    ['deactivate', { reason: 'r', message: BIG }],
  ])('%s: route-specific rule %o', async (route, body) => {
    await expectProblem(await post(`/v1/accounts/557058:abc/${route}`, body), 400, PROBLEM_TYPES.validation);
    expect(h.ops.calls).toHaveLength(0);
  });

  test.each([
    ['limit above 100', { limit: 101 }],
    ['limit as a string', { limit: '5' }],
    ['cursor with spaces', { cursor: 'a b' }],
    ['unknown field', { limit: 5, all: true }],
  ])('scan: %s', async (_name, body) => {
    await expectProblem(await post('/v1/scan/deactivated-by-sync', body), 400, PROBLEM_TYPES.validation);
    expect(h.ops.calls).toHaveLength(0);
  });

  test('a body that is not declared as JSON → 415', async () => {
    await expectProblem(
      await post('/v1/accounts/557058:abc/unlock', JSON.stringify({ reason: 'r' }), {
        ...AUTH,
        'content-type': 'text/plain',
      }),
      415,
      PROBLEM_TYPES.unsupportedMediaType,
    );
    expect(h.ops.calls).toHaveLength(0);
  });

  test('a body over the limit → 413', async () => {
    await expectProblem(
      await post('/v1/accounts/557058:abc/unlock', { reason: 'r', pad: 'p'.repeat(20_000) }),
      413,
      PROBLEM_TYPES.payloadTooLarge,
    );
    expect(h.ops.calls).toHaveLength(0);
  });

  test('unauthenticated bad input is refused as unauthenticated first', async () => {
    await expectProblem(
      await post('/v1/accounts/a%2Fb/unlock', {}, { 'content-type': 'application/json' }),
      401,
      PROBLEM_TYPES.unauthorized,
    );
  });
});

describe('service errors become problems', () => {
  test('a protected account → 403 protected-account', async () => {
    h.ops.behaviour = async () => {
      throw new ProtectedAccountError('557058:boss');
    };
    const body = await expectProblem(
      await post('/v1/accounts/557058:boss/deactivate', { reason: 'r' }),
      403,
      PROBLEM_TYPES.protectedAccount,
    );
    expect(body.accountId).toBe('557058:boss');
  });

  test.each([
    [403, 'forbidden.action', 502, PROBLEM_TYPES.upstream],
    [429, undefined, 503, PROBLEM_TYPES.upstreamUnavailable],
    [500, undefined, 503, PROBLEM_TYPES.upstreamUnavailable],
  ])('an Atlassian %d → %d', async (upstreamStatus, reason, status, type) => {
    h.ops.behaviour = async () => {
      throw createHttpError(
        {
          operationId: 'um.enable',
          api: 'userManagement',
          method: 'POST',
          url: 'https://api.atlassian.com/users/x/manage/lifecycle/enable',
        },
        {
          status: upstreamStatus,
          ...(reason ? { reason } : {}),
          ...(upstreamStatus === 429 ? { retryAfterMs: 2000 } : {}),
        },
      );
    };
    const res = await post('/v1/accounts/557058:abc/unlock', { reason: 'r' });
    const retryAfter = res.headers.get('retry-after');
    const body = await expectProblem(res, status, type);
    expect(body.upstream).toEqual({ operation: 'um.enable', status: upstreamStatus, key: reason ?? null });
    if (upstreamStatus === 429) expect(retryAfter).toBe('2');
  });

  test('an unexpected error → 500 without its message or stack', async () => {
    h.ops.behaviour = async () => {
      throw new Error(`boom with ${TOKEN}`);
    };
    const res = await post('/v1/accounts/557058:abc/unlock', { reason: 'r' });
    const body = await expectProblem(res, 500, PROBLEM_TYPES.internal);
    expect(JSON.stringify(body)).not.toContain('boom');
    expect(body.instance).toBe(res.headers.get('x-request-id'));
    const logged = h.log.join('');
    expect(logged).toContain('boom');
    expect(logged).not.toContain(TOKEN);
  });

  test('a service answer that breaks the contract → 500', async () => {
    h.ops.behaviour = async () => ({ outcome: 'unlocked-ish', steps: [] });
    await expectProblem(
      await post('/v1/accounts/557058:abc/unlock', { reason: 'r' }),
      500,
      PROBLEM_TYPES.internal,
    );
  });
});

describe('edge behaviour', () => {
  test('an insane x-request-id is replaced by a generated one', async () => {
    const res = await fetch(`${h.served.url}/healthz`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('unknown route → 404 problem; wrong method → 405 with Allow', async () => {
    await expectProblem(await fetch(`${h.served.url}/v2/nothing`), 404, PROBLEM_TYPES.notFound);
    const res = await fetch(`${h.served.url}/v1/accounts/557058:abc/unlock`, { headers: AUTH });
    expect(res.headers.get('allow')).toBe('POST');
    await expectProblem(res, 405, PROBLEM_TYPES.methodNotAllowed);
  });

  test('GET /openapi.json serves the generated document', async () => {
    const res = await fetch(`${h.served.url}/openapi.json`);
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
  });

  test('readiness is cached, and a failure is a 503 problem without upstream detail', async () => {
    const r = await start({ readinessCacheMs: 10_000 });
    try {
      expect((await fetch(`${r.served.url}/readyz`)).status).toBe(200);
      expect((await fetch(`${r.served.url}/readyz`)).status).toBe(200);
      expect(r.readinessCalls).toBe(1);
      r.failReadiness = true;
      r.clock.t += 10_000;
      const body = await expectProblem(await fetch(`${r.served.url}/readyz`), 503, PROBLEM_TYPES.notReady);
      expect(JSON.stringify(body)).not.toContain(TOKEN);
      expect(r.readinessCalls).toBe(2);
    } finally {
      await r.served.close();
    }
  });

  test('per-actor rate limit → 429 with Retry-After, then recovers as the clock moves', async () => {
    const r = await start({ rateLimit: { capacity: 2, refillPerSecond: 0.5 } });
    try {
      const hit = () => fetch(`${r.served.url}/v1/accounts/lookup?email=a@example.com`, { headers: AUTH });
      expect((await hit()).status).toBe(200);
      expect((await hit()).status).toBe(200);
      const limited = await hit();
      expect(limited.headers.get('retry-after')).toBe('2');
      await expectProblem(limited, 429, PROBLEM_TYPES.rateLimited);
      expect(r.ops.calls).toHaveLength(2);
      r.clock.t += 2000;
      expect((await hit()).status).toBe(200);
    } finally {
      await r.served.close();
    }
  });

  test('a request past its deadline → 504, and the operation sees its signal abort', async () => {
    const r = await start({ requestTimeoutMs: 50 });
    try {
      let sawAbort = false;
      r.ops.behaviour = (ctx) =>
        new Promise((resolve) => {
          // Waits for the deadline itself rather than for a guessed delay.
          ctx.signal.addEventListener('abort', () => {
            sawAbort = true;
            resolve({ items: [], nextCursor: null, calls: [] });
          });
        });
      const res = await fetch(`${r.served.url}/v1/scan/deactivated-by-sync`, {
        method: 'POST',
        headers: AUTH,
      });
      await expectProblem(res, 504, PROBLEM_TYPES.timeout);
      expect(sawAbort).toBe(true);
    } finally {
      await r.served.close();
    }
  });
});
