import { z } from 'zod';
import { AccountId, BatchId, Confidence, LinkEvidence, Reason, UnlinkMethod } from '../proxy';

/**
 * The records the app keeps in Forge storage. Every read goes through these schemas, so a value written
 * by an older version (or damaged) surfaces as a typed storage error instead of a crash in a page.
 */

export const IsoTime = z.iso.datetime();

/** A Jira project key as Jira allows it (2–10 characters, starting with a letter). */
export const ProjectKey = z.string().regex(/^[A-Z][A-Z0-9_]{1,9}$/, 'must be a Jira project key like ITSUP');
/** Issue keys go into REST paths; the pattern leaves no room for `/`, `..`, `?` or `#`. */
export const IssueKey = z.string().regex(/^[A-Z][A-Z0-9_]{1,9}-[1-9][0-9]{0,9}$/, 'must be an issue key');
export const IssueId = z.string().regex(/^[0-9]{1,18}$/, 'must be a numeric issue id');
/** Jira labels cannot contain spaces. */
export const Label = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1-64 characters without spaces');

export const Cadence = z.enum(['hourly', 'every-6-hours', 'daily', 'weekly']);
export type Cadence = z.infer<typeof Cadence>;

/** IdP offboarding by the scheduled trigger: off, plan only (dry run), or apply the plan. */
export const IdpSyncMode = z.enum(['off', 'dry-run', 'apply']);
export type IdpSyncMode = z.infer<typeof IdpSyncMode>;

export const SCAN_PAGE_SIZE_MAX = 100;
export const SCAN_PAGES_PER_INVOCATION_MAX = 50;
export const SCAN_VERIFY_WINDOW_HOURS_MAX = 24 * 30;
export const RELOCK_WATCH_DAYS_MAX = 90;

export const Settings = z.strictObject({
  scanEnabled: z.boolean(),
  cadence: Cadence,
  /** Where newly flagged accounts are posted; null until an admin chooses one (nothing is posted then). */
  projectKey: ProjectKey.nullable(),
  issueTypeName: z.string().trim().min(1).max(60),
  label: Label,
  /** Accounts asked of the proxy per scan page. */
  scanPageSize: z.number().int().min(1).max(SCAN_PAGE_SIZE_MAX),
  /**
   * No longer read by the scan, which budgets each invocation by the time it has left; kept (and
   * defaulted) so settings saved before still read. The settings form no longer shows it.
   */
  scanPagesPerInvocation: z.number().int().min(1).max(SCAN_PAGES_PER_INVOCATION_MAX).default(10),
  /**
   * Every account a scan has verified is verified again within this many hours: each rescan re-checks
   * its share of them (oldest first). Defaulted so settings saved before it existed still read.
   */
  scanVerifyWindowHours: z.number().int().min(1).max(SCAN_VERIFY_WINDOW_HOURS_MAX).default(24),
  /**
   * How unlock and unlink remove SCIM links when an action does not say: null defers to the proxy's
   * UNLINK_METHOD. Defaulted so settings saved before this field existed still read.
   */
  defaultUnlinkMethod: UnlinkMethod.nullable().default(null),
  /**
   * IdP offboarding run by the hourly trigger: off, dry run (plan only) or apply. Defaulted, like the
   * two below, so settings saved before the feature existed still read (as off).
   */
  idpSync: IdpSyncMode.default('off'),
  /** How often the scheduled IdP sync runs; its own, since offboarding is often wanted sooner than scans. */
  idpSyncCadence: Cadence.default('daily'),
  /** Lowers the proxy's IDP_SYNC_MAX_DEACTIVATIONS for the app's runs; null uses the proxy's cap. */
  idpSyncMaxDeactivations: z.number().int().min(0).max(10_000).nullable().default(null),
  /**
   * For this many days after an unlock through the app, the scan re-checks the account for the IdP
   * linking or deactivating it again (src/forge/relock/); 0 turns the watch off. Defaulted so settings
   * saved before it existed still read.
   */
  relockWatchDays: z.number().int().min(0).max(RELOCK_WATCH_DAYS_MAX).default(14),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = {
  scanEnabled: false,
  cadence: 'daily',
  projectKey: null,
  issueTypeName: 'Task',
  label: 'scim-unlock',
  scanPageSize: 100,
  scanPagesPerInvocation: 10,
  scanVerifyWindowHours: 24,
  defaultUnlinkMethod: null,
  idpSync: 'off',
  idpSyncCadence: 'daily',
  idpSyncMaxDeactivations: null,
  relockWatchDays: 14,
};

export const IssueRef = z.object({ key: IssueKey, id: IssueId });
export type IssueRef = z.infer<typeof IssueRef>;

/**
 * open: matched by the latest scans; dismissed: an admin chose to ignore it while it matches;
 * resolved: unlocked through the app; cleared: no longer matched by a completed scan.
 */
export const FlagStatus = z.enum(['open', 'dismissed', 'resolved', 'cleared']);
export type FlagStatus = z.infer<typeof FlagStatus>;

export const Flag = z.object({
  accountId: AccountId,
  email: z.string().nullable(),
  name: z.string().nullable(),
  reason: z.string(),
  confidence: Confidence,
  status: FlagStatus,
  /**
   * Identifies one locked period of the account: a flag cleared or resolved and later seen again starts a
   * new episode, which gets its own Jira issue. Stored in the issue property so JQL can find the issue.
   */
  episode: z.string().regex(/^[0-9]{1,16}$/),
  firstDetectedAt: IsoTime,
  lastSeenAt: IsoTime,
  clearedAt: IsoTime.nullable(),
  dismissed: z.object({ by: AccountId, at: IsoTime, reason: z.string() }).nullable(),
  issue: IssueRef.nullable(),
  post: z.object({
    attempts: z.number().int().nonnegative(),
    lastAttemptAt: IsoTime.nullable(),
    lastError: z.string().nullable(),
  }),
  /**
   * What the last verification read: each SCIM link, its record's `active` and when the identity
   * provider last changed it. Null for flags stored before the incremental scan.
   */
  evidence: z
    .object({ links: z.array(LinkEvidence).max(20), verifiedAt: IsoTime })
    .nullable()
    .default(null),
  /**
   * Set when the re-lock watch (src/forge/relock/) found the account, unlocked through the app, linked
   * or deactivated again by an identity provider: when, in which directory, and which of the two.
   * Absent on every other flag.
   */
  relocked: z
    .object({
      at: IsoTime,
      directoryId: z.string(),
      directoryName: z.string().nullable(),
      state: z.enum(['linked', 'deactivated']),
    })
    .optional(),
});
export type Flag = z.infer<typeof Flag>;

/**
 * The app's own record of an issue the scan posted: which account (and flag episode) the issue speaks
 * for. Written by the scan when it creates or adopts the issue and keyed by the issue id, so nothing a
 * Jira user can edit on the issue (its properties, fields, reporter) decides whose account it is.
 */
export const PostedIssue = z.object({
  issue: IssueRef,
  accountId: AccountId,
  episode: Flag.shape.episode,
  postedAt: IsoTime,
});
export type PostedIssue = z.infer<typeof PostedIssue>;

/**
 * The scan's claim on posting one flag episode (`post:<accountId>:<episode>`): `posting` while a run
 * works on it, then permanently `posted` with the issue it created or adopted.
 */
export const PostClaim = z.object({
  state: z.enum(['posting', 'posted']),
  runId: z.string(),
  at: z.string(),
  issue: IssueRef.optional(),
  /** Set when the episode was posted as a member of an incident issue (incident-records.ts). */
  incidentKey: z.string().optional(),
});
export type PostClaim = z.infer<typeof PostClaim>;

export const RequestStatus = z.enum(['pending', 'approved', 'denied', 'done', 'failed']);
export type RequestStatus = z.infer<typeof RequestStatus>;

export const RequestId = z.string().regex(/^r[0-9]{13}[a-z0-9]{6}$/, 'must be a request id');

/**
 * Someone who asked for an open request's unlock after it was raised: their own reason, when, and from
 * which issue. Only admins and that person ever see the reason.
 */
export const Requester = z.object({
  accountId: AccountId,
  reason: Reason,
  at: IsoTime,
  issue: IssueRef,
});
export type Requester = z.infer<typeof Requester>;

/** Bounds the record (Forge's value limit) while leaving room for a whole team asking at once. */
export const REQUESTERS_MAX = 50;

export const RequestEvent = z.object({
  status: RequestStatus,
  by: z.string(),
  at: IsoTime,
  why: z.string().nullable(),
});
export type RequestEvent = z.infer<typeof RequestEvent>;

export const UnlockRequestRecord = z.object({
  id: RequestId,
  accountId: AccountId,
  issue: IssueRef,
  reason: Reason,
  requestedBy: AccountId,
  requestedAt: IsoTime,
  status: RequestStatus,
  history: z.array(RequestEvent),
  /** What the unlock left undone when it ended partial or failed. */
  remaining: z.array(z.string()),
  /**
   * Everyone who asked after `requestedBy` while the request was open: a second request for the same
   * account joins this one instead of being refused. Defaulted so records stored before it existed read.
   */
  additionalRequesters: z.array(Requester).max(REQUESTERS_MAX).default([]),
});
export type UnlockRequestRecord = z.infer<typeof UnlockRequestRecord>;

export const AuditAction = z.enum([
  'unlock',
  'unlink',
  'reactivate',
  'flag-dismissed',
  'flag-relocked',
  'request-created',
  'request-joined',
  'request-approved',
  'request-denied',
  'settings-saved',
  'scan-started',
  'scan-finished',
  'issue-posted',
  'issue-post-failed',
  'idp-sync',
  'batch-started',
  'batch-cancelled',
  'batch-finished',
]);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditOutcome = z.enum(['success', 'partial', 'failed', 'blocked', 'planned', 'no-op']);
export type AuditOutcome = z.infer<typeof AuditOutcome>;

export const AUDIT_SUMMARY_MAX = 1000;
export const AUDIT_REMAINING_MAX = 20;

export const AuditEntry = z.object({
  id: z.string(),
  at: IsoTime,
  /** The Jira account that acted, or `app` for scheduled work. */
  actor: z.string(),
  action: AuditAction,
  accountId: AccountId.nullable(),
  outcome: AuditOutcome,
  summary: z.string().max(AUDIT_SUMMARY_MAX),
  /** For partial outcomes: what is still left to do. */
  remaining: z.array(z.string()).max(AUDIT_REMAINING_MAX),
  dryRun: z.boolean(),
  requestId: RequestId.nullable(),
  issueKey: IssueKey.nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const ScanTotals = z.object({
  pages: z.number().int().nonnegative(),
  /** Deactivated managed accounts read from the candidate pages. Defaulted, like the next two. */
  candidates: z.number().int().nonnegative().default(0),
  /** Candidates verified because the app had not verified them before (links and SCIM records). */
  verified: z.number().int().nonnegative().default(0),
  /** Known candidates re-checked by the rotation. */
  rechecked: z.number().int().nonnegative().default(0),
  seen: z.number().int().nonnegative(),
  newlyFlagged: z.number().int().nonnegative(),
  posted: z.number().int().nonnegative(),
  postFailed: z.number().int().nonnegative(),
  cleared: z.number().int().nonnegative(),
  /** Accounts the re-lock watch re-checked, and those it found newly re-locked by the IdP. */
  relockChecked: z.number().int().nonnegative().optional(),
  relocked: z.number().int().nonnegative().optional(),
});
export type ScanTotals = z.infer<typeof ScanTotals>;

export const ScanRunStatus = z.enum(['running', 'completed', 'truncated', 'failed']);
export type ScanRunStatus = z.infer<typeof ScanRunStatus>;

export const ScanPhase = z.enum(['candidates', 'rotation', 'relock', 'post', 'clear']);
export type ScanPhase = z.infer<typeof ScanPhase>;

export const ScanRun = z.object({
  runId: z.string().regex(/^s[0-9]{13}[a-z0-9]{6}$/),
  trigger: z.enum(['schedule', 'manual']),
  startedBy: z.string(),
  startedAt: IsoTime,
  finishedAt: IsoTime.nullable(),
  status: ScanRunStatus,
  /**
   * Where a running scan is: reading candidate pages, re-checking known accounts, re-checking accounts
   * the app unlocked (the re-lock watch), posting, or clearing.
   */
  phase: ScanPhase.nullable().default(null),
  hops: z.number().int().nonnegative(),
  totals: ScanTotals,
  error: z.string().nullable(),
});
export type ScanRun = z.infer<typeof ScanRun>;

export const ScanState = z.object({
  /** When the last scheduled or manual run started; the cadence is measured from here. */
  lastStartedAt: IsoTime.nullable(),
  lastRun: ScanRun.nullable(),
});
export type ScanState = z.infer<typeof ScanState>;

/**
 * What the scan knows about one deactivated managed account it verified (`scan:known:<accountId>`):
 * when a scan last saw it among the candidates, when its SCIM evidence was last read, whether that
 * evidence flagged it, and its links (a rotation re-check compares them to decide whether the records
 * need reading again). Deleted when the account leaves the candidates.
 */
export const KnownCandidate = z.object({
  accountId: AccountId,
  email: z.string().nullable(),
  name: z.string().nullable(),
  lastSeenAt: IsoTime,
  lastVerifiedAt: IsoTime,
  flagged: z.boolean(),
  links: z.array(z.object({ directoryId: z.string(), scimUserId: z.string() })).max(20),
});
export type KnownCandidate = z.infer<typeof KnownCandidate>;

/** Where the admin page's batch came from (the Flags table, an incident card, a pasted list). */
export const BatchSource = z.enum(['flags', 'incident', 'list']);
export type BatchSource = z.infer<typeof BatchSource>;

/**
 * The app's record of a real batch run it started (`batch:run:<batchId>`): who, when, from where. The
 * proxy keeps the batch itself; this record is what lets any admin reopen the page and find the running
 * or finished batch, and what the completion step reads to know whom to name in comments.
 */
export const BatchRecord = z.object({
  batchId: BatchId,
  startedBy: AccountId,
  startedAt: IsoTime,
  title: z.string().max(200),
  source: BatchSource,
  total: z.number().int().nonnegative(),
  reason: z.string(),
});
export type BatchRecord = z.infer<typeof BatchRecord>;

/** `batch:current`: the latest batch run any admin started. */
export const CurrentBatchPointer = z.object({ batchId: BatchId });

/**
 * What the app did once a batch was final (`batch:completion:<batchId>`): flags of unlocked accounts
 * resolved, their posted issues commented. `comments` holds the issues still to comment for the page in
 * hand, so an invocation that runs out of time leaves the rest to the next one instead of dropping it.
 */
export const BatchCompletion = z.object({
  batchId: BatchId,
  state: z.enum(['running', 'done']),
  /** Cursor of the next page of unlocked accounts to read from the proxy; null once all were read. */
  cursor: z.string().nullable(),
  pagesRead: z.number().int().nonnegative(),
  unlocked: z.number().int().nonnegative(),
  flagsResolved: z.number().int().nonnegative(),
  issuesCommented: z.number().int().nonnegative(),
  commentsFailed: z.number().int().nonnegative(),
  comments: z
    .array(
      z.object({
        issueKey: IssueKey,
        accounts: z.array(z.object({ accountId: AccountId, label: z.string().max(300) })).max(200),
      }),
    )
    .max(200),
  finishedAt: IsoTime.nullable(),
});
export type BatchCompletion = z.infer<typeof BatchCompletion>;
