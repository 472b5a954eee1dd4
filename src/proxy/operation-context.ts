import type {
  AccountId,
  ActionResponse,
  DeactivateRequest,
  LookupQuery,
  LookupResponse,
  OnBehalfOf,
  ReactivateRequest,
  ScanRequest,
  ScanResponse,
  CandidatesRequest,
  CandidatesResponse,
  VerifyRequest,
  VerifyResponse,
  UnlinkRequest,
  UnlockRequest,
  UnlockResponse,
} from '../contract/proxy';
import type { Actor } from './auth/actor';

/** Everything an operation needs to know about the request besides its input. */
export interface OperationContext {
  actor: Actor;
  /** The proxy's own id for the request. */
  requestId: string;
  /** The caller's X-Request-Id, when it sent a usable one: kept for its correlation, never trusted. */
  callerRequestId?: string;
  /** Who the caller says it acted for (IdP sync from the Forge queue); not an authenticated identity. */
  onBehalfOf?: OnBehalfOf;
  /** The batch this attempt belongs to; recorded in its audit line. */
  batchId?: string;
  /**
   * Fires at the request deadline. Check it before every upstream mutation and stop at that step
   * boundary (report the rest as not done), so a timed-out request never keeps mutating unseen.
   */
  signal: AbortSignal;
}

/**
 * The proxy's use cases, called by the thin route handlers after authentication and validation.
 *
 * Contract for implementations:
 * - inputs are already validated by the contract schemas (ids match their patterns, reason trimmed,
 *   `dryRun` defaulted, `method` possibly absent → use the configured UNLINK_METHOD);
 * - results must satisfy the contract's response schemas (the app checks them, a mismatch is a 500);
 * - refusals are thrown as OperationError subclasses (src/proxy/operation-errors.ts), mapped to
 *   problem+json by src/proxy/http/error-mapping.ts: a protected account is `ProtectedAccountError`
 *   (403) for unlink/reactivate/deactivate/unlock; an explicitly requested directory outside
 *   ALLOWED_DIRECTORIES is `DirectoryNotAllowedError`; other blockers are answered
 *   with outcome `blocked` and the blockers listed;
 * - Atlassian layer errors may be thrown as they are: the app maps them to upstream problems;
 * - every mutation attempt (dry runs and blocked attempts included) writes one audit event.
 */
export interface AccountOperations {
  lookup(query: LookupQuery, ctx: OperationContext): Promise<LookupResponse>;
  unlock(accountId: AccountId, request: UnlockRequest, ctx: OperationContext): Promise<UnlockResponse>;
  unlink(accountId: AccountId, request: UnlinkRequest, ctx: OperationContext): Promise<ActionResponse>;
  reactivate(
    accountId: AccountId,
    request: ReactivateRequest,
    ctx: OperationContext,
  ): Promise<ActionResponse>;
  deactivate(
    accountId: AccountId,
    request: DeactivateRequest,
    ctx: OperationContext,
  ): Promise<ActionResponse>;
  scan(request: ScanRequest, ctx: OperationContext): Promise<ScanResponse>;
  scanCandidates(request: CandidatesRequest, ctx: OperationContext): Promise<CandidatesResponse>;
  scanVerify(request: VerifyRequest, ctx: OperationContext): Promise<VerifyResponse>;
}

/** One cheap upstream call proving the proxy's credentials and the upstream work; throws otherwise. */
export type ReadinessCheck = (signal: AbortSignal) => Promise<void>;
