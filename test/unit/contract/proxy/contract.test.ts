import {
  DeactivateRequest,
  LookupQuery,
  PROBLEM_TYPES,
  ReactivateRequest,
  ScanRequest,
  UnlinkRequest,
  UnlockRequest,
} from '../../../../src/contract/proxy';

describe('LookupQuery', () => {
  test.each([
    [{ email: 'ada@example.com' }, true],
    [{ accountId: '557058:abc-DEF_1' }, true],
    [{}, false],
    [{ email: 'ada@example.com', accountId: 'x' }, false],
    [{ email: 'not-an-email' }, false],
    [{ email: `${'a'.repeat(250)}@example.com` }, false],
    [{ accountId: 'a/b' }, false],
    [{ accountId: '..' }, false],
    [{ accountId: 'a%2Fb' }, false],
    [{ accountId: 'a b' }, false],
    [{ accountId: 'a'.repeat(129) }, false],
    [{ accountId: ['a', 'b'] }, false],
    [{ email: 'ada@example.com', debug: '1' }, false],
  ])('%o → %s', (q, ok) => {
    expect(LookupQuery.safeParse(q).success).toBe(ok);
  });
});

describe('mutation bodies', () => {
  test('reason is trimmed and dryRun defaults to false', () => {
    expect(UnlockRequest.parse({ reason: '  rehire  ' })).toEqual({ reason: 'rehire', dryRun: false });
  });
  test.each([
    [UnlockRequest, { reason: 'r', method: 'delete' }, true],
    [UnlockRequest, { reason: '' }, false],
    [UnlockRequest, { reason: '   ' }, false],
    [UnlockRequest, {}, false],
    [UnlockRequest, { reason: 'a'.repeat(501) }, false],
    [UnlockRequest, { reason: 'r', method: 'purge' }, false],
    [UnlockRequest, { reason: 'r', dryRun: 'true' }, false],
    [UnlockRequest, { reason: 'r', actor: 'admin' }, false],
    [UnlinkRequest, { reason: 'r', directoryId: 'd-1' }, true],
    [UnlinkRequest, { reason: 'r', method: 'delete', directoryId: 'd-1' }, false],
    [UnlinkRequest, { reason: 'r', directoryId: '../d' }, false],
    [ReactivateRequest, { reason: 'r', method: 'unlink' }, false],
    [DeactivateRequest, { reason: 'r', message: 'Left' }, true],
    [DeactivateRequest, { reason: 'r', message: 'm'.repeat(501) }, false],
    [ScanRequest, {}, true],
    [ScanRequest, { limit: 100, cursor: 'abc=' }, true],
    [ScanRequest, { limit: 101 }, false],
    [ScanRequest, { limit: 0 }, false],
    [ScanRequest, { limit: 1.5 }, false],
    [ScanRequest, { cursor: 'has space' }, false],
  ] as const)('%#: %o → %s', (schema, body, ok) => {
    expect(schema.safeParse(body).success).toBe(ok);
  });
  test('scan limit defaults to 50', () => {
    expect(ScanRequest.parse({})).toEqual({ limit: 50 });
  });
});

describe('PROBLEM_TYPES', () => {
  test('stable URIs under one base, unique per kind', () => {
    const uris = Object.values(PROBLEM_TYPES);
    expect(new Set(uris).size).toBe(uris.length);
    for (const u of uris) expect(u).toMatch(/^https:\/\/scim-unlock\.dev\/problems\/[a-z-]+$/);
    expect(PROBLEM_TYPES.protectedAccount).toBe('https://scim-unlock.dev/problems/protected-account');
  });
});
