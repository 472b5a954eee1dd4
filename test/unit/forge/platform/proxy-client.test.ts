import { PROBLEM_TYPES } from '../../../../src/contract/proxy';
import { problemToError } from '../../../../src/forge/platform/proxy-client';

describe('proxy problem+json → typed errors', () => {
  const problem = (type: string, status: number, extra: Record<string, unknown> = {}) => ({
    type,
    title: 'Title',
    status,
    detail: 'Detail from the proxy',
    instance: 'req-1',
    ...extra,
  });

  it.each([
    [PROBLEM_TYPES.validation, 400, 'invalid-input'],
    [PROBLEM_TYPES.unauthorized, 401, 'not-configured'],
    [PROBLEM_TYPES.protectedAccount, 403, 'policy-refused'],
    [PROBLEM_TYPES.directoryNotAllowed, 403, 'policy-refused'],
    [PROBLEM_TYPES.notFound, 404, 'not-found'],
    [PROBLEM_TYPES.rateLimited, 429, 'rate-limited'],
    [PROBLEM_TYPES.timeout, 504, 'unavailable'],
    [PROBLEM_TYPES.upstream, 502, 'upstream-error'],
    [PROBLEM_TYPES.upstreamUnavailable, 503, 'unavailable'],
    [PROBLEM_TYPES.internal, 500, 'upstream-error'],
    ['https://example.com/unknown', 409, 'upstream-error'],
    ['https://example.com/unknown', 503, 'unavailable'],
  ])('%s (%i) → %s', (type, status, code) => {
    const err = problemToError(status, problem(type, status));
    expect(err.code).toBe(code);
    expect(err.details).toMatchObject({ status, problemType: type, requestId: 'req-1' });
  });

  it('keeps the policy reason and retry hint, drops unknown members', () => {
    const err = problemToError(
      429,
      problem(PROBLEM_TYPES.rateLimited, 429, { retryAfterSeconds: 7, secretish: 'x' }),
    );
    expect(err.details).toMatchObject({ retryAfterSeconds: 7 });
    expect(JSON.stringify(err.toBody())).not.toContain('secretish');
    const refused = problemToError(
      403,
      problem(PROBLEM_TYPES.protectedAccount, 403, { reason: 'org admin' }),
    );
    expect(refused.message).toBe('Detail from the proxy');
    expect(refused.details).toMatchObject({ reason: 'org admin' });
  });

  it.each([
    [undefined, 502, 'unavailable'],
    ['<html>', 404, 'not-found'],
    [{ nope: true }, 429, 'rate-limited'],
    [{}, 401, 'not-configured'],
    [{}, 400, 'upstream-error'],
  ])('a non-problem body %j with %i → %s', (body, status, code) => {
    expect(problemToError(status, body).code).toBe(code);
  });
});
