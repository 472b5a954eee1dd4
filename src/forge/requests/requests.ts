import { clip } from '../../lib/clip';
import { sleep } from '../../lib/sleep';
import { z } from 'zod';
import type { Diagnosis, UnlinkMethod, UnlockResponse } from '../../contract/proxy';
import { REASON_MAX_LENGTH } from '../../contract/proxy';
import type {
  MyRequest,
  RequestOutcome,
  RequestReceipt,
  RequestSort,
  RequestsPage,
} from '../../contract/app/resolvers';
import { ConflictError, ForgeAppError, NotFoundError, toErrorBody, type ErrorBody } from '../platform/errors';
import { newRequestId } from '../platform/ids';
import {
  REQUESTERS_MAX,
  RequestId,
  RequestStatus,
  UnlockRequestRecord,
  type IssueRef,
} from '../../contract/app/records';
import { KEYS, repository } from '../platform/repository';
import { defineEntity, entityStore } from '../platform/entity-store';
import { readCounts, writeCounted } from '../platform/counters';
import { actions } from '../accounts/account-actions';
import { audit, remainingSteps } from '../audit/audit-log';
import { commentAsCallerQuietly, commentQuietly } from './comments';
import { isOpen, join, requestersByIssue, transition, type JoinResult } from './domain/request-status';
import { myRequestOf, requestRefusal } from './domain/request-views';

/**
 * Unlock requests raised from an issue: pending → approved | denied → done | failed. Each step records who,
 * when and why and writes an audit entry. At most one open request exists per account (an atomic claim);
 * a second person asking joins it as an additional requester, so nobody can block another's request.
 * Approve, deny and join of one request never run concurrently (a short lock).
 *
 * Comments: the requester's own note is posted as the requester (Jira applies their "Add comments"
 * permission) and never carries their reason; the decision and the outcome are posted by the app from the
 * admin-side flow on every issue someone asked from, mentioning those who asked there. Blockers and other
 * diagnosis details stay on the admin page: anyone who can see the issue reads its comments.
 */

/** `at` is absent on claims stored before it existed; such claims count as settled. */
const OpenClaim = z.object({ requestId: RequestId, at: z.iso.datetime().optional() });
/**
 * A claim whose request record is not written yet is a request being opened right now, unless it is older
 * than this: then its writer died between the two writes and the claim may be taken over.
 */
const CLAIM_SETTLE_MS = 60_000;
/** The request a person last asked for about one account, so they can see its status later. */
const RequesterPointer = z.object({ requestId: RequestId });
/** A join waits for a concurrent join or decision on the same request, a few short tries at most. */
const JOIN_ATTEMPTS = 5;
const JOIN_BACKOFF_MS = 150;
const RequestLock = z.object({ by: z.string(), at: z.string() });
/** Longer than a resolver may run (25 s), short enough that a crashed holder does not block for long. */
const LOCK_TTL_SECONDS = 120;

/**
 * Request records are `unlock-request` entities (manifest.yml): index `by-status` answers "pending, oldest
 * first", `requestedAt` answers "all, newest first", one query per page. The claims (`request-open:`,
 * `request-lock:`, `request-by:`) stay plain keys: they are atomic create-if-absent claims.
 */
export const REQUEST_ENTITY = defineEntity('unlock-request', UnlockRequestRecord);
/** Counter group of the per-status counts (src/forge/platform/counters.ts). */
export const REQUEST_COUNTER_GROUP = 'requests';

const getRequest = (id: string) => entityStore.get(REQUEST_ENTITY, id);

/**
 * Writes a request and moves it between status counts in one transaction: `previous` is the status it
 * was stored with (null for a new request). Same status: the record alone.
 */
async function save(previous: RequestStatus | null, request: UnlockRequestRecord): Promise<void> {
  await writeCounted(
    [{ kind: 'set', entity: REQUEST_ENTITY, key: request.id, value: request }],
    [
      ...(previous === null ? [] : [{ group: REQUEST_COUNTER_GROUP, name: previous, delta: -1 }]),
      { group: REQUEST_COUNTER_GROUP, name: request.status, delta: 1 },
    ],
  );
}

async function load(id: string): Promise<UnlockRequestRecord> {
  const request = await getRequest(id);
  if (request === undefined) throw new NotFoundError('There is no request with that id.');
  return request;
}

const BUSY = Symbol('busy');

async function tryWithLock<T>(id: string, actor: string, work: () => Promise<T>): Promise<T | typeof BUSY> {
  const key = KEYS.requestLock(id);
  const won = await repository.claim(
    key,
    RequestLock.parse({ by: actor, at: new Date().toISOString() }),
    LOCK_TTL_SECONDS,
  );
  if (!won) return BUSY;
  try {
    return await work();
  } finally {
    await repository.delete(key).catch(() => undefined);
  }
}

async function withLock<T>(id: string, actor: string, work: () => Promise<T>): Promise<T> {
  const result = await tryWithLock(id, actor, work);
  if (result === BUSY) {
    throw new ConflictError('Someone is already handling this request. Reload and try again.');
  }
  return result;
}

/** Answers every requester on the issue they asked from, as the app (the admin-side flow). */
async function tellRequesters(
  request: UnlockRequestRecord,
  actor: string | null,
  message: string,
  details: string[] = [],
): Promise<void> {
  for (const { issue, accountIds } of requestersByIssue(request)) {
    await commentQuietly(issue.key, actor, message, details, accountIds);
  }
}

interface AskInput {
  accountId: string;
  issue: IssueRef;
  reason: string;
  requestedBy: string;
}

type Opened = { opened: UnlockRequestRecord } | { open: UnlockRequestRecord } | { opening: true };

/**
 * Opens a new request unless one is open for the account, which is then returned instead (or reported as
 * still being opened by someone else, when its record is not written yet).
 */
async function openOrFind(input: AskInput, now: Date): Promise<Opened> {
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
    additionalRequesters: [],
  });
  const claimKey = KEYS.openRequest(input.accountId);
  const claimValue = { requestId: id, at: now.toISOString() };
  if (!(await repository.claim(claimKey, claimValue))) {
    const claim = await repository.get(claimKey, OpenClaim);
    const held = claim === undefined ? undefined : await getRequest(claim.requestId);
    if (held !== undefined && isOpen(held.status)) return { open: held };
    const fresh = claim?.at !== undefined && now.getTime() - Date.parse(claim.at) < CLAIM_SETTLE_MS;
    if (claim !== undefined && held === undefined && fresh) return { opening: true };
    // The claim points at a request that is closed, or gone long ago (an interrupted close): take it over.
    await repository.set(claimKey, claimValue);
  }
  try {
    await save(null, record);
  } catch (err) {
    await repository.delete(claimKey).catch(() => undefined);
    throw err;
  }
  return { opened: record };
}

/** What follows a recorded ask: the person's pointer, the audit entry and their own note on the issue. */
async function afterAsk(
  request: UnlockRequestRecord,
  input: AskInput,
  action: 'request-created' | 'request-joined',
): Promise<RequestReceipt> {
  const mine = myRequestOf(request, input.requestedBy);
  if (mine === null) throw new ForgeAppError('internal', 'The request does not name its requester.');
  await repository.set(KEYS.requesterRequest(input.accountId, input.requestedBy), {
    requestId: request.id,
  });
  await audit.recordQuietly({
    actor: input.requestedBy,
    action,
    outcome: 'success',
    accountId: input.accountId,
    summary: `${action === 'request-created' ? 'Unlock requested' : 'Joined the open unlock request'}: ${
      input.reason
    }`,
    requestId: request.id,
    issueKey: input.issue.key,
  });
  const commented = await commentAsCallerQuietly(
    input.issue.key,
    `I requested an account unlock through SCIM Unlock (request ${request.id}). A Jira administrator ` +
      'reviews it; the decision is added to this issue.',
  );
  return { request: mine, commented };
}

function pause(attempt: number): Promise<void> {
  return sleep(JOIN_BACKOFF_MS * (attempt + 1));
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

/** `stored` is the status the request is stored with (approved, or pending when settled directly). */
async function finish(
  approved: UnlockRequestRecord,
  actor: string,
  response: UnlockResponse | null,
  error: ErrorBody | null,
  stored: RequestStatus = approved.status,
): Promise<UnlockRequestRecord> {
  const result = settle(response, error);
  const final = transition(approved, result.status, actor, new Date(), result.summary, result.remaining);
  await save(stored, final);
  await repository.delete(KEYS.openRequest(final.accountId));
  // What remains (blockers, directories, steps) is for administrators: it stays on the request record.
  await tellRequesters(
    final,
    null,
    result.status === 'done'
      ? 'The account was unlocked.'
      : 'The unlock did not complete. A Jira administrator has the details on the SCIM Unlock admin page.',
  );
  return final;
}

export const requests = {
  get: load,

  /** One page by request time (one index query) with the maintained counts (one more). */
  async list(opts: {
    status?: RequestStatus | undefined;
    sort: RequestSort;
    cursor?: string | undefined;
    limit: number;
  }): Promise<RequestsPage> {
    const [page, counts] = await Promise.all([
      entityStore.query(REQUEST_ENTITY, {
        ...(opts.status === undefined
          ? { index: 'requestedAt' }
          : { index: 'by-status', partition: [opts.status] }),
        sort: opts.sort === 'newest' ? 'desc' : 'asc',
        cursor: opts.cursor,
        limit: opts.limit,
      }),
      requests.counts(),
    ]);
    const total =
      opts.status === undefined ? Object.values(counts).reduce((a, b) => a + b, 0) : counts[opts.status];
    return { items: page.items.map((e) => e.value), nextCursor: page.nextCursor, total, counts };
  },

  /** Requests per status, from the maintained counters (never by loading requests). */
  async counts(): Promise<Record<RequestStatus, number>> {
    const stored = await readCounts(REQUEST_COUNTER_GROUP);
    const counts = {} as Record<RequestStatus, number>;
    for (const status of RequestStatus.options) counts[status] = stored[status] ?? 0;
    return counts;
  },

  async openForAccount(accountId: string): Promise<UnlockRequestRecord | null> {
    const claim = await repository.get(KEYS.openRequest(accountId), OpenClaim);
    if (claim === undefined) return null;
    const request = await getRequest(claim.requestId);
    return request !== undefined && isOpen(request.status) ? request : null;
  },

  /** The caller's own latest request about this account, seen from their side; null if they never asked. */
  async mineFor(accountId: string, requesterId: string): Promise<MyRequest | null> {
    const pointer = await repository.get(KEYS.requesterRequest(accountId, requesterId), RequesterPointer);
    if (pointer === undefined) return null;
    const request = await getRequest(pointer.requestId);
    return request === undefined ? null : myRequestOf(request, requesterId);
  },

  /**
   * Asks for an unlock of an account the proxy has just diagnosed. Refused for a protected or an active
   * account (audited, so administrators see the attempt). Otherwise opens a request, or joins the one
   * already open for the account; asking twice changes nothing. The answer holds only the caller's part.
   */
  async ask(input: AskInput & { diagnosis: Diagnosis }): Promise<RequestReceipt> {
    const refusal = requestRefusal(input.diagnosis);
    if (refusal !== null) {
      await audit.recordQuietly({
        actor: input.requestedBy,
        action: 'request-created',
        outcome: 'blocked',
        accountId: input.accountId,
        summary: `Unlock request refused: ${refusal.auditNote}.`,
        issueKey: input.issue.key,
      });
      throw new ForgeAppError(refusal.code, refusal.message);
    }
    for (let attempt = 0; attempt < JOIN_ATTEMPTS; attempt++) {
      const now = new Date();
      const found = await openOrFind(input, now);
      if ('opened' in found) return afterAsk(found.opened, input, 'request-created');
      if ('opening' in found) {
        await pause(attempt);
        continue;
      }

      const open = found.open;
      const already = myRequestOf(open, input.requestedBy);
      if (already !== null) return { request: already, commented: false };
      if (open.status !== 'pending') {
        throw new ConflictError(
          'An administrator is unlocking this account right now. Reload in a minute to see the outcome.',
        );
      }
      const requester = {
        accountId: input.requestedBy,
        reason: input.reason,
        at: now.toISOString(),
        issue: input.issue,
      };
      const result = await tryWithLock(open.id, input.requestedBy, async (): Promise<JoinResult> => {
        const joined = join(await load(open.id), requester);
        if (joined.kind === 'joined') await save(joined.request.status, joined.request);
        return joined;
      });
      if (result === BUSY) {
        await pause(attempt);
        continue;
      }
      switch (result.kind) {
        case 'joined':
          return afterAsk(result.request, input, 'request-joined');
        case 'already-asked': {
          const mine = myRequestOf(result.request, input.requestedBy);
          if (mine !== null) return { request: mine, commented: false };
          break;
        }
        case 'full':
          throw new ConflictError(
            `${REQUESTERS_MAX + 1} people have already asked for this account; an administrator will answer them all.`,
          );
        case 'not-pending':
          // Decided while we looked: the next round opens a new request or finds it being carried out.
          break;
      }
    }
    throw new ConflictError('Several people are asking about this account at once. Try again in a moment.');
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
      await save(pending.status, approved);
      await audit.recordQuietly({
        actor,
        action: 'request-approved',
        outcome: 'success',
        accountId: approved.accountId,
        summary: `Request approved${reason ? `: ${reason}` : ''}`,
        requestId: id,
        issueKey: approved.issue.key,
      });
      await tellRequesters(
        approved,
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
          { reason: clip(`Request ${id}: ${approved.reason}`, REASON_MAX_LENGTH), dryRun: false, method },
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
      await save(pending.status, denied);
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
      await tellRequesters(denied, actor, 'denied the unlock request.', [`Reason: ${reason}`]);
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
      return finish(approved, actor, response, null, pending.status);
    });
  },
};
