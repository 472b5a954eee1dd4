import type { AtlassianClients } from '../../atlassian/clients/create-clients';
import type { UserSearchRequest } from '../../atlassian/clients/org-schemas';
import type {
  IdpAppliedEntry,
  IdpPlanEntry,
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
import { planDeactivate, toPlannedStep, type Plan } from '../accounts/domain/plan';
import type { AccountSnapshot, OrgUser } from '../accounts/domain/snapshot';
import type { Logger } from '../server/logger';
import type { CallRecorder } from '../upstream/call-recorder';
import type { DirectoryCatalogue } from '../upstream/directory-catalogue';
import {
  capTrip,
  describeDeactivation,
  findCandidates,
  planIdpReactivate,
  preReadReactivationTrip,
  preReadTrip,
  reactivationTrip,
  shareLimit,
  type Candidate,
  type Trip,
} from './domain/sync-plan';
import { IdpSyncRunningProblem } from './errors';
import type { IdpDeactivationRecord, IdpSyncStateStore } from './state-file';
import { mapConcurrent } from '../../lib/map-concurrent';
import { createMutationKit } from '../mutations/mutation-kit';
import type { MutationResult } from '../mutations/mutation-runner';
import type { OperationContext } from '../operation-context';
import { toDomainUser } from '../upstream/upstream-mapping';

export type IdpSyncOperation = (request: IdpSyncRequest, ctx: OperationContext) => Promise<IdpSyncResponse>;

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
}

/** Org v2 `users/search` takes at most 100 emails a call. */
export const EMAIL_BATCH = 100;

interface PlannedItem {
  candidate: Candidate;
  entry: IdpPlanEntry;
  plan: Plan | null;
  skip: IdpSkippedEntry['code'] | null;
  record: IdpDeactivationRecord | null;
}

function keycloakCalls(calls: readonly KeycloakCall[]): UpstreamCall[] {
  return calls.map(({ operation, method, path, status }) => ({ operation, method, path, status }));
}

function plannedCalls(plan: Plan): UpstreamCall[] {
  return plan.steps
    .filter((s) => s.status === 'planned' && s.call !== null)
    .flatMap((s) => {
      const call = toPlannedStep(s).call;
      return call === null ? [] : [call];
    });
}

/**
 * POST /v1/idp/sync. Order matters for safety: list Keycloak and prove the listing complete, map it
 * to Atlassian, plan every account from its fresh state, let the breaker judge the whole plan, and
 * only then apply — each account through the same mutation runner (policy, read-back, audit line) as
 * the account endpoints. Nothing is applied when any breaker rule trips.
 */
export function createIdpSync(deps: IdpSyncDeps): IdpSyncOperation {
  const { clients, idp, logger } = deps;
  const { policy, planCtx, reader, runMutation } = createMutationKit(deps);
  const realm = idp.keycloak.realm;
  let running = false;

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

  const disableMessage = (c: Candidate) =>
    `Deactivated by SCIM Unlock IdP sync: the user is ${c.idpState === 'disabled' ? 'disabled in' : 'missing from'} Keycloak realm ${realm}.`;

  async function planLeaver(c: Candidate): Promise<PlannedItem> {
    const snapshot = await reader.byAccountId(c.user.accountId);
    const plan = planDeactivate(snapshot, planCtx, { message: disableMessage(c) });
    const d = describeDeactivation(plan);
    return {
      candidate: c,
      plan: d.action === 'none' ? null : plan,
      skip: d.action === 'none' ? (d.blocked ? 'blocked' : 'nothing-to-do') : null,
      record: null,
      entry: {
        accountId: c.user.accountId,
        email: c.user.email,
        idpState: c.idpState,
        action: d.action,
        reason: `${c.idpState === 'disabled' ? 'Disabled in Keycloak.' : 'Not in the Keycloak realm.'} ${d.reason}`,
        calls: d.action === 'none' ? [] : plannedCalls(plan),
      },
    };
  }

  async function planReturner(c: Candidate, record: IdpDeactivationRecord): Promise<PlannedItem> {
    const snapshot: AccountSnapshot = await reader.byAccountId(c.user.accountId);
    const plan = planIdpReactivate(snapshot, record, planCtx);
    const work = plan.blockers.length === 0 && plan.steps.some((s) => s.status === 'planned');
    const why =
      plan.blockers.length > 0
        ? plan.blockers.map((b) => b.message).join(' ')
        : work
          ? 'Enabled in Keycloak again; undo what the IdP sync did.'
          : plan.steps.map((s) => s.detail).join(' ');
    return {
      candidate: c,
      plan: work ? plan : null,
      skip: work ? null : plan.blockers.length > 0 ? 'blocked' : 'nothing-to-do',
      record,
      entry: {
        accountId: c.user.accountId,
        email: c.user.email,
        idpState: 'enabled',
        action: work ? 'reactivate' : 'none',
        reason: why,
        calls: work ? plannedCalls(plan) : [],
      },
    };
  }

  return async (request, ctx) => {
    if (running) throw new IdpSyncRunningProblem();
    running = true;
    try {
      return await sync(request, ctx);
    } finally {
      running = false;
    }
  };

  async function sync(request: IdpSyncRequest, ctx: OperationContext): Promise<IdpSyncResponse> {
    const maxDeactivations = Math.min(idp.maxDeactivations, request.maxDeactivations ?? idp.maxDeactivations);
    const maxReactivations = Math.min(idp.maxReactivations, request.maxReactivations ?? idp.maxReactivations);
    const summary = {
      keycloakUsers: 0,
      keycloakDisabled: 0,
      matchedAccounts: 0,
      unmatchedKeycloakUsers: 0,
      maxDeactivations,
      ...(idp.reactivate ? { maxReactivations } : {}),
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

    let listing: KeycloakListing;
    try {
      listing = await deps.connector.listAllUsers(ctx.signal);
    } catch (err) {
      if (!(err instanceof KeycloakListingError)) throw err;
      const incomplete = err.kind === 'ended-early' || err.kind === 'count-mismatch';
      return abort(
        {
          rule:
            err.kind === 'stopped' ? 'listing-stopped' : incomplete ? 'listing-incomplete' : 'listing-failed',
          reason: `Keycloak listing: ${err.message}`,
        },
        [],
        [],
        keycloakCalls(err.calls),
      );
    }
    const kcCalls = keycloakCalls(listing.calls);
    summary.keycloakUsers = listing.users.length;
    summary.keycloakDisabled = listing.users.filter((u) => !u.enabled).length;
    if (listing.users.length === 0) {
      return abort(
        {
          rule: 'empty-listing',
          reason: `Keycloak realm ${realm} returned no users; an empty realm is never taken to mean everyone left.`,
        },
        [],
        [],
        kcCalls,
      );
    }

    return deps.calls.run(async (scope) => {
      const atlassianCalls = (): UpstreamCall[] =>
        scope.calls.map(({ operation, method, path, status }) => ({ operation, method, path, status }));
      const mutationCalls: UpstreamCall[] = [];
      const allCalls = () => [...kcCalls, ...atlassianCalls(), ...mutationCalls];
      try {
        return await planAndApply(listing, allCalls, mutationCalls);
      } catch (err) {
        // An Atlassian listing that did not end (the org's accounts, its directories) proves nothing.
        if (!(err instanceof AtlassianListingStoppedError)) throw err;
        logger.warn(
          { requestId: ctx.requestId, err: err.toJSON() },
          'IdP sync: an Atlassian listing was stopped',
        );
        return abort(
          { rule: 'listing-stopped', reason: `Atlassian listing: ${err.message}` },
          [],
          [],
          allCalls(),
        );
      }
    });

    async function planAndApply(
      listing: KeycloakListing,
      allCalls: () => UpstreamCall[],
      mutationCalls: UpstreamCall[],
    ): Promise<IdpSyncResponse> {
      const emails = [...new Set(listing.users.flatMap((u) => (u.email === null ? [] : [u.email])))];
      const matched: OrgUser[] = [];
      for (let i = 0; i < emails.length; i += EMAIL_BATCH) {
        matched.push(...(await searchAll({ emails: emails.slice(i, i + EMAIL_BATCH) }, ctx.signal)));
      }
      const managedActive = await searchAll(
        { claimStatus: 'managed', accountStatus: ['active'] },
        ctx.signal,
      );
      const records = await deps.state.load();
      const found = findCandidates({
        idpUsers: listing.users,
        matched,
        managedActive,
        policy,
        records,
        reactivate: idp.reactivate,
      });
      summary.matchedAccounts = found.matchedAccounts;
      summary.unmatchedKeycloakUsers = found.unmatchedIdpUsers;
      summary.shareLimit = shareLimit(found.matchedAccounts);

      const prejudged: PlannedItem[] = found.prejudged.map((p) => ({
        candidate: p.candidate,
        plan: null,
        skip: p.code,
        // A spent record goes with its item, so an applying run drops it (see the apply loop).
        record: p.code === 'nothing-to-do' ? (records.get(p.candidate.user.accountId) ?? null) : null,
        entry: {
          accountId: p.candidate.user.accountId,
          email: p.candidate.user.email,
          idpState: p.candidate.idpState,
          action: 'none',
          reason: p.reason,
          calls: [],
        },
      }));
      const early =
        preReadTrip(found.leavers.length, maxDeactivations, found.matchedAccounts) ??
        preReadReactivationTrip(found.returners.length, maxReactivations);
      if (early !== null)
        return abort(
          early,
          prejudged.map((p) => p.entry),
          skippedOf(prejudged),
          allCalls(),
        );

      const concurrency = deps.concurrency ?? 4;
      const leavers = await mapConcurrent(found.leavers, concurrency, planLeaver);
      const returners = await mapConcurrent(found.returners, concurrency, (c) =>
        planReturner(c, records.get(c.user.accountId) as IdpDeactivationRecord),
      );
      const items = [...leavers, ...prejudged, ...returners];
      const plan = items.map((i) => i.entry);
      const deactivations = items.filter(
        (i) => i.entry.action === 'deactivate' || i.entry.action === 'suspend',
      ).length;
      const reactivations = items.filter((i) => i.entry.action === 'reactivate').length;
      const trip =
        capTrip(deactivations, maxDeactivations, found.matchedAccounts) ??
        reactivationTrip(reactivations, maxReactivations);
      if (trip !== null) return abort(trip, plan, skippedOf(items), allCalls());

      if (request.dryRun) {
        // A dry run writes nothing, not even the state file.
        return { ...base, plan, skipped: skippedOf(items), summary, calls: allCalls() };
      }

      const applied: IdpAppliedEntry[] = [];
      const skipped: IdpSkippedEntry[] = skippedOf(items);
      const nextRecords = new Map(records);
      let stopped: string | null = null;
      for (const item of items) {
        if (item.entry.action === 'none') {
          // A reactivation with nothing left to undo: someone already did; the record has served.
          if (item.record !== null && item.skip === 'nothing-to-do')
            nextRecords.delete(item.record.accountId);
          continue;
        }
        const { accountId, email } = item.entry;
        if (stopped === null && ctx.signal.aborted) stopped = 'Not run: the request deadline was reached.';
        if (stopped !== null) {
          skipped.push({ accountId, email, code: 'not-run', detail: stopped });
          continue;
        }
        let result: MutationResult<'done' | 'no-op'>;
        try {
          result = await applyItem(item, ctx);
        } catch (err) {
          logger.warn({ requestId: ctx.requestId, accountId, err }, 'IdP sync step failed');
          skipped.push({
            accountId,
            email,
            code: 'failed',
            detail: 'The change failed upstream; see the audit log.',
          });
          stopped = 'Not run: an earlier account failed.';
          continue;
        }
        mutationCalls.push(...result.calls);
        recordOutcome(item, result, nextRecords, ctx);
        if (result.outcome === 'done' || result.outcome === 'partial') {
          const last = result.steps.filter((s) => s.status !== 'skipped').at(-1);
          applied.push({
            accountId,
            email,
            action: item.entry.action,
            outcome: result.outcome,
            detail: last?.detail ?? 'Done.',
          });
          if (result.outcome === 'partial') stopped = 'Not run: an earlier account ended partial.';
        } else {
          skipped.push({
            accountId,
            email,
            code: result.outcome === 'blocked' ? 'blocked' : 'nothing-to-do',
            detail:
              result.blockers.map((b) => b.message).join(' ') || 'The fresh state showed nothing left to do.',
          });
        }
      }
      if (!sameRecords(records, nextRecords)) await deps.state.save(nextRecords);
      return { ...base, plan, applied, skipped, summary, calls: allCalls() };
    }
  }

  function applyItem(item: PlannedItem, ctx: OperationContext): Promise<MutationResult<'done' | 'no-op'>> {
    const c = item.candidate;
    const reactivation = item.entry.action === 'reactivate';
    const record = item.record;
    return runMutation({
      action: reactivation ? 'reactivate' : 'deactivate',
      accountId: c.user.accountId,
      request: {
        reason: reactivation
          ? `IdP sync: enabled again in Keycloak realm ${realm}`
          : `IdP sync: ${c.idpState === 'disabled' ? 'disabled in' : 'missing from'} Keycloak realm ${realm}`,
        dryRun: false,
      },
      ctx,
      // The plan is made again from the state read right before acting, never from the earlier read.
      plan: (s) =>
        reactivation && record !== null
          ? planIdpReactivate(s, record, planCtx)
          : planDeactivate(s, planCtx, { message: disableMessage(c) }),
      success: 'done',
      nothingToDo: 'no-op',
    });
  }

  /** Remember what the sync changed, from the state read back — not from what it meant to do. */
  function recordOutcome(
    item: PlannedItem,
    result: MutationResult<'done' | 'no-op'>,
    records: Map<string, IdpDeactivationRecord>,
    ctx: OperationContext,
  ): void {
    const { accountId, email, action } = item.entry;
    const keycloakUserId = item.candidate.idpUserId;
    const account = result.account;
    if (action === 'reactivate') {
      if (result.outcome === 'done' || result.outcome === 'no-op') records.delete(accountId);
      return;
    }
    if (account === null) return;
    const at = new Date().toISOString();
    const doneSteps = result.steps.filter((s) => s.status === 'done' && s.call !== null);
    if (action === 'deactivate') {
      if (account.accountStatus === 'inactive' && doneSteps.some((s) => s.action === 'disable-account')) {
        records.set(accountId, {
          accountId,
          email,
          keycloakUserId,
          action,
          directoryIds: [],
          at,
          requestId: ctx.requestId,
        });
      }
      return;
    }
    const suspendedNow = new Set(
      account.memberships.filter((m) => m.membershipStatus === 'suspended').map((m) => m.directoryId),
    );
    const ours = doneSteps
      .filter((s) => s.action === 'suspend-membership')
      .map((s) => s.target.replace(/^directory /, ''))
      .filter((d) => suspendedNow.has(d));
    if (ours.length > 0) {
      const previous = records.get(accountId);
      // Suspensions driven by two different Keycloak users name neither: no reactivation can follow.
      const sameUser = previous === undefined || previous.keycloakUserId === keycloakUserId;
      records.set(accountId, {
        accountId,
        email,
        keycloakUserId: sameUser ? keycloakUserId : null,
        action: 'suspend',
        directoryIds: [...new Set([...(previous?.directoryIds ?? []), ...ours])].sort(),
        at,
        requestId: ctx.requestId,
      });
    }
  }
}

function skippedOf(items: readonly PlannedItem[]): IdpSkippedEntry[] {
  return items.flatMap((i) =>
    i.skip === null
      ? []
      : [{ accountId: i.entry.accountId, email: i.entry.email, code: i.skip, detail: i.entry.reason }],
  );
}

function sameRecords(
  a: ReadonlyMap<string, IdpDeactivationRecord>,
  b: ReadonlyMap<string, IdpDeactivationRecord>,
): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (JSON.stringify(b.get(k)) !== JSON.stringify(v)) return false;
  return true;
}
