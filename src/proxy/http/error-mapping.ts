import {
  AtlassianError,
  AtlassianHttpError,
  AtlassianInvalidRequestError,
  AtlassianListingStoppedError,
  AtlassianNetworkError,
  AtlassianResponseShapeError,
} from '../../atlassian/errors';
import { InternalProblem, UpstreamProblem, type ProxyProblem } from './problems';

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
