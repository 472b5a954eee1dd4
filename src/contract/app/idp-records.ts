import { z } from 'zod';
import {
  IdpAction,
  IdpAppliedEntry,
  IdpBreakerRule,
  IdpPlanEntry,
  IdpSkippedEntry,
  IdpState,
  IdpSyncResponse,
  SyncRunId,
  SyncRunPhase,
} from '../proxy';
import { ERROR_CODES } from './errors';
import { IssueRef, IsoTime } from './records';

/**
 * What the app keeps about IdP offboarding runs (POST /v1/idp/sync through the proxy). Only the last run
 * is kept, in one KVS value, so its size is bounded here: the proxy's answer can list every account of a
 * realm, and each plan entry carries its upstream calls. The stored run keeps counts of everything and
 * the first entries of each list, and says how many it left out.
 */

export const IdpRunId = z.string().regex(/^i[0-9]{13}[a-z0-9]{6}$/, 'must be an IdP run id');

/** Entries kept per list; with texts clipped to IDP_TEXT_MAX the whole run stays far below 240 KiB. */
export const IDP_STORED_MAX = { plan: 150, applied: 100, skipped: 100 } as const;
export const IDP_TEXT_MAX = 300;
export const IDP_EMAIL_MAX = 254;

export const StoredPlanEntry = IdpPlanEntry.omit({ calls: true }).extend({
  /** How many upstream calls the action makes (the calls themselves are not stored). */
  callCount: z.number().int().nonnegative(),
});
export type StoredPlanEntry = z.infer<typeof StoredPlanEntry>;

function capped<T extends z.ZodType>(entry: T) {
  return z.object({
    items: z.array(entry),
    /** How many the proxy reported; `total - items.length` were left out of storage. */
    total: z.number().int().nonnegative(),
  });
}

export const ActionCounts = z.object({
  deactivate: z.number().int().nonnegative(),
  suspend: z.number().int().nonnegative(),
  reactivate: z.number().int().nonnegative(),
  none: z.number().int().nonnegative(),
});
export type ActionCounts = z.infer<typeof ActionCounts>;

export const IdpRunResult = z.object({
  realm: z.string(),
  summary: IdpSyncResponse.shape.summary,
  aborted: z.object({ rule: IdpBreakerRule, reason: z.string() }).nullable(),
  /** Planned actions over the whole plan, not only the stored entries. */
  actions: ActionCounts,
  /** Applied actions over the whole answer (`none` stays 0). */
  appliedActions: ActionCounts,
  plan: capped(StoredPlanEntry),
  applied: capped(IdpAppliedEntry),
  skipped: capped(IdpSkippedEntry),
  /** Upstream calls the proxy made, Keycloak's included. */
  calls: z.number().int().nonnegative(),
});
export type IdpRunResult = z.infer<typeof IdpRunResult>;

/** completed: the proxy answered without tripping the breaker; aborted: it did (nothing applied). */
export const IdpRunStatus = z.enum(['running', 'completed', 'aborted', 'failed']);
export type IdpRunStatus = z.infer<typeof IdpRunStatus>;

export const IdpRun = z.object({
  runId: IdpRunId,
  trigger: z.enum(['schedule', 'manual']),
  /** The Jira account that pressed "Run now", or `app` for the scheduled trigger. */
  startedBy: z.string(),
  startedAt: IsoTime,
  finishedAt: IsoTime.nullable(),
  dryRun: z.boolean(),
  /** The cap asked of the proxy (from the settings when the run started); null: the proxy's own. */
  maxDeactivations: z.number().int().nonnegative().nullable(),
  /** Why an admin applied by hand; recorded in the audit entry and the Jira issue. */
  reason: z.string().nullable(),
  status: IdpRunStatus,
  result: IdpRunResult.nullable(),
  /** Why the run failed (the proxy refused or could not be reached), as a typed error. */
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }).nullable(),
  /** The proxy's background run this run follows; null until the proxy accepted it. */
  proxyRunId: SyncRunId.nullable().default(null),
  /** What the proxy last reported while the run was under way, and how many invocations followed it. */
  progress: z
    .object({
      phase: SyncRunPhase,
      toApply: z.number().int().nonnegative(),
      attempted: z.number().int().nonnegative(),
      hops: z.number().int().nonnegative(),
    })
    .nullable()
    .default(null),
  /** The Jira issue that reports this run (for a repeated abort: the issue that reported it first). */
  issue: IssueRef.nullable(),
  /** Why there is no new issue, or why posting it failed. */
  issueNote: z.string().nullable(),
});
export type IdpRun = z.infer<typeof IdpRun>;

export const OpenAbort = z.object({ rule: IdpBreakerRule, issue: IssueRef, since: IsoTime });
export type OpenAbort = z.infer<typeof OpenAbort>;

export const IdpSyncState = z.object({
  /** When the trigger last started a run; the cadence is measured from here (manual runs do not count). */
  lastScheduledAt: IsoTime.nullable(),
  lastRun: IdpRun.nullable(),
  /**
   * The issue that reported the breaker tripping, kept until a run gets through: a breaker that trips on
   * every hourly run is reported once, not once an hour.
   */
  openAbort: OpenAbort.nullable(),
});
export type IdpSyncState = z.infer<typeof IdpSyncState>;

export const EMPTY_IDP_STATE: IdpSyncState = { lastScheduledAt: null, lastRun: null, openAbort: null };

export { IdpAction, IdpState };
