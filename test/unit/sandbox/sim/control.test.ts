import { FaultPlan } from '../../../../src/sandbox/sim/control/fault-plan';
import { RateLimiter } from '../../../../src/sandbox/sim/control/rate-limiter';
import { apiFamilyOf } from '../../../../src/sandbox/sim/api-family';
import { decodeCursor, encodeCursor, queryFingerprint } from '../../../../src/sandbox/sim/model/cursor';

test.each([
  ['/admin/v2/orgs/o/directories', 'org'],
  ['/admin/user-provisioning/v1/org/o/get-scim-links-for-email', 'scimLinks'],
  ['/scim/directory/d/Users', 'scim'],
  ['/users/712020:x/manage', 'userManagement'],
  ['/ex/jira/c/rest/api/3/myself', 'jira'],
  ['/keycloak/admin/realms/r/users', 'keycloak'],
  ['/_sim/state', undefined],
  ['/admin/v1/orgs', undefined],
])('api family of %s is %s', (path, api) => {
  expect(apiFamilyOf(path)).toBe(api);
});

describe('FaultPlan', () => {
  test('a sequence is consumed in order, then nothing', () => {
    const plan = new FaultPlan();
    plan.configure({ api: 'org', sequence: [{ status: 503 }, { drop: true }] });
    expect([plan.take('org'), plan.take('scim'), plan.take('org'), plan.take('org')]).toEqual([
      { status: 503 },
      undefined,
      { drop: true },
      undefined,
    ]);
  });

  test("family plan first, then 'all'", () => {
    const plan = new FaultPlan();
    plan.configure({ api: 'all', sequence: [{ status: 500 }] });
    plan.configure({ api: 'scim', sequence: [{ status: 502 }] });
    expect([plan.take('scim'), plan.take('scim'), plan.take('scim')]).toEqual([
      { status: 502 },
      { status: 500 },
      undefined,
    ]);
  });

  test('a mix draws once per request: the p values split the requests between faults', () => {
    const plan = new FaultPlan();
    plan.configure({
      api: 'org',
      mix: {
        faults: [
          { p: 0.5, fault: { status: 429 } },
          { p: 0.5, fault: { drop: true } },
        ],
        seed: 3,
      },
    });
    const kinds = new Set(Array.from({ length: 50 }, () => JSON.stringify(plan.take('org'))));
    expect(kinds).toEqual(new Set([JSON.stringify({ status: 429 }), JSON.stringify({ drop: true })]));
    plan.configure({ api: 'scim', mix: { faults: [{ p: 0, fault: { status: 500 } }] } });
    expect(plan.take('scim')).toBeUndefined();
  });

  test('probability 0 never and 1 always faults; the same seed gives the same draws', () => {
    const plan = new FaultPlan();
    plan.configure({ api: 'org', probability: { p: 0, fault: { status: 500 } } });
    expect(Array.from({ length: 20 }, () => plan.take('org'))).toEqual(Array(20).fill(undefined));
    plan.configure({ api: 'org', probability: { p: 1, fault: { status: 500 } } });
    expect(Array.from({ length: 5 }, () => plan.take('org'))).toEqual(Array(5).fill({ status: 500 }));
    const draws = () => {
      plan.configure({ api: 'org', probability: { p: 0.3, fault: { status: 503 }, seed: 9 } });
      return Array.from({ length: 30 }, () => plan.take('org') !== undefined);
    };
    expect(draws()).toEqual(draws());
  });
});

describe('RateLimiter (injected clock)', () => {
  test('fixed window: limit, 429, then a fresh window', () => {
    let now = Date.parse('2026-11-02T09:00:00.000Z');
    const limiter = new RateLimiter(() => now);
    limiter.configure({ api: 'org', limit: 2, windowMs: 10_000, retryAfter: true });
    const a = limiter.check('org');
    const b = limiter.check('org');
    now += 4_000;
    const c = limiter.check('org');
    expect([a?.limited, b?.limited, c?.limited]).toEqual([false, false, true]);
    expect(c?.headers).toEqual({
      'X-RateLimit-Limit': '2',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': '2026-11-02T09:00:10.000Z',
      'Retry-After': '6',
    });
    expect(limiter.check('scim')).toBeUndefined();
    now += 6_000;
    expect(limiter.check('org')).toMatchObject({ limited: false, headers: { 'X-RateLimit-Remaining': '1' } });
  });

  test('no Retry-After when not asked for', () => {
    const limiter = new RateLimiter(() => 0);
    limiter.configure({ api: 'all', limit: 0, windowMs: 1_000, retryAfter: false });
    const d = limiter.check('jira');
    expect(d?.limited).toBe(true);
    expect(d?.headers).not.toHaveProperty('Retry-After');
  });
});

describe('cursors', () => {
  const f = queryFingerprint({ accountStatus: ['inactive'] });
  test.each([0, 50, 12345])('round trip offset %i', (o) => {
    expect(decodeCursor(encodeCursor(o, f), f)).toBe(o);
  });
  test.each([
    ['another query', encodeCursor(50, queryFingerprint({ accountStatus: ['active'] }))],
    ['garbage', 'not-a-cursor'],
    ['negative offset', Buffer.from(JSON.stringify({ o: -1, f })).toString('base64url')],
  ])('refuses %s', (_name, cursor) => {
    expect(decodeCursor(cursor, f)).toBeUndefined();
  });
});
