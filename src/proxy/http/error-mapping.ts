import {
  AtlassianError,
  AtlassianHttpError,
  AtlassianInvalidRequestError,
  AtlassianListingStoppedError,
  AtlassianNetworkError,
  AtlassianResponseShapeError,
} from '../../atlassian/errors';
import { IDP_PROBLEM_TYPES, PROBLEM_TYPES } from '../../contract/proxy';
import { OperationError, type OperationErrorCode } from '../operation-errors';
import {
  ForbiddenProblem,
  InternalProblem,
  NotFoundProblem,
  NotReadyProblem,
  ProxyProblem,
  UpstreamProblem,
} from './problems';

/**
 * The one place an error becomes the problem+json a caller sees: problems thrown by the HTTP layer
 * itself pass through, use-case errors (src/proxy/operation-errors.ts) map by their code, errors of
 * the Atlassian layer by their kind, and anything else is a generic 500 that names nothing.
 */
export function problemFor(err: unknown): ProxyProblem {
  if (err instanceof ProxyProblem) return err;
  if (err instanceof OperationError) return problemFromOperationError(err);
  if (err instanceof AtlassianError) return problemFromAtlassianError(err);
  return new InternalProblem();
}

const OPERATION_PROBLEMS: { [C in OperationErrorCode]: (err: OperationError) => ProxyProblem } = {
  'protected-account': (err) =>
    new ForbiddenProblem(err.message, PROBLEM_TYPES.protectedAccount, {
      accountId: err.context['accountId'] ?? '',
    }),
  'directory-not-allowed': (err) =>
    new ForbiddenProblem(err.message, PROBLEM_TYPES.directoryNotAllowed, {
      directoryId: err.context['directoryId'] ?? '',
    }),
  'idp-sync-not-configured': () =>
    new ProxyProblem({
      type: IDP_PROBLEM_TYPES.notConfigured,
      title: 'IdP offboarding is not configured',
      status: 501,
      detail:
        'This proxy has no identity provider configured; set KEYCLOAK_URL, KEYCLOAK_REALM, KEYCLOAK_CLIENT_ID and KEYCLOAK_CLIENT_SECRET to enable it.',
    }),
  'idp-sync-running': () =>
    new ProxyProblem({
      type: IDP_PROBLEM_TYPES.syncRunning,
      title: 'An IdP sync is already running',
      status: 409,
      detail: 'Another IdP sync is in progress on this proxy; run again once it has finished.',
    }),
  'batch-not-found': (err) => new NotFoundProblem(err.message),
  'idp-run-not-found': (err) => new NotFoundProblem(err.message),
  stopping: (err) => new NotReadyProblem(err.message),
};

export function problemFromOperationError(err: OperationError): ProxyProblem {
  return OPERATION_PROBLEMS[err.code](err);
}

/**
 * Maps an error of the Atlassian layer to the problem the caller sees. Only the operation, status and
 * error key cross over: upstream messages stay in the (redacted) log, never in a response.
 */
export function problemFromAtlassianError(err: AtlassianError): ProxyProblem {
  if (err instanceof AtlassianHttpError) {
    return new UpstreamProblem({
      operation: err.operationId,
      status: err.status,
      key: err.reason ?? err.code ?? null,
      ...(err.retryAfterMs === undefined ? {} : { retryAfterSeconds: err.retryAfterMs / 1000 }),
    });
  }
  if (err instanceof AtlassianNetworkError)
    return new UpstreamProblem({ operation: err.operationId, status: null });
  if (err instanceof AtlassianListingStoppedError) {
    // Every page answered 200; the listing as a whole did not end within its bounds.
    return new UpstreamProblem({
      operation: err.operationId,
      status: 200,
      key: `listing-stopped:${err.why}`,
      detail: `${err.operationId}: the listing did not end within its bounds (${err.why} after ${err.pagesRead} pages); nothing was decided from it.`,
    });
  }
  if (err instanceof AtlassianResponseShapeError) {
    return new UpstreamProblem({
      operation: err.operationId,
      status: err.status,
      key: 'unexpected-response',
    });
  }
  // A request the client refused to send means the proxy built it wrong: a bug, not the caller's fault.
  if (err instanceof AtlassianInvalidRequestError) return new InternalProblem();
  return new InternalProblem();
}
