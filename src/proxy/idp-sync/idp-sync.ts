import type { AtlassianClients } from '../../atlassian/clients/create-clients';
import type { UserSearchRequest } from '../../atlassian/clients/org-schemas';
import type {
  IdpAppliedEntry,
  IdpPlanEntry,
  SyncRunPhase,
  IdpSkippedEntry,
  IdpSyncRequest,
  IdpSyncResponse,
  UpstreamCall,
} from '../../contract/proxy';
import {
  KeycloakListingError,
  type KeycloakCall,
  type KeycloakConnector,
  type KeycloakListing,
} from '../../keycloak';
import { AtlassianListingStoppedError } from '../../atlassian/errors';
import { idpSyncAbortEvent, type AuditLog } from '../audit';
import type { IdpSyncConfig, ProxyConfig } from '../config';
import { planDeactivate, type PlanStep } from '../accounts/domain/plan';
import type { OrgUser } from '../accounts/domain/snapshot';
import type { Logger } from '../server/logger';
import type { CallRecorder } from '../upstream/call-recorder';
import type { DirectoryCatalogue } from '../upstream/directory-catalogue';
import {
  atlassianListingTrip,
  earlyTrip,
  emptyRealmTrip,
  judgePlan,
  keycloakListingTrip,
  runLimits,
  shareLimit,
  type RunLimits,
  type Trip,
} from './domain/breaker';
import {
  disableMessage,
  leaverItem,
  mutationReason,
  prejudgedItem,
  returnerItem,
  skippedOf,
  type PlannedItem,
} from './domain/entries';
import { findCandidates, type Candidates } from './domain/match';
import { failedVerdict, judgeResult, notRun, NOT_RUN, type ApplyVerdict } from './domain/outcome';
import { planIdpReactivate } from './domain/reactivation';
import { isSpent, recordUpdate, sameRecords, type DoneStep } from './domain/records';
import { IdpSyncRunningError } from '../operation-errors';
import type { IdpDeactivationRecord, IdpSyncStateStore } from './state-file';
import { mapConcurrent } from '../../lib/map-concurrent';
import { createMutationKit } from '../mutations/mutation-kit';
import type { MutationResult } from '../mutations/mutation-runner';
import type { OperationContext } from '../operation-context';
import { toDomainUser } from '../upstream/upstream-mapping';

/** Told each step as the run reaches it, and each account as it is attempted (background runs). */
export interface IdpSyncProgress {
  phase(phase: Exclude<SyncRunPhase, 'finished'>, toApply?: number): void;
  attempted(): void;
}

export interface IdpSyncOperation {
  (request: IdpSyncRequest, ctx: OperationContext, progress?: IdpSyncProgress): Promise<IdpSyncResponse>;
  /** True while a sync runs (a request or a background run): a second one is refused. */
  isRunning(): boolean;
}

const SILENT: IdpSyncProgress = { phase: () => undefined, attempted: () => undefined };

export interface IdpSyncDeps {
  clients: AtlassianClients;
  calls: CallRecorder;
  config: Pick<ProxyConfig, 'orgId' | 'protectedAccounts' | 'allowedDirectories'>;
  idp: IdpSyncConfig;
  connector: KeycloakConnector;
  state: IdpSyncStateStore;
  audit: AuditLog;
  logger: Logger;
  catalogue: DirectoryCatalogue;
  sleep?: (ms: number) => Promise<void>;
  maxMutationWaitMs?: number;
  /** Parallel per-account reads while planning. Default 4. */
  concurrency?: number;
  /** Epoch milliseconds; stamps the state file's records. Default Date.now. */
  now?: () => number;
}

/** Org v2 `users/search` takes at most 100 emails a call. */
export const EMAIL_BATCH = 100;

type Summary = IdpSyncResponse['summary'];

/** What the match step found, with the state file it was matched against. */
interface Matched {
  found: Candidates;
  records: ReadonlyMap<string, IdpDeactivationRecord>;
}

function keycloakCalls(calls: readonly KeycloakCall[]): UpstreamCall[] {
  return calls.map(({ operation, method, path, status }) => ({ operation, method, path, status }));
}

/** The directory a done step acted on, read from its call's parameters. */
function doneStep(step: PlanStep): DoneStep {
  const call = step.call;
  const directoryId = call !== null && 'directoryId' in call.params ? String(call.params.directoryId) : null;
  return { action: step.action, directoryId };
}

/**
 * POST /v1/idp/sync. Order matters for safety, and each step is a function below: list the realm and
 * prove the listing complete, match it to Atlassian accounts, plan every account from its fresh
 * state, judge the whole plan with the breaker, and only then apply — each account through the same
 * mutation runner (policy, read-back, audit line) as the account endpoints. Nothing is applied when
 * any breaker rule trips. The pure rules of each step live in ./domain/.
 */
export function createIdpSync(deps: IdpSyncDeps): IdpSyncOperation {
  const { clients, idp, logger } = deps;
  const { policy, planCtx, reader, runMutation } = createMutationKit(deps);
  const realm = idp.keycloak.realm;
  const now = deps.now ?? Date.now;
  let running = false;

  const operation = async (
    request: IdpSyncRequest,
    ctx: OperationContext,
    progress: IdpSyncProgress = SILENT,
  ): Promise<IdpSyncResponse> => {
    if (running) throw new IdpSyncRunningError();
    running = true;
    try {
      return await sync(request, ctx, progress);
    } finally {
      running = false;
    }
  };
  return Object.assign(operation, { isRunning: () => running });

  async function sync(
    request: IdpSyncRequest,
    ctx: OperationContext,
    progress: IdpSyncProgress,
  ): Promise<IdpSyncResponse> {
    const limits = runLimits(idp, request);
    const summary: Summary = {
      keycloakUsers: 0,
      keycloakDisabled: 0,
      matchedAccounts: 0,
      unmatchedKeycloakUsers: 0,
      maxDeactivations: limits.maxDeactivations,
      ...(idp.reactivate ? { maxReactivations: limits.maxReactivations } : {}),
      shareLimit: 0,
    };
    const base = { dryRun: request.dryRun, realm, applied: [], skipped: [] };
    const abort = (
      trip: Trip,
      plan: IdpPlanEntry[],
      skipped: IdpSkippedEntry[],
      calls: UpstreamCall[],
    ): IdpSyncResponse => {
      logger.warn(
        { requestId: ctx.requestId, rule: trip.rule, realm },
        'IdP sync aborted by the circuit breaker',
      );
      deps.audit.record(idpSyncAbortEvent({ ctx, realm, dryRun: request.dryRun, trip }));
      return { ...base, plan, skipped, aborted: trip, summary, calls };
    };

    progress.phase('listing');
    const listed = await listRealm(ctx.signal);
    if ('trip' in listed) return abort(listed.trip, [], [], listed.calls);
    const { listing } = listed;
    const kcCalls = keycloakCalls(listing.calls);
    summary.keycloakUsers = listing.users.length;
    summary.keycloakDisabled = listing.users.filter((u) => !u.enabled).length;
    if (listing.users.length === 0) return abort(emptyRealmTrip(realm), [], [], kcCalls);

    return deps.calls.run(async (scope) => {
      const mutationCalls: UpstreamCall[] = [];
      const allCalls = (): UpstreamCall[] => [
        ...kcCalls,
        ...scope.calls.map(({ operation, method, path, status }) => ({ operation, method, path, status })),
        ...mutationCalls,
      ];
      try {
        return await planAndApply(
          listing,
          request,
          ctx,
          limits,
          summary,
          abort,
          allCalls,
          mutationCalls,
          progress,
        );
      } catch (err) {
        // An Atlassian listing that did not end (the org's accounts, its directories) proves nothing.
        if (!(err instanceof AtlassianListingStoppedError)) throw err;
        logger.warn(
          { requestId: ctx.requestId, err: err.toJSON() },
          'IdP sync: an Atlassian listing was stopped',
        );
        return abort(atlassianListingTrip(err.message), [], [], allCalls());
      }
    });
  }

  /** Steps 2 to 5 over a complete listing, inside the call recorder's scope. */
  async function planAndApply(
    listing: KeycloakListing,
    request: IdpSyncRequest,
    ctx: OperationContext,
    limits: RunLimits,
    summary: Summary,
    abort: (
      trip: Trip,
      plan: IdpPlanEntry[],
      skipped: IdpSkippedEntry[],
      calls: UpstreamCall[],
    ) => IdpSyncResponse,
    allCalls: () => UpstreamCall[],
    mutationCalls: UpstreamCall[],
    progress: IdpSyncProgress,
  ): Promise<IdpSyncResponse> {
    const base = { dryRun: request.dryRun, realm, applied: [], skipped: [] };
    progress.phase('matching');
    const { found, records } = await matchAccounts(listing, ctx.signal);
    summary.matchedAccounts = found.matchedAccounts;
    summary.unmatchedKeycloakUsers = found.unmatchedIdpUsers;
    summary.shareLimit = shareLimit(found.matchedAccounts);

    const prejudged = found.prejudged.map((p) => prejudgedItem(p, records));
    const counts = {
      leavers: found.leavers.length,
      returners: found.returners.length,
      matchedAccounts: found.matchedAccounts,
    };
    const early = earlyTrip(counts, limits);
    if (early !== null)
      return abort(
        early,
        prejudged.map((p) => p.entry),
        skippedOf(prejudged),
        allCalls(),
      );

    progress.phase('planning');
    const items = await planAccounts(found, records, prejudged);
    const plan = items.map((i) => i.entry);
    // Step 4, judge: the breaker over the whole plan, before anything is applied.
    const trip = judgePlan(plan, limits, found.matchedAccounts);
    if (trip !== null) return abort(trip, plan, skippedOf(items), allCalls());

    if (request.dryRun) {
      // A dry run writes nothing, not even the state file.
      return { ...base, plan, skipped: skippedOf(items), summary, calls: allCalls() };
    }
    progress.phase('applying', items.filter((i) => i.entry.action !== 'none').length);
    const { applied, skipped } = await applyPlan(items, records, ctx, mutationCalls, progress);
    return { ...base, plan, applied, skipped, summary, calls: allCalls() };
  }

  /** Step 1, list: the whole realm, or a trip when the listing cannot be proven complete. */
  async function listRealm(
    signal: AbortSignal,
  ): Promise<{ listing: KeycloakListing } | { trip: Trip; calls: UpstreamCall[] }> {
    try {
      return { listing: await deps.connector.listAllUsers(signal) };
    } catch (err) {
      if (!(err instanceof KeycloakListingError)) throw err;
      return { trip: keycloakListingTrip(err.kind, err.message), calls: keycloakCalls(err.calls) };
    }
  }

  /** A bounded walk that also stops at the request deadline, so a run never outlives its request. */
  async function searchAll(
    request: Omit<UserSearchRequest, 'cursor'>,
    signal: AbortSignal,
  ): Promise<OrgUser[]> {
    const out: OrgUser[] = [];
    for await (const u of clients.org.allUsers('-', { ...request, limit: 100 }, { signal }))
      out.push(toDomainUser(u));
    return out;
  }

  /**
   * Step 2, match: the accounts holding the realm's emails, and every active managed account (a
   * managed account absent from the realm is a leaver too), against the state file's records.
   */
  async function matchAccounts(listing: KeycloakListing, signal: AbortSignal): Promise<Matched> {
    const emails = [...new Set(listing.users.flatMap((u) => (u.email === null ? [] : [u.email])))];
    const matched: OrgUser[] = [];
    for (let i = 0; i < emails.length; i += EMAIL_BATCH) {
      matched.push(...(await searchAll({ emails: emails.slice(i, i + EMAIL_BATCH) }, signal)));
    }
    const managedActive = await searchAll({ claimStatus: 'managed', accountStatus: ['active'] }, signal);
    const records = await deps.state.load();
    const found = findCandidates({
      idpUsers: listing.users,
      matched,
      managedActive,
      policy,
      records,
      reactivate: idp.reactivate,
    });
    return { found, records };
  }

  /** Step 3, plan: each leaver and returner from its own fresh state; the order is the answer's. */
  async function planAccounts(
    found: Candidates,
    records: ReadonlyMap<string, IdpDeactivationRecord>,
    prejudged: PlannedItem[],
  ): Promise<PlannedItem[]> {
    const concurrency = deps.concurrency ?? 4;
    const leavers = await mapConcurrent(found.leavers, concurrency, async (c) =>
      leaverItem(
        c,
        planDeactivate(await reader.byAccountId(c.user.accountId), planCtx, {
          message: disableMessage(c, realm),
        }),
      ),
    );
    const returners = await mapConcurrent(found.returners, concurrency, async (c) => {
      const record = records.get(c.user.accountId) as IdpDeactivationRecord;
      return returnerItem(
        c,
        record,
        planIdpReactivate(await reader.byAccountId(c.user.accountId), record, planCtx),
      );
    });
    return [...leavers, ...prejudged, ...returners];
  }

  /**
   * Step 5, apply: account by account, stopping at the deadline or at the first account that failed or
   * ended partial; the state file is written once at the end, and only when it changed.
   */
  async function applyPlan(
    items: readonly PlannedItem[],
    records: ReadonlyMap<string, IdpDeactivationRecord>,
    ctx: OperationContext,
    mutationCalls: UpstreamCall[],
    progress: IdpSyncProgress,
  ): Promise<{ applied: IdpAppliedEntry[]; skipped: IdpSkippedEntry[] }> {
    const applied: IdpAppliedEntry[] = [];
    const skipped: IdpSkippedEntry[] = skippedOf(items);
    const nextRecords = new Map(records);
    let stopped: string | null = null;
    for (const item of items) {
      const { entry } = item;
      if (entry.action === 'none') {
        if (isSpent(item)) nextRecords.delete(entry.accountId);
        continue;
      }
      if (stopped === null && ctx.signal.aborted) stopped = NOT_RUN.deadline;
      if (stopped !== null) {
        skipped.push(notRun(entry, stopped));
        continue;
      }
      let verdict: ApplyVerdict;
      progress.attempted();
      try {
        const result = await applyItem(item, ctx);
        mutationCalls.push(...result.calls);
        remember(item, result, nextRecords, ctx);
        verdict = judgeResult({ ...entry, action: entry.action }, result);
      } catch (err) {
        logger.warn({ requestId: ctx.requestId, accountId: entry.accountId, err }, 'IdP sync step failed');
        verdict = failedVerdict(entry);
      }
      if (verdict.applied !== null) applied.push(verdict.applied);
      if (verdict.skipped !== null) skipped.push(verdict.skipped);
      stopped = verdict.stop;
    }
    if (!sameRecords(records, nextRecords)) await deps.state.save(nextRecords);
    return { applied, skipped };
  }

  function applyItem(item: PlannedItem, ctx: OperationContext): Promise<MutationResult<'done' | 'no-op'>> {
    const c = item.candidate;
    const reactivation = item.entry.action === 'reactivate';
    const record = item.record;
    return runMutation({
      action: reactivation ? 'reactivate' : 'deactivate',
      accountId: c.user.accountId,
      request: {
        reason: mutationReason(c, reactivation ? 'reactivate' : 'deactivate', realm),
        dryRun: false,
      },
      ctx,
      // The plan is made again from the state read right before acting, never from the earlier read.
      plan: (s) =>
        reactivation && record !== null
          ? planIdpReactivate(s, record, planCtx)
          : planDeactivate(s, planCtx, { message: disableMessage(c, realm) }),
      success: 'done',
      nothingToDo: 'no-op',
    });
  }

  /** Remember what the sync changed, from the state read back — not from what it meant to do. */
  function remember(
    item: PlannedItem,
    result: MutationResult<'done' | 'no-op'>,
    records: Map<string, IdpDeactivationRecord>,
    ctx: OperationContext,
  ): void {
    const { accountId, email, action } = item.entry;
    if (action === 'none') return;
    const update = recordUpdate(
      {
        accountId,
        email,
        action,
        keycloakUserId: item.candidate.idpUserId,
        outcome: result.outcome,
        account: result.account,
        done: result.done.filter((s) => s.call !== null).map(doneStep),
      },
      records.get(accountId),
      { at: new Date(now()).toISOString(), requestId: ctx.requestId },
    );
    if (update?.kind === 'set') records.set(accountId, update.record);
    if (update?.kind === 'delete') records.delete(accountId);
  }
}
