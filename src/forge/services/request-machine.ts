import type { RequestStatus, UnlockRequestRecord } from '../records';

/**
 * The unlock-request lifecycle: pending → approved | denied, approved → done | failed. Terminal states
 * never move again, so a double-clicked approve or a late deny cannot rewrite what happened.
 */
const ALLOWED: Record<RequestStatus, readonly RequestStatus[]> = {
  pending: ['approved', 'denied'],
  approved: ['done', 'failed'],
  denied: [],
  done: [],
  failed: [],
};

export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return ALLOWED[from].includes(to);
}

export function isOpen(status: RequestStatus): boolean {
  return status === 'pending' || status === 'approved';
}

export class TransitionError extends Error {
  constructor(
    readonly from: RequestStatus,
    readonly to: RequestStatus,
  ) {
    super(`A ${from} request cannot become ${to}.`);
    this.name = 'TransitionError';
  }
}

export function transition(
  request: UnlockRequestRecord,
  to: RequestStatus,
  by: string,
  at: Date,
  why: string | null,
  remaining: string[] = request.remaining,
): UnlockRequestRecord {
  if (!canTransition(request.status, to)) throw new TransitionError(request.status, to);
  return {
    ...request,
    status: to,
    history: [...request.history, { status: to, by, at: at.toISOString(), why }],
    remaining,
  };
}
