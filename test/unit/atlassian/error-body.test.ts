import { parseErrorBody, type ParsedErrorBody } from '../../../src/atlassian/error-body';
import {
  createHttpError,
  AtlassianForbiddenError,
  AtlassianConflictError,
} from '../../../src/atlassian/errors';

// One row per error body documented in docs/atlassian-admin-apis.md (§1.5, §3.1, §3.5, §4.2) and the specs.
const rows: Array<[string, string, ParsedErrorBody]> = [
  [
    'SCIM 409 uniqueness (KB-409, string status)',
    '{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"409","scimType":"uniqueness","detail":"Resource [USER]: with email[email@domain] already exists."}',
    { code: 'uniqueness', detail: 'Resource [USER]: with email[email@domain] already exists.' },
  ],
  [
    'SCIM 400 invalidFilter',
    '{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"400","scimType":"invalidFilter","detail":"Unsupported filter"}',
    { code: 'invalidFilter', detail: 'Unsupported filter' },
  ],
  [
    'SCIM 404 without scimType',
    '{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"404","detail":"User not found or the user is not a managed user"}',
    { detail: 'User not found or the user is not a managed user' },
  ],
  [
    'SCIM Failure 401/403',
    '{"error":"Unauthorized","traceId":"3f2a9c"}',
    { detail: 'Unauthorized', requestId: '3f2a9c' },
  ],
  [
    'SCIM group PUT 400 BadRequestException (stack trace dropped)',
    '{"responseStatus":"BAD_REQUEST","scimErrorType":"invalidValue","message":"Users do not exist","stackTrace":[{"className":"com.atlassian.X","lineNumber":12}]}',
    { code: 'invalidValue', detail: 'Users do not exist' },
  ],
  [
    'Org v2 Errors',
    '{"errors":[{"id":"e-1","status":"404","code":"ADMIN-404-8","title":"Not Found","detail":"User not found"}]}',
    { code: 'ADMIN-404-8', detail: 'Not Found: User not found', requestId: 'e-1' },
  ],
  [
    'Org v1 ApplicationError licence breach',
    '{"errors":[{"id":"x","status":"409","code":"ADMIN-409-3","title":"Conflict"}]}',
    { code: 'ADMIN-409-3', detail: 'Conflict', requestId: 'x' },
  ],
  [
    'Org ProxyError 401/429',
    '{"code":429,"message":"Rate limit exceeded"}',
    { detail: 'Rate limit exceeded' },
  ],
  [
    'Org NoPermsError (COMM-403)',
    '{"timestamp":"2025-06-01T10:00:00Z","path":"/api/admin/v1/orgs/ORG/users","status":403,"error":"Forbidden","message":"User has no permission to access resource.","requestId":"req-9"}',
    { code: 'Forbidden', detail: 'User has no permission to access resource.', requestId: 'req-9' },
  ],
  ['UM 401', '{"key":"unauthorized"}', { code: 'unauthorized' }],
  ['UM 404 accountNotFound', '{"key":"accountNotFound"}', { code: 'accountNotFound' }],
  ['UM 404 notFound', '{"key":"notFound"}', { code: 'notFound' }],
  ['UM 403 forbidden', '{"key":"forbidden"}', { code: 'forbidden' }],
  ['UM 403 targetUnverified', '{"key":"forbidden.targetUnverified"}', { code: 'forbidden.targetUnverified' }],
  [
    'UM 403 forbidden.action externalDirectory.scim',
    '{"key":"forbidden.action","context":{"allowed":false,"reason":{"key":"externalDirectory.scim"}}}',
    { code: 'forbidden.action', reason: 'externalDirectory.scim' },
  ],
  [
    'UM 403 with errorKey/errorDetail duplicates (AX-201)',
    '{"key":"forbidden.action","context":{"allowed":false,"reason":{"key":"externalDirectory.google"}},"errorKey":"forbidden.action","errorDetail":{"allowed":false,"reason":{"key":"externalDirectory.google"}}}',
    { code: 'forbidden.action', reason: 'externalDirectory.google' },
  ],
  [
    'UM 403 errorKey/errorDetail only',
    '{"errorKey":"forbidden.action","errorDetail":{"allowed":false,"reason":{"key":"blocked.exportControl"}}}',
    { code: 'forbidden.action', reason: 'blocked.exportControl' },
  ],
  [
    'UM 409 conflict.lifecycleErrors',
    '{"key":"conflict.lifecycleErrors","context":{"message":"This account isn\'t eligible for the requested action","accountId":"abc","errorCodes":[{"code":"account.pendingDeletion","message":"Account is pending deletion"},{"code":"other"}]}}',
    {
      code: 'conflict.lifecycleErrors',
      reason: 'account.pendingDeletion',
      detail:
        "This account isn't eligible for the requested action: account.pendingDeletion (Account is pending deletion), other",
    },
  ],
  [
    'UM 403 unclaimed domain',
    '{"key":"forbidden.unclaimedDomain","context":{"domain":"vanlowe-pi.net"}}',
    { code: 'forbidden.unclaimedDomain', detail: 'domain vanlowe-pi.net' },
  ],
  ['UM 400 bodyParseFailure', '{"key":"bodyParseFailure"}', { code: 'bodyParseFailure' }],
  ['empty body', '', {}],
  ['whitespace body', '  \n', {}],
  ['unknown JSON', '{"foo":1}', {}],
  ['JSON array', '[1,2]', {}],
  [
    'plain text from a gateway',
    'upstream connect error or disconnect/reset before headers',
    { detail: 'upstream connect error or disconnect/reset before headers' },
  ],
  ['HTML error page', '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>', {}],
];

describe('parseErrorBody', () => {
  it.each(rows)('%s', (_name, body, expected) => {
    expect(parseErrorBody(body)).toEqual(expected);
  });

  it('truncates long details to a few hundred characters', () => {
    const detail = 'x'.repeat(5000);
    const parsed = parseErrorBody(JSON.stringify({ schemas: [], status: '500', detail }));
    expect(parsed.detail?.length).toBeLessThanOrEqual(300);
    expect(parsed.detail?.endsWith('…')).toBe(true);
    expect(parseErrorBody('y'.repeat(5000)).detail?.length).toBeLessThanOrEqual(300);
  });
});

describe('createHttpError', () => {
  const context = {
    operationId: 'um.enable',
    api: 'userManagement' as const,
    method: 'POST',
    url: 'http://127.0.0.1/users/a/manage/lifecycle/enable',
  };

  it('makes the SCIM lock easy to test for', () => {
    const parsed = parseErrorBody(
      '{"key":"forbidden.action","context":{"allowed":false,"reason":{"key":"externalDirectory.scim"}}}',
    );
    const err = createHttpError(context, { status: 403, ...parsed });
    expect(err).toBeInstanceOf(AtlassianForbiddenError);
    expect(err.kind).toBe('forbidden');
    expect(err.reason).toBe('externalDirectory.scim');
    expect(err.message).toBe(
      'um.enable (POST /users/a/manage/lifecycle/enable) failed with HTTP 403: forbidden.action [externalDirectory.scim]',
    );
    expect(JSON.stringify(err)).not.toContain('stack');
  });

  const kinds: Array<[number, string, string]> = [
    [400, 'bad-request', 'AtlassianBadRequestError'],
    [401, 'unauthorized', 'AtlassianUnauthorizedError'],
    [403, 'forbidden', 'AtlassianForbiddenError'],
    [404, 'not-found', 'AtlassianNotFoundError'],
    [409, 'conflict', 'AtlassianConflictError'],
    [429, 'rate-limited', 'AtlassianRateLimitedError'],
    [500, 'server-error', 'AtlassianServerError'],
    [503, 'server-error', 'AtlassianServerError'],
    [418, 'other', 'AtlassianHttpError'],
  ];
  it.each(kinds)('HTTP %d → %s (%s)', (status, kind, name) => {
    const err = createHttpError(context, { status });
    expect(err.kind).toBe(kind);
    expect(err.name).toBe(name);
    expect(err.status).toBe(status);
  });

  it('keeps 409 lifecycle reasons', () => {
    const err = createHttpError(context, {
      status: 409,
      code: 'conflict.lifecycleErrors',
      reason: 'account.pendingDeletion',
    });
    expect(err).toBeInstanceOf(AtlassianConflictError);
    expect(err.message).toContain('conflict.lifecycleErrors [account.pendingDeletion]');
  });
});
