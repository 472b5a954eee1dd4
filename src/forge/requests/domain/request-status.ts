import {
  REQUESTERS_MAX,
  type Requester,
  type RequestStatus,
  type UnlockRequestRecord,
} from '../../../contract/app/records';

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

/**
 * A second person asking while a request is pending joins it: one open request per account, so nobody can
 * hold a request open to block someone else's. Only a pending request takes new requesters (an approved
 * one is being carried out); each person is recorded once.
 */
export type JoinResult =
  | { kind: 'joined'; request: UnlockRequestRecord }
  | { kind: 'already-asked'; request: UnlockRequestRecord }
  | { kind: 'full' }
  | { kind: 'not-pending' };

export function join(request: UnlockRequestRecord, requester: Requester): JoinResult {
  if (requesterIds(request).includes(requester.accountId)) return { kind: 'already-asked', request };
  if (request.status !== 'pending') return { kind: 'not-pending' };
  if (request.additionalRequesters.length >= REQUESTERS_MAX) return { kind: 'full' };
  return {
    kind: 'joined',
    request: { ...request, additionalRequesters: [...request.additionalRequesters, requester] },
  };
}

/** Everyone who asked, first requester first. */
export function requesterIds(request: UnlockRequestRecord): string[] {
  return [request.requestedBy, ...request.additionalRequesters.map((r) => r.accountId)];
}

/**
 * The issues the request was asked from, each with the people who asked there (first issue first), so
 * the admin side can answer every requester on the issue they asked from.
 */
export function requestersByIssue(
  request: UnlockRequestRecord,
): Array<{ issue: UnlockRequestRecord['issue']; accountIds: string[] }> {
  const groups = new Map<string, { issue: UnlockRequestRecord['issue']; accountIds: string[] }>();
  const add = (issue: UnlockRequestRecord['issue'], accountId: string) => {
    const group = groups.get(issue.key) ?? { issue, accountIds: [] };
    if (!group.accountIds.includes(accountId)) group.accountIds.push(accountId);
    groups.set(issue.key, group);
  };
  add(request.issue, request.requestedBy);
  for (const r of request.additionalRequesters) add(r.issue, r.accountId);
  return [...groups.values()];
}
