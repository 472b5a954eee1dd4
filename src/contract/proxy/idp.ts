import { z } from 'zod';
import { UpstreamCall } from './accounts';
import { AccountId } from './ids';

/**
 * POST /v1/idp/sync: offboarding from an identity provider without SCIM (Keycloak). The proxy lists
 * the realm, maps its users to Atlassian accounts by email, and deactivates the accounts of leavers —
 * behind a circuit breaker that applies nothing when the listing or the plan looks wrong.
 */

/** The problem types only this endpoint answers (RFC 9457 `type`; stable once released). */
export const IDP_PROBLEM_TYPES = {
  notConfigured: 'https://scim-unlock.dev/problems/idp-not-configured',
  syncRunning: 'https://scim-unlock.dev/problems/idp-sync-running',
} as const;

/**
 * Who a caller says it started the run for: the admin who pressed "Run now", or the app's schedule.
 * The proxy records it in the audit beside the authenticated actor; it is the caller's statement, never
 * an identity the proxy verified, and it grants nothing.
 */
export const OnBehalfOf = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('user'), accountId: AccountId }),
  z.strictObject({ kind: z.literal('scheduled') }),
]);
export type OnBehalfOf = z.infer<typeof OnBehalfOf>;

export const IdpSyncRequest = z.strictObject({
  /** Default true: the first call anyone makes should show the plan, not act on it. */
  dryRun: z.boolean().default(true),
  /** Lowers the proxy's IDP_SYNC_MAX_DEACTIVATIONS for this run; it can never raise it. */
  maxDeactivations: z.number().int().min(0).max(10_000).optional(),
  /** Lowers the proxy's IDP_SYNC_MAX_REACTIVATIONS for this run; it can never raise it. */
  maxReactivations: z.number().int().min(0).max(10_000).optional(),
  /** Recorded in the audit as who the calling installation acted for (see `OnBehalfOf`). */
  onBehalfOf: OnBehalfOf.optional(),
});
export type IdpSyncRequest = z.infer<typeof IdpSyncRequest>;

/** `disabled` / `missing`: a leaver; `enabled`: back in the IdP (only for reactivation). */
export const IdpState = z.enum(['disabled', 'missing', 'enabled']);
export type IdpState = z.infer<typeof IdpState>;

export const IdpAction = z.enum(['deactivate', 'suspend', 'reactivate', 'none']);
export type IdpAction = z.infer<typeof IdpAction>;

export const IdpPlanEntry = z.object({
  accountId: z.string(),
  email: z.string().nullable(),
  idpState: IdpState,
  action: IdpAction,
  /** Why this action (or why none), in words an admin can act on. */
  reason: z.string(),
  /** The upstream calls the action makes (status null: not made yet); empty for `none`. */
  calls: z.array(UpstreamCall),
});
export type IdpPlanEntry = z.infer<typeof IdpPlanEntry>;

export const IdpAppliedEntry = z.object({
  accountId: z.string(),
  email: z.string().nullable(),
  action: IdpAction.exclude(['none']),
  /** `partial`: some steps ran; the detail says what remains. */
  outcome: z.enum(['done', 'partial']),
  detail: z.string(),
});
export type IdpAppliedEntry = z.infer<typeof IdpAppliedEntry>;

/**
 * Why an account was left alone. `email-unverified`: the Keycloak user's email is not verified, and an
 * unverified address never drives a change; `identity-unproven`: a reactivation whose returning user
 * cannot be proven to be the Keycloak user the sync deactivated the account for.
 */
export const IdpSkipCode = z.enum([
  'protected',
  'already-inactive',
  'blocked',
  'nothing-to-do',
  'failed',
  'not-run',
  'email-unverified',
  'identity-unproven',
]);
export type IdpSkipCode = z.infer<typeof IdpSkipCode>;

export const IdpSkippedEntry = z.object({
  accountId: z.string(),
  email: z.string().nullable(),
  code: IdpSkipCode,
  detail: z.string(),
});
export type IdpSkippedEntry = z.infer<typeof IdpSkippedEntry>;

/**
 * The circuit breaker's rules. `listing-failed`: a Keycloak call failed or was refused;
 * `listing-incomplete`: the listing ended early or disagreed with the count; `empty-listing`: no
 * users at all; `over-cap`: more deactivations planned than the cap; `over-share`: more than 5 % of
 * the matched accounts; `over-reactivation-cap`: more reactivations planned than their cap;
 * `listing-stopped`: a listing (Keycloak's or Atlassian's) did not end within its page or time bound,
 * or the request deadline came first.
 */
export const IdpBreakerRule = z.enum([
  'listing-failed',
  'listing-incomplete',
  'empty-listing',
  'over-cap',
  'over-share',
  'over-reactivation-cap',
  'listing-stopped',
]);
export type IdpBreakerRule = z.infer<typeof IdpBreakerRule>;

export const IdpSyncResponse = z.object({
  dryRun: z.boolean(),
  realm: z.string(),
  plan: z.array(IdpPlanEntry),
  applied: z.array(IdpAppliedEntry),
  skipped: z.array(IdpSkippedEntry),
  /** Present when the breaker tripped: nothing was applied. */
  aborted: z.object({ rule: IdpBreakerRule, reason: z.string() }).optional(),
  summary: z.object({
    keycloakUsers: z.number().int(),
    keycloakDisabled: z.number().int(),
    /** Atlassian accounts found for the realm's emails (the base of the 5 % rule). */
    matchedAccounts: z.number().int(),
    /** Realm users with no Atlassian account (or no email): reported, never guessed at. */
    unmatchedKeycloakUsers: z.number().int(),
    /** The deactivation cap in force for this run (the lower of the config and the request). */
    maxDeactivations: z.number().int(),
    /** The reactivation cap in force for this run; absent when reactivation is off. */
    maxReactivations: z.number().int().optional(),
    /** Deactivations the 5 % rule allows for this run. */
    shareLimit: z.number().int(),
  }),
  /** Every upstream call made, Keycloak's included, in order. */
  calls: z.array(UpstreamCall),
});
export type IdpSyncResponse = z.infer<typeof IdpSyncResponse>;

/**
 * POST /v1/idp/runs and GET /v1/idp/runs/{runId}: the same sync as a background run. A request must
 * answer within the proxy's request deadline (the Forge caller gives up after 25 s), but a run that
 * deactivates hundreds of accounts at the org's rate limit takes minutes: the run is started, then its
 * status is read — with `waitSeconds`, the answer comes as soon as the run finishes (a long poll), so a
 * caller learns the outcome without polling in a loop.
 */
export const SYNC_RUN_ID_PATTERN = /^idp-[a-z0-9]{8,40}$/;
export const SyncRunId = z.string().regex(SYNC_RUN_ID_PATTERN, 'must be a run id as returned on start');
export type SyncRunId = z.infer<typeof SyncRunId>;

/** The step the run is in (the sync's five steps; `judging` is instant and not reported). */
export const SyncRunPhase = z.enum(['listing', 'matching', 'planning', 'applying', 'finished']);
export type SyncRunPhase = z.infer<typeof SyncRunPhase>;

export const SyncRunStatus = z.object({
  runId: SyncRunId,
  /** `failed`: the run ended without an answer (see `error`); the audit log says what it applied. */
  state: z.enum(['running', 'finished', 'failed']),
  dryRun: z.boolean(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  progress: z.object({
    phase: SyncRunPhase,
    /** Accounts the judged plan changes; 0 until the plan is judged. */
    toApply: z.number().int().nonnegative(),
    /** Of those, accounts attempted so far. */
    attempted: z.number().int().nonnegative(),
  }),
  /** The sync's answer, once `finished`. */
  result: IdpSyncResponse.nullable(),
  error: z.object({ title: z.string(), detail: z.string() }).nullable(),
});
export type SyncRunStatus = z.infer<typeof SyncRunStatus>;

export const SyncRunStatusQuery = z.strictObject({
  /** Hold the answer until the run finishes or this many seconds pass (0: answer at once). */
  waitSeconds: z.coerce.number().int().min(0).max(20).default(0),
});
export type SyncRunStatusQuery = z.infer<typeof SyncRunStatusQuery>;
