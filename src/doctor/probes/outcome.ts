import {
  AtlassianHttpError,
  AtlassianNetworkError,
  AtlassianResponseShapeError,
  AtlassianTimeoutError,
} from '../../atlassian';
import type { ProbeOutcome } from '../domain/upstream-verdict';

/** Reduces what an Atlassian client threw to the outcome the verdicts classify; anything else is a bug. */
export function atlassianOutcome(err: unknown): ProbeOutcome {
  if (err instanceof AtlassianTimeoutError) return { kind: 'timeout', timeoutMs: err.timeoutMs };
  if (err instanceof AtlassianNetworkError)
    return { kind: 'network', ...(err.causeCode ? { code: err.causeCode } : {}) };
  if (err instanceof AtlassianHttpError)
    return { kind: 'http', status: err.status, ...(err.code ? { code: err.code } : {}) };
  if (err instanceof AtlassianResponseShapeError) return { kind: 'shape' };
  throw err;
}
