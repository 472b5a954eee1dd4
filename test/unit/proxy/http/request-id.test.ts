import { Hono } from 'hono';
import { callerRequestIdOf, requestIdMiddleware } from '../../../../src/proxy/http/request-id';

describe('callerRequestIdOf', () => {
  test.each([
    ['abc-123_X.y', 'abc-123_X.y'],
    ['a'.repeat(128), 'a'.repeat(128)],
    ['a'.repeat(129), undefined],
    ['', undefined],
    [undefined, undefined],
    ['has space', undefined],
    ['line\nbreak', undefined],
    ['<script>', undefined],
    ['a/b', undefined],
  ])('%p → %p', (incoming, expected) => {
    expect(callerRequestIdOf(incoming)).toBe(expected);
  });
});

describe('requestIdMiddleware', () => {
  let n = 0;
  const app = new Hono<{ Variables: { requestId: string; callerRequestId: string | undefined } }>();
  app.use(
    '*',
    requestIdMiddleware(() => `proxy-${++n}`),
  );
  app.get('/', (c) =>
    c.json({ requestId: c.get('requestId'), callerRequestId: c.get('callerRequestId') ?? null }),
  );

  test.each([
    ['no caller id', undefined, null],
    ['a usable caller id is kept beside the proxy id', 'trace-42', 'trace-42'],
    ['an unusable caller id is dropped', 'a b', null],
    // A caller reusing an id it saw (its own or another caller's) never gets that id as the proxy's.
    ['a caller sending an id the proxy issued', 'proxy-1', 'proxy-1'],
  ])('%s', async (_name, incoming, caller) => {
    const res = await app.request('/', {
      headers: incoming === undefined ? {} : { 'x-request-id': incoming },
    });
    const body = (await res.json()) as { requestId: string; callerRequestId: string | null };
    expect(body.requestId).toMatch(/^proxy-\d+$/);
    expect(body.requestId).not.toBe(incoming);
    expect(body.callerRequestId).toBe(caller);
    expect(res.headers.get('x-request-id')).toBe(body.requestId);
  });
});
