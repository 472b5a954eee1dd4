import { z } from 'zod';
import {
  AccountId,
  ActionResponse,
  BatchAccountsPage,
  BatchAccountsQuery,
  BatchId,
  BatchStatus,
  CreateBatchRequest,
  Diagnosis,
  DirectoryId,
  Email,
  LookupResponse,
  Reason,
  UnlinkMethod,
  UnlockResponse,
} from '../proxy';
import type { ErrorBody } from './errors';
import type { IncidentsView } from './incident-records';
import type { IdpRun, IdpSyncState } from './idp-records';
import {
  AuditAction,
  AuditEntry,
  BatchCompletion,
  BatchRecord,
  BatchSource,
  Flag,
  FlagStatus,
  IssueRef,
  RequestId,
  RequestStatus,
  ScanRun,
  ScanState,
  Settings,
  UnlockRequestRecord,
} from './records';

/**
 * What the admin page and the issue action exchange with the resolvers: function keys, payload schemas
 * and result types. The pages import this file, so it stays free of @forge/* and Node imports.
 */

export type ResolverResult<T> = { data: T } | { error: ErrorBody };

/**
 * One resolver's contract: the schema its payload is parsed with and, as a type only, what it answers.
 * `result` is never set; it carries R so the table below can hold both halves in one entry.
 */
export interface ResolverDef<S extends z.ZodType, R> {
  payload: S;
  readonly result?: R;
}

/** `resolver<Result>()(PayloadSchema)`: curried so R is written and S inferred. */
function resolver<R>() {
  return <S extends z.ZodType>(payload: S): ResolverDef<S, R> => ({ payload });
}

type PayloadIn<D> = D extends ResolverDef<infer S, unknown> ? z.input<S> : never;
type PayloadOut<D> = D extends ResolverDef<infer S, unknown> ? z.output<S> : never;
type ResultOf<D> = D extends ResolverDef<z.ZodType, infer R> ? R : never;

/** KVS cursors are opaque; the bound only keeps a hostile payload from growing the request. */
export const PageCursor = z.string().min(1).max(4096);
export const PageLimit = z.number().int().min(1).max(50).default(20);

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

// ---- admin page ---------------------------------------------------------------------------------------

export const EmptyPayload = z.strictObject({});

export const LookupPayload = z
  .strictObject({ email: Email.optional(), accountId: AccountId.optional() })
  .refine((p) => (p.email === undefined) !== (p.accountId === undefined), {
    message: 'give exactly one of email or accountId',
  });

export const UnlockPayload = z.strictObject({
  accountId: AccountId,
  reason: Reason,
  dryRun: z.boolean().default(false),
  method: UnlinkMethod.optional(),
});

export const UnlinkPayload = z
  .strictObject({
    accountId: AccountId,
    reason: Reason,
    dryRun: z.boolean().default(false),
    method: UnlinkMethod.optional(),
    directoryId: DirectoryId.optional(),
  })
  .refine((b) => !(b.method === 'delete' && b.directoryId !== undefined), {
    message: 'method "delete" acts on every directory and cannot be combined with directoryId',
    path: ['directoryId'],
  });

export const ReactivatePayload = z.strictObject({
  accountId: AccountId,
  reason: Reason,
  dryRun: z.boolean().default(false),
});

/** The two orders the flag entity's indexes answer (manifest.yml `app.storage.entities`, `flag`). */
export const FlagSortKey = z.enum(['firstDetectedAt', 'lastSeenAt']);
export type FlagSortKey = z.infer<typeof FlagSortKey>;
export const SortOrder = z.enum(['asc', 'desc']);
export type SortOrder = z.infer<typeof SortOrder>;
/** One storage query answers a page, and Forge's entity queries return at most 100 records. */
export const FLAG_PAGE_MAX = 100;

/** The directory a flag without SCIM link evidence is listed under (not a valid directory id). */
export const NO_DIRECTORY = '#none';

export const ListFlagsPayload = z
  .strictObject({
    status: FlagStatus.optional(),
    directoryId: z.union([DirectoryId, z.literal(NO_DIRECTORY)]).optional(),
    sort: FlagSortKey.default('lastSeenAt'),
    order: SortOrder.default('desc'),
    cursor: PageCursor.optional(),
    limit: z.number().int().min(1).max(FLAG_PAGE_MAX).default(20),
  })
  .refine((p) => p.directoryId === undefined || p.status !== undefined, {
    // Forge allows 7 indexes per entity; "every status in one directory" would need two more.
    message: 'choose a status to filter by directory',
    path: ['directoryId'],
  });
export type ListFlagsQuery = z.output<typeof ListFlagsPayload>;

/** A batch takes at most this many accounts, so "select all matching" reads no more ids than that. */
export const FLAG_IDS_MAX = 1000;

/** "Select all N matching the filter": the account ids of the flags the Flags tab's filter matches. */
export const ListFlagIdsPayload = z
  .strictObject({
    status: FlagStatus.optional(),
    directoryId: z.union([DirectoryId, z.literal(NO_DIRECTORY)]).optional(),
  })
  .refine((p) => p.directoryId === undefined || p.status !== undefined, {
    message: 'choose a status to filter by directory',
    path: ['directoryId'],
  });

export interface FlagIds {
  /** At most FLAG_IDS_MAX, in the tab's default order (last seen, newest first). */
  accountIds: string[];
  /** True when more flags match than were returned. */
  capped: boolean;
}

/** Flags per status, from the maintained counters; `all` is their sum. */
export type FlagCounts = Record<FlagStatus | 'all', number>;

export interface DirectoryFlagCount {
  directoryId: string;
  directoryName: string | null;
  count: number;
}

/**
 * One page of flags plus the counts the page shows, all read from counters: `total` matches the filter
 * (status, and directory when given), `counts` every status, `directories` the directories holding
 * flags of the chosen status (open when none is chosen).
 */
export interface FlagPage extends Page<Flag> {
  total: number;
  counts: FlagCounts;
  directories: DirectoryFlagCount[];
}

export const DismissFlagPayload = z.strictObject({ accountId: AccountId, reason: Reason });

/** Pending requests are answered oldest first (a queue); any list can be asked either way. */
export const RequestSort = z.enum(['newest', 'oldest']);
export type RequestSort = z.infer<typeof RequestSort>;

export const ListRequestsPayload = z.strictObject({
  status: RequestStatus.optional(),
  sort: RequestSort.default('newest'),
  cursor: PageCursor.optional(),
  limit: PageLimit,
});

/** One page of requests with the maintained counts (per status; `total` = those the filter matches). */
export interface RequestsPage extends Page<UnlockRequestRecord> {
  total: number;
  counts: Record<RequestStatus, number>;
}

export const ApproveRequestPayload = z.strictObject({
  requestId: RequestId,
  reason: Reason.optional(),
  method: UnlinkMethod.optional(),
});

export const DenyRequestPayload = z.strictObject({ requestId: RequestId, reason: Reason });

/** The account that acted, or `app` for scheduled work (AuditEntry.actor). */
export const AuditActor = z.union([AccountId, z.literal('app')]);
/** Times with an offset are accepted and compared as instants (the store keeps UTC ISO strings). */
export const AuditTime = z.iso.datetime({ offset: true });

export const ListAuditPayload = z
  .strictObject({
    accountId: AccountId.optional(),
    action: AuditAction.optional(),
    actor: AuditActor.optional(),
    /** Inclusive bounds on the entry's time. */
    from: AuditTime.optional(),
    to: AuditTime.optional(),
    cursor: PageCursor.optional(),
    limit: z.number().int().min(1).max(100).default(25),
  })
  .refine((p) => p.from === undefined || p.to === undefined || Date.parse(p.from) <= Date.parse(p.to), {
    message: '`from` must not be after `to`',
    path: ['from'],
  });

/**
 * One page of audit entries, newest first. `count` is the maintained number of entries the filter
 * matches when the counters can say it (no filter, or only an action); null for other filters.
 */
export interface AuditPage extends Page<AuditEntry> {
  count: number | null;
}

export const SaveSettingsPayload = z.strictObject({ settings: Settings });

/** "Run now" for IdP offboarding: a dry run by default; applying needs the admin's reason. */
export const RunIdpSyncPayload = z
  .strictObject({ dryRun: z.boolean().default(true), reason: Reason.optional() })
  .refine((p) => p.dryRun || p.reason !== undefined, {
    message: 'applying the IdP sync needs a reason',
    path: ['reason'],
  });

export interface IdpSyncView {
  settings: Settings;
  state: IdpSyncState;
  /** A run holds the lock: started, queued or being worked. */
  running: boolean;
}

export interface IdpRunStarted {
  runId: string;
  queued: boolean;
}

export interface Overview {
  settings: Settings;
  scan: ScanState;
  pendingRequests: number;
  /** Accounts unlocked through the app that an identity provider linked or deactivated again. */
  relockedByIdp: number;
  recentAudit: AuditEntry[];
}

export interface ActionResult<R> {
  response: R;
  /** Null only when the audit write itself failed after the action (the proxy still audited it). */
  auditId: string | null;
}

export interface ScanStarted {
  runId: string;
  queued: boolean;
}

export interface RequestOutcome {
  /** Null for "Unlock now" when no request was open for the account. */
  request: UnlockRequestRecord | null;
  unlock: UnlockResponse | null;
  /** Why the unlock did not run to an answer (proxy refused or unreachable); the request is then failed. */
  unlockError: ErrorBody | null;
}

/**
 * The admin page's resolvers: function key → payload schema → result type. `defineAdmin` registers a
 * handler per key (its payload parsed by this schema, its return checked against this result type) and
 * `callAdmin` sends a payload typed from the same schema, so a misspelt field or a wrong result shape
 * is a compile error on both sides.
 */
/**
 * Batch unlock runs in the proxy (src/proxy/batches): the page starts one, polls its status, pages its
 * per-account results and may cancel it; the app never loops over the accounts itself.
 */
export const StartBatchPayload = CreateBatchRequest.extend({
  /** The dialog's title, kept with the app's record of the batch so a returning admin sees what it was. */
  title: z.string().trim().min(1).max(200).optional(),
  source: BatchSource.optional(),
});

/** The latest batch run any admin started, with its status as the proxy reports it now. */
export interface CurrentBatch {
  record: BatchRecord;
  status: BatchStatus;
  /** Null until the batch is final and the app has finished its part (flags resolved, issues commented). */
  completion: BatchCompletion | null;
}
export const BatchPayload = z.strictObject({ batchId: BatchId });
export const ListBatchAccountsPayload = BatchAccountsQuery.extend({ batchId: BatchId });

export const ADMIN_RESOLVERS = {
  overview: resolver<Overview>()(EmptyPayload),
  lookup: resolver<LookupResponse>()(LookupPayload),
  unlock: resolver<ActionResult<UnlockResponse>>()(UnlockPayload),
  unlink: resolver<ActionResult<ActionResponse>>()(UnlinkPayload),
  reactivate: resolver<ActionResult<ActionResponse>>()(ReactivatePayload),
  listFlags: resolver<FlagPage>()(ListFlagsPayload),
  listFlagIds: resolver<FlagIds>()(ListFlagIdsPayload),
  /** The open flags grouped into incidents (many locks by one directory within minutes); bounded read. */
  listIncidents: resolver<IncidentsView>()(EmptyPayload),
  dismissFlag: resolver<Flag>()(DismissFlagPayload),
  listRequests: resolver<RequestsPage>()(ListRequestsPayload),
  approveRequest: resolver<RequestOutcome>()(ApproveRequestPayload),
  denyRequest: resolver<UnlockRequestRecord>()(DenyRequestPayload),
  listAudit: resolver<AuditPage>()(ListAuditPayload),
  getSettings: resolver<Settings>()(EmptyPayload),
  saveSettings: resolver<Settings>()(SaveSettingsPayload),
  scanNow: resolver<ScanStarted>()(EmptyPayload),
  getIdpSync: resolver<IdpSyncView>()(EmptyPayload),
  runIdpSync: resolver<IdpRunStarted>()(RunIdpSyncPayload),
  startBatch: resolver<BatchStatus>()(StartBatchPayload),
  getBatch: resolver<BatchStatus>()(BatchPayload),
  listBatchAccounts: resolver<BatchAccountsPage>()(ListBatchAccountsPayload),
  cancelBatch: resolver<BatchStatus>()(BatchPayload),
  currentBatch: resolver<CurrentBatch | null>()(EmptyPayload),
} as const;

export type AdminFunction = keyof typeof ADMIN_RESOLVERS;
export const ADMIN_FUNCTIONS = Object.keys(ADMIN_RESOLVERS) as AdminFunction[];
export type AdminPayload<K extends AdminFunction> = PayloadIn<(typeof ADMIN_RESOLVERS)[K]>;
export type AdminParsedPayload<K extends AdminFunction> = PayloadOut<(typeof ADMIN_RESOLVERS)[K]>;
export type AdminResult<K extends AdminFunction> = ResultOf<(typeof ADMIN_RESOLVERS)[K]>;
export type AdminResults = { [K in AdminFunction]: AdminResult<K> };

// ---- issue action -------------------------------------------------------------------------------------

export const RequestUnlockPayload = z.strictObject({ reason: Reason });
export const UnlockNowPayload = z.strictObject({ reason: Reason, method: UnlinkMethod.optional() });

/** Where the account came from: the app's record of the issue the scan posted, else the issue's reporter. */
export type AccountSource = 'flag' | 'reporter';

/** Whether the person can use their account, as much as a requester may know; `unknown` if unclear. */
export type LockState = 'locked' | 'not-locked' | 'unknown';

/** A requester's own part of a request: their words and the request's status, nobody else's. */
export interface MyRequest {
  requestId: string;
  status: RequestStatus;
  /** When this person asked, and why, in their own words. */
  askedAt: string;
  reason: string;
}

/**
 * What a Jira administrator (ADMINISTER, checked server-side) sees: the proxy's full diagnosis and the
 * open request with every requester and reason, so they can decide and "Unlock now".
 */
export interface AdminUnlockContext {
  view: 'admin';
  issue: IssueRef;
  source: AccountSource;
  accountId: string | null;
  displayName: string | null;
  diagnosis: Diagnosis | null;
  /** Why there is no diagnosis when the proxy could not give one. */
  diagnosisError: ErrorBody | null;
  openRequest: UnlockRequestRecord | null;
}

/**
 * What anyone else sees: enough to ask for help and nothing more. No account or directory ids, groups,
 * blockers, proxy errors, or other people's requests and reasons; the type has no field that could carry
 * them, so a resolver cannot leak them without changing this contract.
 */
export interface RequesterUnlockContext {
  view: 'requester';
  issue: IssueRef;
  source: AccountSource;
  /** Null when the issue names nobody (the app did not post it and it has no reporter). */
  person: { displayName: string | null; lock: LockState } | null;
  /** The caller's own latest request about this person, if they made one. */
  myRequest: MyRequest | null;
}

export type UnlockContext = AdminUnlockContext | RequesterUnlockContext;

/** The answer to "Request unlock", for admins and requesters alike: only the caller's own part. */
export interface RequestReceipt {
  request: MyRequest;
  /** Whether the caller's note was added to the issue (Jira refuses it without "Add comments"). */
  commented: boolean;
}

/** The issue action's resolvers, in the same form as ADMIN_RESOLVERS. */
export const ISSUE_ACTION_RESOLVERS = {
  getUnlockContext: resolver<UnlockContext>()(EmptyPayload),
  requestUnlock: resolver<RequestReceipt>()(RequestUnlockPayload),
  unlockNow: resolver<RequestOutcome>()(UnlockNowPayload),
} as const;

export type IssueActionFunction = keyof typeof ISSUE_ACTION_RESOLVERS;
export const ISSUE_ACTION_FUNCTIONS = Object.keys(ISSUE_ACTION_RESOLVERS) as IssueActionFunction[];
export type IssueActionPayload<K extends IssueActionFunction> = PayloadIn<(typeof ISSUE_ACTION_RESOLVERS)[K]>;
export type IssueActionParsedPayload<K extends IssueActionFunction> = PayloadOut<
  (typeof ISSUE_ACTION_RESOLVERS)[K]
>;
export type IssueActionResult<K extends IssueActionFunction> = ResultOf<(typeof ISSUE_ACTION_RESOLVERS)[K]>;
export type IssueActionResults = { [K in IssueActionFunction]: IssueActionResult<K> };

export type { IdpRun, ScanRun };
