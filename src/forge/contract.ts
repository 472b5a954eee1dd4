import { z } from 'zod';
import {
  AccountId,
  ActionResponse,
  Diagnosis,
  DirectoryId,
  Email,
  LookupResponse,
  Reason,
  UnlinkMethod,
  UnlockResponse,
} from '../contract';
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

/** KVS cursors are opaque; the bound only keeps a hostile payload from growing the request. */
export const PageCursor = z.string().min(1).max(4096);
export const PageLimit = z.number().int().min(1).max(50).default(20);

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

// ---- admin page ---------------------------------------------------------------------------------------

export const ADMIN_FUNCTIONS = [
  'overview',
  'lookup',
  'unlock',
  'unlink',
  'reactivate',
  'listFlags',
  'dismissFlag',
  'listRequests',
  'approveRequest',
  'denyRequest',
  'listAudit',
  'getSettings',
  'saveSettings',
  'scanNow',
  'getIdpSync',
  'runIdpSync',
] as const;
export type AdminFunction = (typeof ADMIN_FUNCTIONS)[number];

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

export interface AdminResults {
  overview: Overview;
  lookup: LookupResponse;
  unlock: ActionResult<UnlockResponse>;
  unlink: ActionResult<ActionResponse>;
  reactivate: ActionResult<ActionResponse>;
  listFlags: Page<Flag>;
  dismissFlag: Flag;
  listRequests: Page<UnlockRequestRecord>;
  approveRequest: RequestOutcome;
  denyRequest: UnlockRequestRecord;
  listAudit: Page<AuditEntry>;
  getSettings: Settings;
  saveSettings: Settings;
  scanNow: ScanStarted;
  getIdpSync: IdpSyncView;
  runIdpSync: IdpRunStarted;
}

// ---- issue action -------------------------------------------------------------------------------------

export const ISSUE_ACTION_FUNCTIONS = ['getUnlockContext', 'requestUnlock', 'unlockNow'] as const;
export type IssueActionFunction = (typeof ISSUE_ACTION_FUNCTIONS)[number];

export const RequestUnlockPayload = z.strictObject({ reason: Reason });
export const UnlockNowPayload = z.strictObject({ reason: Reason, method: UnlinkMethod.optional() });

export interface UnlockContext {
  issue: IssueRef;
  /** Where the account came from: the scan's issue property, else the issue's reporter. */
  source: 'flag' | 'reporter';
  accountId: string | null;
  displayName: string | null;
  diagnosis: Diagnosis | null;
  /** Why there is no diagnosis when the proxy could not give one; the request can still be made. */
  diagnosisError: ErrorBody | null;
  callerIsAdmin: boolean;
  openRequest: UnlockRequestRecord | null;
}

export interface IssueActionResults {
  getUnlockContext: UnlockContext;
  requestUnlock: UnlockRequestRecord;
  unlockNow: RequestOutcome;
}

export type { IdpRun, ScanRun };
