import { z } from 'zod';
import { Account, ScimLink, UpstreamCall } from './accounts';
import { AccountId } from './ids';

export const SCAN_MAX_LIMIT = 100;
export const SCAN_DEFAULT_LIMIT = 50;

/** An opaque page token handed back by the proxy; the pattern only keeps it URL- and log-safe. */
export const ScanCursor = z.string().regex(/^[A-Za-z0-9._~+/=:-]{1,2048}$/, 'is not a valid cursor');

export const ScanRequest = z.strictObject({
  cursor: ScanCursor.optional(),
  limit: z.number().int().min(1).max(SCAN_MAX_LIMIT).default(SCAN_DEFAULT_LIMIT),
});
export type ScanRequest = z.infer<typeof ScanRequest>;

/** How sure the proxy is that SCIM caused the deactivation; no field says so (admin-scenarios E7). */
export const Confidence = z.enum(['high', 'medium', 'low']);
export type Confidence = z.infer<typeof Confidence>;

export const ScanItem = z.object({
  account: Account,
  scimLinks: z.array(ScimLink),
  reason: z.string(),
  confidence: Confidence,
});
export type ScanItem = z.infer<typeof ScanItem>;

export const ScanResponse = z.object({
  items: z.array(ScanItem),
  nextCursor: ScanCursor.nullable(),
  calls: z.array(UpstreamCall),
});
export type ScanResponse = z.infer<typeof ScanResponse>;

/**
 * The incremental scan's two reads. The proxy keeps no scan state: the app walks the candidate pages
 * (cheap: one Org v2 search per 100 inactive managed accounts) and asks to verify only the accounts it
 * has not verified recently.
 */
export const CANDIDATES_MAX_LIMIT = 100;
export const VERIFY_MAX_ACCOUNTS = 50;

export const CandidatesRequest = z.strictObject({
  cursor: ScanCursor.optional(),
  limit: z.number().int().min(1).max(CANDIDATES_MAX_LIMIT).default(CANDIDATES_MAX_LIMIT),
});
export type CandidatesRequest = z.infer<typeof CandidatesRequest>;

/** A deactivated managed account as the Org v2 search reports it; memberships are not read here. */
export const Candidate = Account.omit({ memberships: true });
export type Candidate = z.infer<typeof Candidate>;

export const CandidatesResponse = z.object({
  candidates: z.array(Candidate),
  nextCursor: ScanCursor.nullable(),
  calls: z.array(UpstreamCall),
});
export type CandidatesResponse = z.infer<typeof CandidatesResponse>;

/**
 * `records`: each account's SCIM links and the SCIM record behind each link (one call per account plus
 * one per link), with the verdict. `links`: the links only (one call per account), for re-checking a
 * flag whose records were read before: an account whose links are unchanged keeps its evidence.
 */
export const VerifyRead = z.enum(['records', 'links']);
export type VerifyRead = z.infer<typeof VerifyRead>;

export const VerifyRequest = z.strictObject({
  accountIds: z.array(AccountId).min(1).max(VERIFY_MAX_ACCOUNTS),
  read: VerifyRead.default('records'),
});
export type VerifyRequest = z.infer<typeof VerifyRequest>;

/** One SCIM link, with the record's state and when the identity provider last changed it. */
export const LinkEvidence = z.object({
  directoryId: z.string(),
  directoryName: z.string().nullable(),
  scimUserId: z.string(),
  /** Null when only the links were read. */
  record: ScimLink.shape.record.nullable(),
  active: z.boolean().nullable(),
  /** SCIM `meta.lastModified`: when the identity provider last changed the record, if it says. */
  lastModified: z.string().nullable(),
});
export type LinkEvidence = z.infer<typeof LinkEvidence>;

export const VerifiedAccount = z.object({
  accountId: AccountId,
  links: z.array(LinkEvidence),
  /**
   * For `records`: the verdict for a deactivated account with these links (high/medium are flagged;
   * low or null are not). Null for `links`, which reads no record to judge by.
   */
  verdict: z.object({ confidence: Confidence.nullable(), reason: z.string() }).nullable(),
});
export type VerifiedAccount = z.infer<typeof VerifiedAccount>;

export const VerifyResponse = z.object({
  read: VerifyRead,
  accounts: z.array(VerifiedAccount),
  calls: z.array(UpstreamCall),
});
export type VerifyResponse = z.infer<typeof VerifyResponse>;
