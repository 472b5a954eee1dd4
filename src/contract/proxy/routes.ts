import type { z } from 'zod';
import { mapPlaceholders } from '../../lib/path-template';
import {
  AccountId,
  BatchAccountsPage,
  BatchAccountsQuery,
  BatchId,
  BatchStatus,
  CreateBatchRequest,
  ActionResponse,
  CandidatesRequest,
  CandidatesResponse,
  DeactivateRequest,
  HealthResponse,
  SyncRunId,
  SyncRunStatus,
  SyncRunStatusQuery,
  IdpSyncRequest,
  IdpSyncResponse,
  LookupQuery,
  LookupResponse,
  ReactivateRequest,
  ReadyResponse,
  ScanRequest,
  ScanResponse,
  UnlinkRequest,
  UnlockRequest,
  UnlockResponse,
  VerifyRequest,
  VerifyResponse,
} from '.';

/**
 * The proxy's routes as data: the app registers its handlers from this table and the OpenAPI document is
 * generated from it, so the two cannot drift apart.
 */
export interface RouteDef {
  method: 'GET' | 'POST';
  /** OpenAPI-style path (`{param}`). */
  path: string;
  summary: string;
  description?: string;
  auth: boolean;
  mutation: boolean;
  pathParams?: Readonly<Record<string, z.ZodType>>;
  query?: z.ZodObject | z.ZodType;
  body?: z.ZodType;
  response?: z.ZodType;
}

const accountParam = { accountId: AccountId };
const batchParam = { batchId: BatchId };
const idpRunParam = { runId: SyncRunId };

export const ROUTES = {
  health: {
    method: 'GET',
    path: '/healthz',
    summary: 'Liveness: the process is up (no upstream call, no authentication).',
    auth: false,
    mutation: false,
    response: HealthResponse,
  },
  ready: {
    method: 'GET',
    path: '/readyz',
    summary: 'Readiness: one cheap upstream call with the org API key, cached briefly.',
    auth: false,
    mutation: false,
    response: ReadyResponse,
  },
  openapi: {
    method: 'GET',
    path: '/openapi.json',
    summary: 'This OpenAPI 3.1 document.',
    auth: false,
    mutation: false,
  },
  lookup: {
    method: 'GET',
    path: '/v1/accounts/lookup',
    summary: 'Look an account up by email or account id and diagnose whether it can be unlocked.',
    description: 'Give exactly one of `email` or `accountId`. No upstream state is changed.',
    auth: true,
    mutation: false,
    query: LookupQuery,
    response: LookupResponse,
  },
  unlock: {
    method: 'POST',
    path: '/v1/accounts/{accountId}/unlock',
    summary: 'Unlock an account: remove its SCIM links, reactivate it, restore suspended memberships.',
    description:
      'Reads fresh state, applies policy, skips what is already done, and reads the state back. A failure midway ends as `partial`; running it again is safe. With `dryRun` nothing changes and the steps list the exact upstream calls.',
    auth: true,
    mutation: true,
    pathParams: accountParam,
    body: UnlockRequest,
    response: UnlockResponse,
  },
  unlink: {
    method: 'POST',
    path: '/v1/accounts/{accountId}/unlink',
    summary: 'Remove the account’s SCIM links (or delete its SCIM records) without reactivating it.',
    auth: true,
    mutation: true,
    pathParams: accountParam,
    body: UnlinkRequest,
    response: ActionResponse,
  },
  reactivate: {
    method: 'POST',
    path: '/v1/accounts/{accountId}/reactivate',
    summary: 'Reactivate an account that no SCIM link holds, and restore suspended memberships.',
    auth: true,
    mutation: true,
    pathParams: accountParam,
    body: ReactivateRequest,
    response: ActionResponse,
  },
  deactivate: {
    method: 'POST',
    path: '/v1/accounts/{accountId}/deactivate',
    summary: 'Deactivate an account: lifecycle disable when the org manages it, Org v2 suspend otherwise.',
    auth: true,
    mutation: true,
    pathParams: accountParam,
    body: DeactivateRequest,
    response: ActionResponse,
  },
  scan: {
    method: 'POST',
    path: '/v1/scan/deactivated-by-sync',
    summary: 'One page of deactivated accounts that SCIM probably deactivated, with a confidence each.',
    auth: true,
    mutation: false,
    body: ScanRequest,
    response: ScanResponse,
  },
  scanCandidates: {
    method: 'POST',
    path: '/v1/scan/candidates',
    summary: 'One page of deactivated managed accounts: the candidates an incremental scan verifies.',
    description:
      'One Org v2 search for inactive managed accounts per call (up to 100), nothing else. The proxy keeps no scan state: the caller walks the pages with `nextCursor` and verifies only the candidates it has not verified recently with `/v1/scan/verify`.',
    auth: true,
    mutation: false,
    body: CandidatesRequest,
    response: CandidatesResponse,
  },
  scanVerify: {
    method: 'POST',
    path: '/v1/scan/verify',
    summary:
      'The SCIM evidence for up to 50 accounts: links, SCIM `active` and `meta.lastModified`, verdict.',
    description:
      '`read: records` (default) reads each account’s SCIM links and the SCIM record behind each link (one call per account plus one per link) and judges the evidence as for a deactivated account; `read: links` reads the links only (one call per account). Directory memberships are not read: the account’s own lookup reads them.',
    auth: true,
    mutation: false,
    body: VerifyRequest,
    response: VerifyResponse,
  },
  idpSync: {
    method: 'POST',
    path: '/v1/idp/sync',
    summary: 'IdP offboarding: deactivate the accounts of users disabled in, or missing from, Keycloak.',
    description:
      "Lists the Keycloak realm, maps its users to Atlassian accounts by email, and plans lifecycle disable (managed accounts) or Org v2 suspend (unmanaged). `dryRun` defaults to true. A circuit breaker applies nothing when the listing fails, ends early or is empty, or when the plan exceeds IDP_SYNC_MAX_DEACTIVATIONS or 5 % of the matched accounts; `aborted` says which rule tripped. Protected accounts are never touched; each applied account is audited like any mutation. `onBehalfOf` (the admin who started the run, or `scheduled`) is recorded in those audit lines beside the authenticated caller: it is the caller's statement, not a verified identity, and grants nothing. Answers 501 when Keycloak is not configured.",
    auth: true,
    mutation: true,
    body: IdpSyncRequest,
    response: IdpSyncResponse,
  },
  startIdpRun: {
    method: 'POST',
    path: '/v1/idp/runs',
    summary: 'Start the IdP sync as a background run; read its progress and answer with the status route.',
    description:
      "The same sync, breaker and audit as `POST /v1/idp/sync`, without the request deadline: a run that deactivates hundreds of accounts at the org's rate limit outlives any single request. One run at a time per proxy (409 while one runs). The run stops at an account boundary after IDP_RUN_MAX_SECONDS, or when the proxy shuts down; the accounts it did not reach are reported as not run. Runs are kept in memory: after a restart the status route answers 404 and the audit log is the record of what was applied. Only the caller that started a run can read it. Answers 501 when Keycloak is not configured.",
    auth: true,
    mutation: true,
    body: IdpSyncRequest,
    response: SyncRunStatus,
  },
  idpRunStatus: {
    method: 'GET',
    path: '/v1/idp/runs/{runId}',
    summary: "A background IdP run: its phase and progress, and once finished the sync's answer.",
    description:
      '`waitSeconds` (at most 20) holds the answer until the run finishes or the time passes, so a caller learns the outcome without polling in a loop. 404 for a run this proxy does not know, or one another caller started.',
    auth: true,
    mutation: false,
    pathParams: idpRunParam,
    query: SyncRunStatusQuery,
    response: SyncRunStatus,
  },
  createBatch: {
    method: 'POST',
    path: '/v1/batches',
    summary: 'Start a batch unlock (or its combined preview with `dryRun`) of up to 1,000 accounts.',
    description:
      'Accounts are account ids or emails (duplicates counted once); one reason for all. The batch runs in the proxy in the background — poll its status. Every account goes through the same path as the single unlock (fresh read, policy, read-back, one audit line per attempt), paced by the shared upstream limiter; the batch itself gets one audit line when it ends. With `dryRun` nothing changes: once finished, `preview` counts what would be unlocked, what is blocked (grouped by blocker) or already active, the upstream calls a real run takes and the time it needs under the current rate limit. The state is kept in BATCH_STATE_DIR, so a restart resumes the batch: an account whose attempt was interrupted is verified by a fresh read and finished, never applied twice. A batch belongs to the principal that created it (a Forge installation, or a static token by name): to any other caller its status, accounts and cancel answer 404, as for an id that does not exist. The proxy keeps the newest BATCH_KEEP_FINISHED finished batches (default 100) and deletes older finished ones; a running batch is never deleted. Answers 501 without BATCH_STATE_DIR or AUDIT_LOG_FILE.',
    auth: true,
    mutation: true,
    body: CreateBatchRequest,
    response: BatchStatus,
  },
  batchStatus: {
    method: 'GET',
    path: '/v1/batches/{batchId}',
    summary: 'A batch’s state and counts per outcome; once finished, its final report (and preview).',
    auth: true,
    mutation: false,
    pathParams: batchParam,
    response: BatchStatus,
  },
  batchAccounts: {
    method: 'GET',
    path: '/v1/batches/{batchId}/accounts',
    summary: 'A page of a batch’s per-account results, optionally of one outcome.',
    auth: true,
    mutation: false,
    pathParams: batchParam,
    query: BatchAccountsQuery,
    response: BatchAccountsPage,
  },
  cancelBatch: {
    method: 'POST',
    path: '/v1/batches/{batchId}/cancel',
    summary: 'Cancel a batch: accounts not started are left alone, the ones under way finish.',
    auth: true,
    mutation: true,
    pathParams: batchParam,
    response: BatchStatus,
  },
} as const satisfies Record<string, RouteDef>;

export type RouteId = keyof typeof ROUTES;

/** Hono's path syntax (`:param`) for an OpenAPI path. */
export function honoPath(path: string): string {
  return mapPlaceholders(path, (name) => `:${name}`);
}
