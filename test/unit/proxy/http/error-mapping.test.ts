import { AtlassianHttpError, AtlassianNetworkError } from '../../../../src/atlassian/errors';
import { IDP_PROBLEM_TYPES, PROBLEM_TYPES } from '../../../../src/contract/proxy';
import { problemFor } from '../../../../src/proxy/http/error-mapping';
import { TimeoutProblem } from '../../../../src/proxy/http/problems';
import {
  DirectoryNotAllowedError,
  IdpSyncNotConfiguredError,
  IdpSyncRunningError,
  OperationError,
  ProtectedAccountError,
} from '../../../../src/proxy/operation-errors';

describe('problemFor: use-case errors become problem+json only here', () => {
  it.each([
    [
      new ProtectedAccountError('acc-1'),
      {
        type: PROBLEM_TYPES.protectedAccount,
        title: 'Forbidden',
        status: 403,
        detail: 'The account is on the protected list; the proxy never changes it.',
        instance: 'req-1',
        accountId: 'acc-1',
      },
    ],
    [
      new DirectoryNotAllowedError('dir-9'),
      {
        type: PROBLEM_TYPES.directoryNotAllowed,
        title: 'Forbidden',
        status: 403,
        detail: 'The directory is outside ALLOWED_DIRECTORIES; the proxy never touches it.',
        instance: 'req-1',
        directoryId: 'dir-9',
      },
    ],
    [
      new IdpSyncNotConfiguredError(),
      {
        type: IDP_PROBLEM_TYPES.notConfigured,
        title: 'IdP offboarding is not configured',
        status: 501,
        detail:
          'This proxy has no identity provider configured; set KEYCLOAK_URL, KEYCLOAK_REALM, KEYCLOAK_CLIENT_ID and KEYCLOAK_CLIENT_SECRET to enable it.',
        instance: 'req-1',
      },
    ],
    [
      new IdpSyncRunningError(),
      {
        type: IDP_PROBLEM_TYPES.syncRunning,
        title: 'An IdP sync is already running',
        status: 409,
        detail: 'Another IdP sync is in progress on this proxy; run again once it has finished.',
        instance: 'req-1',
      },
    ],
  ])('%s', (err: OperationError, body) => {
    expect(problemFor(err).toProblem('req-1')).toStrictEqual(body);
  });

  it('each error carries a stable code, also readable from its class', () => {
    expect(
      [ProtectedAccountError, DirectoryNotAllowedError, IdpSyncNotConfiguredError, IdpSyncRunningError].map(
        (C) => C.code,
      ),
    ).toEqual(['protected-account', 'directory-not-allowed', 'idp-sync-not-configured', 'idp-sync-running']);
    const err = new DirectoryNotAllowedError('dir-9');
    expect([err.code, err.context, err.name]).toEqual([
      'directory-not-allowed',
      { directoryId: 'dir-9' },
      'DirectoryNotAllowedError',
    ]);
  });

  it('problems of the HTTP layer pass through unchanged', () => {
    const p = new TimeoutProblem(1000);
    expect(problemFor(p)).toBe(p);
  });

  const ctx = { operationId: 'org.getUser', api: 'org' as const, method: 'GET', url: 'https://x/' };
  it.each([
    ['HTTP 404', new AtlassianHttpError(ctx, { status: 404 }), 502],
    ['HTTP 503', new AtlassianHttpError(ctx, { status: 503 }), 503],
    ['no answer', new AtlassianNetworkError('m', ctx, { ambiguous: true }), 503],
  ])('Atlassian errors map by kind: %s', (_name, err, status) => {
    expect(problemFor(err).status).toBe(status);
  });

  it('anything else is a 500 that names nothing', () => {
    const body = problemFor(new Error('secret token abc')).toProblem(undefined);
    expect(body).toMatchObject({ type: PROBLEM_TYPES.internal, status: 500 });
    expect(JSON.stringify(body)).not.toContain('secret');
  });
});
