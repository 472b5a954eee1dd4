/**
 * The HTTP layer against a scripted loopback server: retries, give-up bounds, ambiguity of failed
 * mutations, timeouts, call events and redaction. Time is virtual: the injected sleep records the
 * requested delays and advances the injected clock instead of waiting.
 */
import {
  AtlassianHttpError,
  AtlassianNetworkError,
  AtlassianRateLimitedError,
  AtlassianServerError,
  AtlassianTimeoutError,
  createAtlassianHttp,
  createCallCounter,
  readBody,
  type AtlassianHttpOptions,
  type AtlassianLogger,
  type UpstreamCallEvent,
} from '../../../src/atlassian';
import { z } from 'zod';
import { closedPortUrl, startScriptedServer, type ScriptedServer } from './scripted-server';

const KEY = 'org-key-3f9a0c7e5b1d4a2c';
const START = Date.UTC(2026, 10, 20, 12, 0, 0);

function harness(server: ScriptedServer, extra: Partial<AtlassianHttpOptions> = {}) {
  let clock = START;
  const delays: number[] = [];
  const events: UpstreamCallEvent[] = [];
  const logLines: string[] = [];
  const logger: AtlassianLogger = {
    debug: (obj, msg) => logLines.push(JSON.stringify({ level: 'debug', msg, ...obj })),
    warn: (obj, msg) => logLines.push(JSON.stringify({ level: 'warn', msg, ...obj })),
  };
  const http = createAtlassianHttp({
    baseUrl: server.url,
    timeoutMs: 5000,
    retry: { maxAttempts: 4, maxElapsedMs: 60_000, baseDelayMs: 1000, maxDelayMs: 30_000 },
    sleep: async (ms) => {
      delays.push(ms);
      clock += ms;
    },
    now: () => clock,
    random: () => 0.5,
    onCall: (e) => events.push(e),
    logger,
    ...extra,
  });
  return { http, delays, events, logLines, now: () => clock };
}

const manage = { params: { account_id: 'acc-1' }, bearer: KEY };

describe('HTTP layer over loopback', () => {
  let server: ScriptedServer;
  beforeEach(async () => {
    server = await startScriptedServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('retries an idempotent read through 503s, with jittered exponential backoff', async () => {
    server.script(
      { status: 503 },
      { status: 503 },
      { status: 200, body: { 'lifecycle.enablement': { allowed: true } } },
    );
    const h = harness(server);
    const res = await h.http.call('um.getManage', manage);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ 'lifecycle.enablement': { allowed: true } });
    // random 0.5 → half of 1000·2^(n-1)
    expect(h.delays).toEqual([500, 1000]);
    expect(h.events.map((e) => [e.attempt, e.status])).toEqual([
      [1, 503],
      [2, 503],
      [3, 200],
    ]);
    expect(h.events[0]).toMatchObject({
      operationId: 'um.getManage',
      api: 'userManagement',
      method: 'GET',
      path: '/users/acc-1/manage',
    });
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('honours Retry-After seconds and HTTP-date, and X-RateLimit-Reset when alone', async () => {
    server.script(
      { status: 429, headers: { 'retry-after': '3' } },
      { status: 429, headers: { 'retry-after': new Date(START + 3000 + 7000).toUTCString() } },
      { status: 429, headers: { 'x-ratelimit-reset': new Date(START + 10_000 + 2500).toISOString() } },
      { status: 200, body: { data: [] } },
    );
    const h = harness(server);
    await h.http.call('org.listDirectories', { params: { orgId: 'org-1' }, bearer: KEY });
    expect(h.delays).toEqual([3000, 7000, 2500]);
  });

  it('gives up after the attempt bound with the last error and the server-directed wait', async () => {
    server.fallback({
      status: 429,
      headers: { 'retry-after': '1' },
      body: { code: 429, message: 'Rate limit exceeded' },
    });
    const h = harness(server);
    const err = await h.http.call('um.getManage', manage).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AtlassianRateLimitedError);
    expect(err).toMatchObject({
      status: 429,
      attempts: 4,
      retryAfterMs: 1000,
      detail: 'Rate limit exceeded',
    });
    expect(server.requests).toHaveLength(4);
    expect(h.delays).toEqual([1000, 1000, 1000]);
  });

  it('gives up when the next wait would overrun the elapsed budget', async () => {
    server.fallback({ status: 503, headers: { 'retry-after': '20' } });
    const h = harness(server, {
      retry: { maxAttempts: 10, maxElapsedMs: 45_000, baseDelayMs: 1000, maxDelayMs: 30_000 },
    });
    const err = await h.http.call('um.getManage', manage).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AtlassianServerError);
    expect(h.delays).toEqual([20_000, 20_000]);
    expect(server.requests).toHaveLength(3);
    expect(h.logLines.some((l) => l.includes('"why":"elapsed-budget"'))).toBe(true);
  });

  it('does not retry a 4xx', async () => {
    server.script({ status: 404, body: { key: 'accountNotFound' } });
    const h = harness(server);
    const err = await h.http.call('um.getManage', manage).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'AtlassianNotFoundError', code: 'accountNotFound', attempts: 1 });
    expect(h.delays).toEqual([]);
  });

  it('retries dropped connections for reads, then succeeds', async () => {
    server.script({ drop: true }, { drop: true }, { status: 200, body: { scimLinks: [] } });
    const h = harness(server);
    const res = await h.http.call('scimLinks.getByAccountId', {
      params: { orgId: 'o', aaId: 'a' },
      bearer: KEY,
    });
    expect(res.body).toEqual({ scimLinks: [] });
    expect(h.events.map((e) => e.status)).toEqual(['network-error', 'network-error', 200]);
  });

  it('never retries a mutation: 503 surfaces at once', async () => {
    server.script({ status: 503 }, { status: 204 });
    const h = harness(server);
    const err = await h.http.call('um.enable', manage).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AtlassianServerError);
    expect(server.requests).toHaveLength(1);
    expect(h.delays).toEqual([]);
  });

  it('marks a dropped mutation ambiguous', async () => {
    server.script({ drop: true });
    const h = harness(server);
    const err = await h.http.call('um.enable', manage).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AtlassianNetworkError);
    expect(err).toMatchObject({ ambiguous: true, attempts: 1 });
    expect((err as Error).message).toContain('read the state back');
    expect(server.requests).toHaveLength(1);
  });

  it('does not mark a mutation ambiguous when the connection was refused', async () => {
    const url = await closedPortUrl();
    const h = harness(server, { baseUrl: url });
    const err = await h.http.call('um.enable', manage).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AtlassianNetworkError);
    expect(err).toMatchObject({ ambiguous: false, causeCode: 'ECONNREFUSED' });
  });

  it('times out a silent server: mutation ambiguous, read retried', async () => {
    server.script({ hang: true });
    const h = harness(server, { timeoutMs: 100 });
    const err = await h.http.call('um.disable', { ...manage, body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AtlassianTimeoutError);
    expect(err).toMatchObject({ ambiguous: true, timeoutMs: 100 });

    server.script({ hang: true }, { status: 200, body: { ok: true } });
    const res = await h.http.call('um.getManage', manage);
    expect(res.body).toEqual({ ok: true });
    expect(h.events.slice(1).map((e) => e.status)).toEqual(['network-error', 200]);
  });

  it('stops at once when the caller aborts, even for a read', async () => {
    server.fallback({ hang: true });
    const h = harness(server);
    const controller = new AbortController();
    const pending = h.http
      .call('um.getManage', { ...manage, signal: controller.signal })
      .catch((e: unknown) => e);
    // Abort once the server has the request, so the abort hits an in-flight attempt.
    await new Promise<void>((resolve) => {
      const check = (): void => (server.requests.length > 0 ? resolve() : void setImmediate(check));
      check();
    });
    controller.abort();
    const err = await pending;
    expect(err).toMatchObject({ name: 'AtlassianNetworkError', causeCode: 'ABORTED' });
    expect(server.requests).toHaveLength(1);
  });

  it('feeds a call counter, one count per attempt', async () => {
    server.script({ status: 502 }, { status: 200, body: {} }, { status: 204 });
    const counter = createCallCounter();
    const h = harness(server, { onCall: counter.onCall });
    await h.http.call('um.getManage', manage);
    await h.http.call('um.enable', manage);
    expect(counter.snapshot()).toEqual({
      total: 3,
      retries: 1,
      byApi: { org: 0, scim: 0, scimLinks: 0, userManagement: 3 },
      byOperation: { 'um.getManage': 2, 'um.enable': 1 },
    });
    counter.reset();
    expect(counter.snapshot().total).toBe(0);
  });

  it('turns a 2xx body without what the code needs into a shape error', async () => {
    server.script({ status: 200, rawBody: '<html>oops</html>', headers: { 'content-type': 'text/html' } });
    server.script({ status: 200, body: { data: 'not-a-list' } });
    const h = harness(server);
    const schema = z.looseObject({ data: z.array(z.unknown()) });
    const r1 = await h.http.call('org.listDirectories', { params: { orgId: 'o' }, bearer: KEY });
    expect(() => readBody(r1, schema)).toThrow(/unexpected body: \(body\): expected JSON/);
    const r2 = await h.http.call('org.listDirectories', { params: { orgId: 'o' }, bearer: KEY });
    expect(() => readBody(r2, schema)).toThrow(
      expect.objectContaining({
        name: 'AtlassianResponseShapeError',
        issues: [expect.stringMatching(/^data: /)],
      }),
    );
  });

  it('keeps keys out of error messages, error JSON and log lines, even when the server echoes them', async () => {
    server.script(
      {
        status: 500,
        body: {
          errors: [
            { code: 'ADMIN-500-1', title: 'Internal', detail: `bad header Authorization: Bearer ${KEY}` },
          ],
        },
      },
      { status: 500, body: { errors: [{ code: 'ADMIN-500-1', detail: `key ${KEY} rejected` }] } },
      { status: 401, body: { error: `token ${KEY} invalid`, traceId: 't-1' } },
    );
    const h = harness(server, {
      retry: { maxAttempts: 3, maxElapsedMs: 60_000, baseDelayMs: 10, maxDelayMs: 100 },
    });
    const err = await h.http
      .call('org.listDirectories', { params: { orgId: 'o' }, bearer: KEY })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AtlassianHttpError);
    expect(err).toMatchObject({ status: 401, requestId: 't-1' });
    const surfaces = [(err as Error).message, JSON.stringify(err), ...h.logLines];
    expect(h.logLines.length).toBeGreaterThan(0);
    for (const text of surfaces) expect(text).not.toContain(KEY);
    expect((err as Error).message).toContain('[REDACTED]');
  });
});
