import { z } from 'zod';
import { Account, ScimLink, UpstreamCall } from './accounts';

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
