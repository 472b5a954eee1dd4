import type {
  ActionResponse,
  ReactivateRequest,
  UnlinkRequest,
  UnlinkMethod,
  UnlockRequest,
  UnlockResponse,
} from '../../contract/proxy';
import type { ActionResult } from '../../contract/app/resolvers';
import { ForgeAppError } from '../platform/errors';
import { proxyClient } from '../platform/proxy-client';
import type { AuditAction } from '../../contract/app/records';
import { audit, auditOutcomeOf, remainingSteps } from '../audit/audit-log';
import { commentQuietly } from '../requests/comments';
import { flags } from '../flags/flags';
import { relockWatch } from '../relock/relock-watch';
import { getSettings } from '../settings/settings';

/**
 * Account mutations through the proxy, each followed by what the app owes afterwards: an audit entry
 * (dry runs, refusals and failures included), the flag closed once the account is active again, and a
 * comment on the flag's issue. Lookups are read-only and not audited.
 */

export interface Origin {
  requestId?: string | null;
  issueKey?: string | null;
}

function describe(action: AuditAction, outcome: string, dryRun: boolean): string {
  return `${action}${dryRun ? ' (dry run)' : ''}: ${outcome}`;
}

/**
 * The account is active again through the app (unlock, or unlink and reactivate): the re-lock watch
 * re-checks it for a while (src/forge/relock/). The unlock itself is done, so a failed write is logged,
 * not thrown.
 */
async function watchQuietly(account: { accountId: string; email: string | null; name: string | null }) {
  try {
    await relockWatch.watch([{ accountId: account.accountId, email: account.email, name: account.name }]);
  } catch (err) {
    console.warn('re-lock watch not started', { error: (err as Error).name });
  }
}

async function afterMutation(
  actor: string,
  accountId: string,
  response: UnlockResponse | ActionResponse,
  dryRun: boolean,
  origin: Origin,
): Promise<void> {
  if (dryRun || response.account?.accountStatus !== 'active') return;
  // Only a change made here is watched; an account that was active already was not unlocked by the app.
  if (response.outcome !== 'already-active' && response.outcome !== 'no-op') {
    await watchQuietly(response.account);
  }
  const flag = await flags.resolve(accountId);
  if (flag?.issue && flag.issue.key !== origin.issueKey) {
    await commentQuietly(flag.issue.key, actor, 'unlocked this account from SCIM Unlock.', [
      `Outcome: ${response.outcome}`,
    ]);
  }
}

async function run<R extends UnlockResponse | ActionResponse>(
  action: 'unlock' | 'unlink' | 'reactivate',
  actor: string,
  accountId: string,
  dryRun: boolean,
  origin: Origin,
  call: () => Promise<R>,
): Promise<ActionResult<R>> {
  let response: R;
  try {
    response = await call();
  } catch (err) {
    await audit.recordQuietly({
      actor,
      action,
      accountId,
      dryRun,
      outcome: 'failed',
      summary: `${action}${dryRun ? ' (dry run)' : ''} failed: ${
        err instanceof ForgeAppError ? `${err.code} — ${err.message}` : 'unexpected error'
      }`,
      requestId: origin.requestId ?? null,
      issueKey: origin.issueKey ?? null,
    });
    throw err;
  }
  const blockers = response.blockers.map((b) => `${b.code}: ${b.message}`);
  const auditId = await audit.recordQuietly({
    actor,
    action,
    accountId,
    dryRun,
    outcome: auditOutcomeOf(response.outcome),
    summary: describe(action, response.outcome, dryRun),
    remaining: response.outcome === 'planned' ? [] : [...blockers, ...remainingSteps(response.steps)],
    requestId: origin.requestId ?? null,
    issueKey: origin.issueKey ?? null,
  });
  await afterMutation(actor, accountId, response, dryRun, origin);
  return { response, auditId };
}

/** The method an action names, else the admin's default from settings, else the proxy's own. */
async function withDefaultMethod<R extends { method?: UnlinkMethod | undefined }>(req: R): Promise<R> {
  if (req.method !== undefined) return req;
  const { defaultUnlinkMethod } = await getSettings();
  return defaultUnlinkMethod === null ? req : { ...req, method: defaultUnlinkMethod };
}

export const actions = {
  unlock(actor: string, accountId: string, req: UnlockRequest, origin: Origin = {}) {
    return run('unlock', actor, accountId, req.dryRun, origin, async () =>
      proxyClient.unlock({ path: { accountId }, body: await withDefaultMethod(req) }),
    );
  },
  unlink(actor: string, accountId: string, req: UnlinkRequest, origin: Origin = {}) {
    return run('unlink', actor, accountId, req.dryRun, origin, async () =>
      proxyClient.unlink({
        path: { accountId },
        // A directory-scoped unlink cannot delete (delete acts on every directory): keep the proxy's rule.
        body: req.directoryId === undefined ? await withDefaultMethod(req) : req,
      }),
    );
  },
  reactivate(actor: string, accountId: string, req: ReactivateRequest, origin: Origin = {}) {
    return run('reactivate', actor, accountId, req.dryRun, origin, () =>
      proxyClient.reactivate({ path: { accountId }, body: req }),
    );
  },
};
