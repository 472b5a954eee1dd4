import { z } from 'zod';
import type { UnlinkMethod, UnlockResponse } from '../../contract';
import { REASON_MAX_LENGTH } from '../../contract';
import type { Page, RequestOutcome } from '../contract';
import { ConflictError, ForgeAppError, NotFoundError, toErrorBody, type ErrorBody } from '../errors';
import { newRequestId } from '../ids';
import { RequestId, UnlockRequestRecord, type IssueRef, type RequestStatus } from '../records';
import { KEYS, repository } from '../repository';
import { actions } from './actions';
import { audit, remainingSteps } from './audit';
import { commentQuietly } from './comments';
import { isOpen, transition } from './request-machine';

/**
 * Unlock requests raised from an issue: pending → approved | denied → done | failed. Each step records who,
 * when and why, writes an audit entry and comments on the issue. At most one open request exists per
 * account (an atomic claim), and approve/deny of one request never run concurrently (a short lock).
 */

const OpenClaim = z.object({ requestId: RequestId });
const RequestLock = z.object({ by: z.string(), at: z.string() });
/** Longer than a resolver may run (25 s), short enough that a crashed holder does not block for long. */
const LOCK_TTL_SECONDS = 120;

function clipReason(value: string): string {
  return value.length <= REASON_MAX_LENGTH ? value : `${value.slice(0, REASON_MAX_LENGTH - 1)}…`;
}

async function load(id: string): Promise<UnlockRequestRecord> {
  const request = await repository.get(KEYS.request(id), UnlockRequestRecord);
  if (request === undefined) throw new NotFoundError('There is no request with that id.');
  return request;
}

async function withLock<T>(id: string, actor: string, work: () => Promise<T>): Promise<T> {
  const key = KEYS.requestLock(id);
  const won = await repository.claim(
    key,
    RequestLock.parse({ by: actor, at: new Date().toISOString() }),
    LOCK_TTL_SECONDS,
  );
  if (!won) throw new ConflictError('Someone is already handling this request. Reload and try again.');
  try {
    return await work();
  } finally {
    await repository.delete(key).catch(() => undefined);
  }
}

/** Outcome of an unlock in request terms: anything short of an active, unlinked account is a failure. */
function settle(
  response: UnlockResponse | null,
  error: ErrorBody | null,
): {
  status: RequestStatus;
  remaining: string[];
  summary: string;
} {
  if (response === null) {
    return {
      status: 'failed',
      remaining: ['unlock: not run'],
      summary: `The unlock could not run: ${error?.message ?? 'unknown error'}`,
    };
  }
  if (response.outcome === 'unlocked' || response.outcome === 'already-active') {
    return { status: 'done', remaining: [], summary: `Unlock finished: ${response.outcome}.` };
  }
  const remaining = [
    ...response.blockers.map((b) => `${b.code}: ${b.message}`),
    ...remainingSteps(response.steps),
  ];
  return { status: 'failed', remaining, summary: `Unlock ended ${response.outcome}.` };
}

async function finish(
  approved: UnlockRequestRecord,
  actor: string,
  response: UnlockResponse | null,
  error: ErrorBody | null,
): Promise<UnlockRequestRecord> {
  const result = settle(response, error);
  const final = transition(approved, result.status, actor, new Date(), result.summary, result.remaining);
  await repository.set(KEYS.request(final.id), final);
  await repository.delete(KEYS.openRequest(final.accountId));
  await commentQuietly(
    final.issue.key,
    null,
    result.status === 'done' ? 'The account was unlocked.' : 'The unlock did not complete.',
    [result.summary, ...result.remaining],
  );
  return final;
}

export const requests = {
  get: load,

  async list(opts: {
    status?: RequestStatus | undefined;
    cursor?: string | undefined;
    limit: number;
  }): Promise<Page<UnlockRequestRecord>> {
    const page = await repository.query(KEYS.requestPrefix, UnlockRequestRecord, {
      cursor: opts.cursor,
      limit: opts.limit,
    });
    const items = page.items
      .map((e) => e.value)
      .filter((r) => opts.status === undefined || r.status === opts.status);
    return { items, nextCursor: page.nextCursor };
  },

  async openForAccount(accountId: string): Promise<UnlockRequestRecord | null> {
    const claim = await repository.get(KEYS.openRequest(accountId), OpenClaim);
    if (claim === undefined) return null;
    const request = await repository.get(KEYS.request(claim.requestId), UnlockRequestRecord);
    return request !== undefined && isOpen(request.status) ? request : null;
  },

  async countOpen(): Promise<number> {
    let n = 0;
    for await (const _ of repository.scanAll(KEYS.openRequestPrefix, OpenClaim, 20)) n++;
    return n;
  },

  async create(input: {
    accountId: string;
    issue: IssueRef;
    reason: string;
    requestedBy: string;
  }): Promise<UnlockRequestRecord> {
    const now = new Date();
    const id = newRequestId(now);
    const record: UnlockRequestRecord = UnlockRequestRecord.parse({
      id,
      accountId: input.accountId,
      issue: input.issue,
      reason: input.reason,
      requestedBy: input.requestedBy,
      requestedAt: now.toISOString(),
      status: 'pending',
      history: [{ status: 'pending', by: input.requestedBy, at: now.toISOString(), why: input.reason }],
      remaining: [],
    });
    const claimKey = KEYS.openRequest(input.accountId);
    if (!(await repository.claim(claimKey, { requestId: id }))) {
      const existing = await requests.openForAccount(input.accountId);
      if (existing !== null) {
        throw new ConflictError('An unlock request for this account is already open.', {
          requestId: existing.id,
          issueKey: existing.issue.key,
        });
      }
      // The claim points at a request that is closed or gone (an interrupted close): take it over.
      await repository.set(claimKey, { requestId: id });
    }
    try {
      await repository.set(KEYS.request(id), record);
    } catch (err) {
      await repository.delete(claimKey).catch(() => undefined);
      throw err;
    }
    await audit.recordQuietly({
      actor: input.requestedBy,
      action: 'request-created',
      outcome: 'success',
      accountId: input.accountId,
      summary: `Unlock requested: ${input.reason}`,
      requestId: id,
      issueKey: input.issue.key,
    });
    await commentQuietly(input.issue.key, input.requestedBy, 'requested an account unlock.', [
      `Reason: ${input.reason}`,
      `Request: ${id}`,
    ]);
    return record;
  },

  /** Approving runs the unlock at once; the request ends done or failed with what remains. */
  async approve(
    id: string,
    actor: string,
    reason: string | undefined,
    method?: UnlinkMethod,
  ): Promise<RequestOutcome> {
    return withLock(id, actor, async () => {
      const pending = await load(id);
      if (pending.status !== 'pending') {
        throw new ConflictError(`This request is already ${pending.status}.`, { status: pending.status });
      }
      const approved = transition(pending, 'approved', actor, new Date(), reason ?? null);
      await repository.set(KEYS.request(id), approved);
      await audit.recordQuietly({
        actor,
        action: 'request-approved',
        outcome: 'success',
        accountId: approved.accountId,
        summary: `Request approved${reason ? `: ${reason}` : ''}`,
        requestId: id,
        issueKey: approved.issue.key,
      });
      await commentQuietly(
        approved.issue.key,
        actor,
        'approved the unlock request; unlocking now.',
        reason ? [reason] : [],
      );

      let response: UnlockResponse | null = null;
      let unlockError: ErrorBody | null = null;
      try {
        const result = await actions.unlock(
          actor,
          approved.accountId,
          { reason: clipReason(`Request ${id}: ${approved.reason}`), dryRun: false, method },
          { requestId: id, issueKey: approved.issue.key },
        );
        response = result.response;
      } catch (err) {
        if (!(err instanceof ForgeAppError)) throw err;
        unlockError = toErrorBody(err);
      }
      const request = await finish(approved, actor, response, unlockError);
      return { request, unlock: response, unlockError };
    });
  },

  async deny(id: string, actor: string, reason: string): Promise<UnlockRequestRecord> {
    return withLock(id, actor, async () => {
      const pending = await load(id);
      if (pending.status !== 'pending') {
        throw new ConflictError(`This request is already ${pending.status}.`, { status: pending.status });
      }
      const denied = transition(pending, 'denied', actor, new Date(), reason);
      await repository.set(KEYS.request(id), denied);
      await repository.delete(KEYS.openRequest(denied.accountId));
      await audit.recordQuietly({
        actor,
        action: 'request-denied',
        outcome: 'success',
        accountId: denied.accountId,
        summary: `Request denied: ${reason}`,
        requestId: id,
        issueKey: denied.issue.key,
      });
      await commentQuietly(denied.issue.key, actor, 'denied the unlock request.', [`Reason: ${reason}`]);
      return denied;
    });
  },

  /**
   * An admin unlocked the account directly (admin page or "Unlock now"): a pending request for it is
   * approved and settled by that unlock instead of lingering in the queue.
   */
  async settleOpenFor(
    accountId: string,
    actor: string,
    response: UnlockResponse,
  ): Promise<UnlockRequestRecord | null> {
    const open = await requests.openForAccount(accountId);
    if (open === null || open.status !== 'pending') return null;
    return withLock(open.id, actor, async () => {
      const pending = await load(open.id);
      if (pending.status !== 'pending') return null;
      const approved = transition(
        pending,
        'approved',
        actor,
        new Date(),
        'Unlocked directly by an administrator.',
      );
      return finish(approved, actor, response, null);
    });
  },
};
