import Resolver from '@forge/resolver';
import type { Diagnosis, LookupResponse } from '../../contract/proxy';
import type { AccountSource, AdminUnlockContext, RequesterUnlockContext } from '../../contract/app/resolvers';
import {
  ForbiddenError,
  ForgeAppError,
  NotFoundError,
  toErrorBody,
  type ErrorBody,
} from '../platform/errors';
import { jira } from '../platform/jira';
import { proxyClient } from '../platform/proxy-client';
import type { IssueRef } from '../../contract/app/records';
import { actions } from '../accounts/account-actions';
import { commentQuietly } from '../requests/comments';
import { postedIssues } from '../scan/posted-issues';
import { requestersByIssue } from '../requests/domain/request-status';
import { lockStateOf } from '../requests/domain/request-views';
import { requests } from '../requests/requests';
import { callerOf, defineIssueAction, issueOf, requireAdmin, type Caller } from './guard';

/**
 * The issue action ("Request account unlock"). Every call first checks, as the caller, that they can see
 * the issue: the module's context comes from the browser and is not proof of access.
 *
 * The account is the one the app recorded when its scan posted this issue (posted-issues.ts), else the
 * issue's reporter. Nothing a Jira user can write on the issue (its `scim-unlock-account` property
 * included) chooses the account. A Jira administrator gets the proxy's full diagnosis and "Unlock now";
 * everyone else gets the person's name, locked or not, and their own request.
 */

interface IssueScope {
  caller: Caller;
  issue: IssueRef;
  accountId: string | null;
  source: AccountSource;
  /** The reporter's name, when the reporter is the account. */
  reporterName: string | null;
}

async function scope(context: unknown): Promise<IssueScope> {
  const caller = callerOf(context);
  const seen = await jira.issueForCaller(issueOf(context).key);
  if (seen === null) throw new ForbiddenError('You cannot see this issue.');
  const posted = await postedIssues.forIssue(seen.issue, seen.accountHint);
  if (posted !== null) {
    return { caller, issue: seen.issue, accountId: posted.accountId, source: 'flag', reporterName: null };
  }
  return {
    caller,
    issue: seen.issue,
    accountId: seen.reporter?.accountId ?? null,
    source: 'reporter',
    reporterName: seen.reporter?.displayName ?? null,
  };
}

function requireAccount(s: IssueScope): string {
  if (s.accountId === null) throw new NotFoundError('This issue names no account to unlock.');
  return s.accountId;
}

async function lookupQuietly(
  accountId: string,
): Promise<{ found: LookupResponse | null; error: ErrorBody | null }> {
  try {
    return { found: await proxyClient.lookup({ query: { accountId } }), error: null };
  } catch (err) {
    if (!(err instanceof ForgeAppError)) throw err;
    return { found: null, error: toErrorBody(err) };
  }
}

/** A request is recorded only once the proxy has said the account may be asked for. */
async function diagnosisForRequest(accountId: string): Promise<Diagnosis> {
  const { found } = await lookupQuietly(accountId);
  if (found === null) {
    throw new ForgeAppError(
      'unavailable',
      'The account could not be checked just now, so no request was recorded. Try again in a few minutes.',
    );
  }
  return found.diagnosis;
}

async function adminView(s: IssueScope): Promise<AdminUnlockContext> {
  const { found, error } =
    s.accountId === null ? { found: null, error: null } : await lookupQuietly(s.accountId);
  return {
    view: 'admin',
    issue: s.issue,
    source: s.source,
    accountId: s.accountId,
    displayName: found?.account?.name ?? s.reporterName,
    diagnosis: found?.diagnosis ?? null,
    diagnosisError: error,
    openRequest: s.accountId === null ? null : await requests.openForAccount(s.accountId),
  };
}

async function requesterView(s: IssueScope): Promise<RequesterUnlockContext> {
  if (s.accountId === null) {
    return { view: 'requester', issue: s.issue, source: s.source, person: null, myRequest: null };
  }
  const { found } = await lookupQuietly(s.accountId);
  return {
    view: 'requester',
    issue: s.issue,
    source: s.source,
    person: {
      displayName: found?.account?.name ?? s.reporterName,
      lock: lockStateOf(found?.diagnosis ?? null),
    },
    myRequest: await requests.mineFor(s.accountId, s.caller.accountId),
  };
}

export function createIssueActionResolver(): Resolver {
  const r = new Resolver();

  defineIssueAction(r, 'getUnlockContext', async (context, payload) => {
    const s = await scope(context);
    payload();
    return (await jira.callerIsAdmin()) ? adminView(s) : requesterView(s);
  });

  defineIssueAction(r, 'requestUnlock', async (context, payload) => {
    const s = await scope(context);
    const p = payload();
    const accountId = requireAccount(s);
    return requests.ask({
      accountId,
      issue: s.issue,
      reason: p.reason,
      requestedBy: s.caller.accountId,
      diagnosis: await diagnosisForRequest(accountId),
    });
  });

  defineIssueAction(r, 'unlockNow', async (context, payload) => {
    const s = await scope(context);
    await requireAdmin();
    const p = payload();
    const accountId = requireAccount(s);
    const result = await actions.unlock(
      s.caller.accountId,
      accountId,
      { reason: p.reason, dryRun: false, method: p.method },
      { issueKey: s.issue.key },
    );
    const settled = await requests.settleOpenFor(accountId, s.caller.accountId, result.response);
    // The request's outcome comment covers the issues it was asked from; any other issue gets its own.
    const covered = settled !== null && requestersByIssue(settled).some((g) => g.issue.key === s.issue.key);
    if (!covered) {
      await commentQuietly(s.issue.key, s.caller.accountId, 'ran "Unlock now" for this account.', [
        `Outcome: ${result.response.outcome}`,
        `Reason: ${p.reason}`,
      ]);
    }
    return { request: settled, unlock: result.response, unlockError: null };
  });

  return r;
}
