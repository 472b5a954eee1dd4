import { z } from 'zod';
import { PROBLEM_TYPES, UnlockRequest } from '../../../../src/contract/proxy';
import {
  type UpstreamProblemInit,
  fieldErrors,
  problemResponse,
  RateLimitedProblem,
  UnauthorizedProblem,
  UpstreamProblem,
  ValidationProblem,
} from '../../../../src/proxy/http/problems';

describe('fieldErrors', () => {
  test('turns zod issues into dotted paths without echoing values', () => {
    const secretish = 'x'.repeat(10_000);
    const r = UnlockRequest.safeParse({ reason: secretish, dryRun: 'yes', extra: 1 });
    expect(r.success).toBe(false);
    const errors = fieldErrors(r.error!.issues, 'body');
    expect(errors.map((e) => [e.path, e.code])).toEqual([
      ['body.reason', 'too_big'],
      ['body.dryRun', 'invalid_type'],
      ['body.extra', 'unrecognized_key'],
    ]);
    expect(JSON.stringify(errors)).not.toContain('xxxxxxxx');
  });

  test('nested paths are joined', () => {
    const r = z.object({ a: z.array(z.object({ b: z.string() })) }).safeParse({ a: [{ b: 1 }] });
    expect(fieldErrors(r.error!.issues, 'query')[0]?.path).toBe('query.a.0.b');
  });
});

describe('problemResponse', () => {
  test('RFC 9457 shape with the request id as instance', async () => {
    const res = problemResponse(
      new ValidationProblem([{ path: 'body', code: 'x', message: 'bad' }]),
      'req-1',
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('x-request-id')).toBe('req-1');
    expect(await res.json()).toEqual({
      type: PROBLEM_TYPES.validation,
      title: 'Invalid request',
      status: 400,
      detail: expect.any(String),
      instance: 'req-1',
      errors: [{ path: 'body', code: 'x', message: 'bad' }],
    });
  });

  test.each([
    [new UnauthorizedProblem('missing'), 401, 'Bearer realm="scim-unlock"'],
    [new UnauthorizedProblem('expired'), 401, 'Bearer realm="scim-unlock", error="invalid_token"'],
  ])('unauthorized carries WWW-Authenticate (%#)', (problem, status, challenge) => {
    const res = problemResponse(problem, undefined);
    expect(res.status).toBe(status);
    expect(res.headers.get('www-authenticate')).toBe(challenge);
  });

  test('rate limited carries Retry-After in whole seconds, at least 1', async () => {
    const res = problemResponse(new RateLimitedProblem(0.2), 'r');
    expect(res.headers.get('retry-after')).toBe('1');
    expect((await res.json()).retryAfterSeconds).toBe(1);
  });
});

describe('UpstreamProblem', () => {
  test.each<[UpstreamProblemInit, number, string]>([
    [{ operation: 'um.enable', status: 403, key: 'forbidden.action' }, 502, PROBLEM_TYPES.upstream],
    [
      { operation: 'org.searchUsers', status: 429, retryAfterSeconds: 2.5 },
      503,
      PROBLEM_TYPES.upstreamUnavailable,
    ],
    [{ operation: 'scim.getUser', status: 500 }, 503, PROBLEM_TYPES.upstreamUnavailable],
    [{ operation: 'scimLinks.unlink', status: null }, 503, PROBLEM_TYPES.upstreamUnavailable],
  ])('%o → %d', (init, status, type) => {
    const p = new UpstreamProblem(init);
    expect(p.status).toBe(status);
    expect(p.type).toBe(type);
    expect(p.toProblem('i').upstream).toEqual({
      operation: init.operation,
      status: init.status,
      key: init.key ?? null,
    });
  });
  test('a retry hint becomes Retry-After', () => {
    expect(
      new UpstreamProblem({ operation: 'o', status: 429, retryAfterSeconds: 2.5 }).headers['Retry-After'],
    ).toBe('3');
  });
});
