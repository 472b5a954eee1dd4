import type { Diagnosis, DiagnosisState } from '../../../contract/proxy';
import type { LockState, MyRequest } from '../../../contract/app/resolvers';
import type { ErrorCode } from '../../platform/errors';
import type { UnlockRequestRecord } from '../../../contract/app/records';

/**
 * Pure rules for what a requester (anyone who is not a Jira administrator) may learn and ask for. The
 * issue action builds the requester's view only from these, so what a non-admin sees is decided here.
 */

const LOCK_BY_STATE: Record<DiagnosisState, LockState> = {
  active: 'not-locked',
  'locked-by-scim': 'locked',
  deactivated: 'locked',
  suspended: 'locked',
  closed: 'locked',
  'not-managed': 'locked',
  // Saying "no such account" would tell a requester who is and is not in the organisation.
  'not-found': 'unknown',
};

/** "Locked / not locked" from the proxy's diagnosis; unknown when there is none. */
export function lockStateOf(diagnosis: Diagnosis | null): LockState {
  return diagnosis === null ? 'unknown' : LOCK_BY_STATE[diagnosis.state];
}

/** This person's own part of a request, or null when they did not ask for it. */
export function myRequestOf(request: UnlockRequestRecord, accountId: string): MyRequest | null {
  if (request.requestedBy === accountId) {
    return {
      requestId: request.id,
      status: request.status,
      askedAt: request.requestedAt,
      reason: request.reason,
    };
  }
  const joined = request.additionalRequesters.find((r) => r.accountId === accountId);
  return joined === undefined
    ? null
    : { requestId: request.id, status: request.status, askedAt: joined.at, reason: joined.reason };
}

export interface Refusal {
  code: ErrorCode;
  /** Shown to the requester: says what to do, not why the proxy treats the account specially. */
  message: string;
  /** Recorded in the app's audit trail, which only administrators read. */
  auditNote: string;
}

/**
 * Whether an unlock may be requested for an account in this state. A protected account is refused at
 * request time, not only when an administrator approves; so is an active one, which also covers
 * protected accounts that are active (the proxy names the protection only among unlock blockers).
 */
export function requestRefusal(diagnosis: Diagnosis): Refusal | null {
  if (diagnosis.blockers.some((b) => b.code === 'protected-account')) {
    return {
      code: 'policy-refused',
      message: 'This account cannot be unlocked through a request. Ask a Jira administrator for help.',
      auditNote: 'the account is on the proxy’s protected list',
    };
  }
  if (diagnosis.state === 'active') {
    return {
      code: 'conflict',
      message: 'This account is not locked, so there is nothing to unlock.',
      auditNote: 'the account is active',
    };
  }
  return null;
}
