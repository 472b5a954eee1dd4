import Resolver from '@forge/resolver';
import {
  EmptyPayload,
  RequestUnlockPayload,
  UnlockNowPayload,
  type IssueActionFunction,
  type RequestOutcome,
  type UnlockContext,
} from '../contract';
import { ForbiddenError, ForgeAppError, NotFoundError, toErrorBody } from '../errors';
import { jira, type IssueForCaller } from '../jira';
import { proxyClient } from '../proxy-client';
import type { IssueRef } from '../records';
import { actions } from '../services/actions';
import { commentQuietly } from '../services/comments';
import { requests } from '../services/requests';
import { answer, callerOf, issueOf, parsePayload, requireAdmin, type Caller } from './guard';

/**
 * The issue action ("Request account unlock"). Every call first checks, as the caller, that they can see
 * the issue: the module's context comes from the browser and is not proof of access. The account is the
 * one the scan recorded in the issue property, else the issue's reporter.
 */

interface IssueScope {
  caller: Caller;
  issue: IssueRef;
  seen: IssueForCaller;
  accountId: string | null;
  source: UnlockContext['source'];
}

async function scope(context: unknown): Promise<IssueScope> {
  const caller = callerOf(context);
  const issue = issueOf(context);
  const seen = await jira.issueForCaller(issue.key);
  if (seen === null) throw new ForbiddenError('You cannot see this issue.');
  const fromFlag = seen.property?.accountId ?? null;
  return {
    caller,
    issue: seen.issue,
    seen,
    accountId: fromFlag ?? seen.reporter?.accountId ?? null,
    source: fromFlag !== null ? 'flag' : 'reporter',
  };
}

function requireAccount(s: IssueScope): string {
  if (s.accountId === null) throw new NotFoundError('This issue names no account to unlock.');
  return s.accountId;
}

type Request = { payload: unknown; context: unknown };

export function createIssueActionResolver(): Resolver {
  const r = new Resolver();
  const def = <K extends IssueActionFunction>(key: K) => key;

  r.define(def('getUnlockContext'), ({ payload, context }: Request) =>
    answer(async (): Promise<UnlockContext> => {
      const s = await scope(context);
      parsePayload(EmptyPayload, payload);
      const callerIsAdmin = await jira.callerIsAdmin();
      let diagnosis: UnlockContext['diagnosis'] = null;
      let diagnosisError: UnlockContext['diagnosisError'] = null;
      let displayName = s.source === 'reporter' ? (s.seen.reporter?.displayName ?? null) : null;
      if (s.accountId !== null) {
        try {
          const found = await proxyClient.lookup({ accountId: s.accountId });
          diagnosis = found.diagnosis;
          displayName = found.account?.name ?? displayName;
        } catch (err) {
          if (!(err instanceof ForgeAppError)) throw err;
          diagnosisError = toErrorBody(err);
        }
      }
      return {
        issue: s.issue,
        source: s.source,
        accountId: s.accountId,
        displayName,
        diagnosis,
        diagnosisError,
        callerIsAdmin,
        openRequest: s.accountId === null ? null : await requests.openForAccount(s.accountId),
      };
    }),
  );

  r.define(def('requestUnlock'), ({ payload, context }: Request) =>
    answer(async () => {
      const s = await scope(context);
      const p = parsePayload(RequestUnlockPayload, payload);
      return requests.create({
        accountId: requireAccount(s),
        issue: s.issue,
        reason: p.reason,
        requestedBy: s.caller.accountId,
      });
    }),
  );

  r.define(def('unlockNow'), ({ payload, context }: Request) =>
    answer(async (): Promise<RequestOutcome> => {
      const s = await scope(context);
      await requireAdmin();
      const p = parsePayload(UnlockNowPayload, payload);
      const accountId = requireAccount(s);
      const result = await actions.unlock(
        s.caller.accountId,
        accountId,
        { reason: p.reason, dryRun: false, method: p.method },
        { issueKey: s.issue.key },
      );
      const settled = await requests.settleOpenFor(accountId, s.caller.accountId, result.response);
      // The request's own comment covers its issue; otherwise this issue gets the outcome directly.
      if (settled === null || settled.issue.key !== s.issue.key) {
        await commentQuietly(s.issue.key, s.caller.accountId, 'ran "Unlock now" for this account.', [
          `Outcome: ${result.response.outcome}`,
          `Reason: ${p.reason}`,
        ]);
      }
      return { request: settled, unlock: result.response, unlockError: null };
    }),
  );

  return r;
}
