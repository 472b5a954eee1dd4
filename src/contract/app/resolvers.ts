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
import type { IdpRun, IdpSyncState } from './idp-records';
import {
  AuditAction,
  AuditEntry,
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

export const ListFlagsPayload = z.strictObject({
  status: FlagStatus.optional(),
  cursor: PageCursor.optional(),
  limit: PageLimit,
});

export const DismissFlagPayload = z.strictObject({ accountId: AccountId, reason: Reason });

export const ListRequestsPayload = z.strictObject({
  status: RequestStatus.optional(),
  cursor: PageCursor.optional(),
  limit: PageLimit,
});

export const ApproveRequestPayload = z.strictObject({
  requestId: RequestId,
  reason: Reason.optional(),
  method: UnlinkMethod.optional(),
});

export const DenyRequestPayload = z.strictObject({ requestId: RequestId, reason: Reason });

export const ListAuditPayload = z.strictObject({
  accountId: AccountId.optional(),
  action: AuditAction.optional(),
  cursor: PageCursor.optional(),
  limit: PageLimit,
});

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
export const StartBatchPayload = CreateBatchRequest;
export const BatchPayload = z.strictObject({ batchId: BatchId });
export const ListBatchAccountsPayload = BatchAccountsQuery.extend({ batchId: BatchId });

export const ADMIN_RESOLVERS = {
  overview: resolver<Overview>()(EmptyPayload),
  lookup: resolver<LookupResponse>()(LookupPayload),
  unlock: resolver<ActionResult<UnlockResponse>>()(UnlockPayload),
  unlink: resolver<ActionResult<ActionResponse>>()(UnlinkPayload),
  reactivate: resolver<ActionResult<ActionResponse>>()(ReactivatePayload),
  listFlags: resolver<Page<Flag>>()(ListFlagsPayload),
  dismissFlag: resolver<Flag>()(DismissFlagPayload),
  listRequests: resolver<Page<UnlockRequestRecord>>()(ListRequestsPayload),
  approveRequest: resolver<RequestOutcome>()(ApproveRequestPayload),
  denyRequest: resolver<UnlockRequestRecord>()(DenyRequestPayload),
  listAudit: resolver<Page<AuditEntry>>()(ListAuditPayload),
  getSettings: resolver<Settings>()(EmptyPayload),
  saveSettings: resolver<Settings>()(SaveSettingsPayload),
  scanNow: resolver<ScanStarted>()(EmptyPayload),
  getIdpSync: resolver<IdpSyncView>()(EmptyPayload),
  runIdpSync: resolver<IdpRunStarted>()(RunIdpSyncPayload),
  startBatch: resolver<BatchStatus>()(StartBatchPayload),
  getBatch: resolver<BatchStatus>()(BatchPayload),
  listBatchAccounts: resolver<BatchAccountsPage>()(ListBatchAccountsPayload),
  cancelBatch: resolver<BatchStatus>()(BatchPayload),
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
