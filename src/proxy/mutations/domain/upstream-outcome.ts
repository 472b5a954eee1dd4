import {
  AtlassianError,
  AtlassianHttpError,
  AtlassianNetworkError,
  AtlassianRateLimitedError,
  AtlassianServerError,
} from '../../../atlassian/errors';
import type { Blocker } from '../../../contract/proxy';
import { blocker } from '../../accounts/domain/findings';
import { UM_REASON } from '../../accounts/domain/snapshot';

/**
 * How a failed mutation is read. Pure: the executor asks these questions, and they are table-tested.
 */

/**
 * True when the failure leaves the outcome open or passing: no answer at all (the change may have
 * landed), a 5xx (a gateway can fail after the backend applied it) or a 429 (refused now, fine later).
 * The state is read back before anything else happens. Any other answer is Atlassian's decision.
 */
export function isRecoverable(err: unknown): boolean {
  return (
    err instanceof AtlassianNetworkError ||
    err instanceof AtlassianServerError ||
    err instanceof AtlassianRateLimitedError
  );
}

/**
 * True when a definitive refusal may only mean the work is already done: 404 (the link or record is
 * gone — e.g. a concurrent unlock removed it) or 409. The state is read back to tell, but the request
 * is not sent again.
 */
export function mayAlreadyHold(err: unknown): boolean {
  return err instanceof AtlassianHttpError && (err.status === 404 || err.status === 409);
}

/** The upstream key of an error answer, for messages: UM reason first, then the code. */
function keyOf(err: AtlassianHttpError): string | null {
  return err.reason ?? err.code ?? null;
}

/** A secret-free description of a failed call for a step's detail (never an upstream body). */
export function describeFailure(err: unknown): string {
  if (err instanceof AtlassianHttpError) {
    const key = keyOf(err);
    return `${err.operationId} answered HTTP ${err.status}${key ? ` (${key})` : ''}`;
  }
  if (err instanceof AtlassianNetworkError) {
    return `${err.operationId} got no answer${err.ambiguous ? ' (the change may or may not have been applied)' : ''}`;
  }
  if (err instanceof AtlassianError) return `${err.operationId} failed (${err.name})`;
  return 'the proxy failed unexpectedly';
}

/**
 * The blocker an upstream refusal stands for, when Atlassian refused a precondition the snapshot could
 * not show (e.g. an export-control block discovered only by the enable call). Null when the refusal
 * does not map to a precondition a person can act on.
 */
export function blockerFromRefusal(err: unknown): Blocker | null {
  if (!(err instanceof AtlassianHttpError) || err.status === 429 || err.status >= 500) return null;
  const reason = err.reason ?? null;
  if (reason === UM_REASON.exportControl) return blocker('export-control');
  if (reason === UM_REASON.google) return blocker('google-sync-needs-support');
  if (reason === UM_REASON.scim) {
    return err.operationId === 'um.disable' ? blocker('managed-by-scim') : blocker('scim-link-present');
  }
  if (reason === 'account.pendingDeletion') return blocker('pending-deletion');
  if (reason === 'account.closed') return blocker('account-closed');
  if (err.code === 'forbidden.targetUnverified') return blocker('not-managed');
  if (err.operationId.startsWith('um.') && (err.status === 403 || err.status === 409)) {
    return blocker(
      'lifecycle-not-allowed',
      `Atlassian answered HTTP ${err.status}${reason ? ` (${reason})` : ''}.`,
    );
  }
  return null;
}

/** The wait a 429 asked for, in ms; undefined when it gave none. */
export function requestedWaitMs(err: unknown): number | undefined {
  return err instanceof AtlassianHttpError ? err.retryAfterMs : undefined;
}
