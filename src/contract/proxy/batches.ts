import { z } from 'zod';
import { AccountId, Email, Reason } from './ids';
import { UnlinkMethod } from './mutations';

/**
 * Batch unlock: up to MAX_BATCH_ACCOUNTS accounts, one reason, run by the proxy in the background (a
 * Forge invocation may not loop over hundreds of upstream calls). Both a dry run (the combined preview)
 * and a real run are jobs: create one, poll its status, page its per-account results, cancel it.
 */
export const MAX_BATCH_ACCOUNTS = 1000;

export const BATCH_PROBLEM_TYPES = {
  notConfigured: 'https://scim-unlock.dev/problems/batches-not-configured',
} as const;
export const BATCH_ID_PATTERN = /^b-[a-z0-9]{8,40}$/;

export const BatchId = z.string().regex(BATCH_ID_PATTERN, 'must be a batch id as returned on creation');
export type BatchId = z.infer<typeof BatchId>;

/** An email or an account id; emails are told apart by their `@`. */
export const BatchAccountRef = z.union([Email, AccountId]);

export const CreateBatchRequest = z.strictObject({
  accounts: z.array(BatchAccountRef).min(1).max(MAX_BATCH_ACCOUNTS),
  reason: Reason,
  /** Defaults to the proxy's UNLINK_METHOD. */
  method: UnlinkMethod.optional(),
  /** True: read every account and answer the combined preview; nothing changes upstream. */
  dryRun: z.boolean().default(false),
});
export type CreateBatchRequest = z.infer<typeof CreateBatchRequest>;

export const BatchState = z.enum(['running', 'cancelling', 'cancelled', 'done']);
export type BatchState = z.infer<typeof BatchState>;

/**
 * Per account: `pending` not started; `started` an attempt was begun and its end is not recorded yet
 * (after a restart it is verified by running the mutation path again, which reads fresh state first);
 * `planned` (dry run) it would be unlocked; `cancelled` never started because the batch was cancelled.
 */
export const BatchAccountOutcome = z.enum([
  'pending',
  'started',
  'planned',
  'unlocked',
  'already-active',
  'blocked',
  'partial',
  'not-found',
  'failed',
  'cancelled',
]);
export type BatchAccountOutcome = z.infer<typeof BatchAccountOutcome>;

export const BatchAccountResult = z.object({
  /** What the caller sent (email or account id). */
  ref: z.string(),
  accountId: z.string().nullable(),
  outcome: BatchAccountOutcome,
  /** Blocker codes when blocked (or blocked in the preview). */
  blockers: z.array(z.string()),
  /** One sentence on why, for failures, partial results and restarts. */
  detail: z.string().nullable(),
  /** Mutation attempts made for this account (each one audited). */
  attempts: z.number().int().min(0),
  /** True when a proxy restart interrupted an attempt and the account was verified by a fresh read. */
  resumed: z.boolean(),
});
export type BatchAccountResult = z.infer<typeof BatchAccountResult>;

export const BatchCounts = z.record(BatchAccountOutcome, z.number().int().min(0));
export type BatchCounts = z.infer<typeof BatchCounts>;

export const BlockerGroup = z.object({ blocker: z.string(), count: z.number().int().min(0) });

export const BatchPreview = z.object({
  willUnlock: z.number().int().min(0),
  alreadyActive: z.number().int().min(0),
  blocked: z.number().int().min(0),
  blockedBy: z.array(BlockerGroup),
  notFound: z.number().int().min(0),
  /** Accounts whose state could not be read; the run would try them again. */
  unreadable: z.number().int().min(0),
  /** Upstream calls the real run is expected to make, per API family (reads, mutations, read-backs). */
  upstreamCalls: z.object({ total: z.number().int().min(0), byApi: z.record(z.string(), z.number()) }),
  /** Under the rate limit the proxy currently knows for each API family. */
  estimatedSeconds: z.number().min(0),
});
export type BatchPreview = z.infer<typeof BatchPreview>;

export const BatchStatus = z.object({
  id: BatchId,
  state: BatchState,
  dryRun: z.boolean(),
  reason: z.string(),
  method: UnlinkMethod,
  createdBy: z.object({ kind: z.enum(['forge', 'token']), id: z.string() }),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  total: z.number().int().min(0),
  /** Duplicates in the request, counted once. */
  duplicates: z.number().int().min(0),
  counts: BatchCounts,
  /** Blocked accounts grouped by blocker code (a final report groups the real run's blockers). */
  blockedBy: z.array(BlockerGroup),
  /** Times a proxy restart resumed this batch. */
  resumes: z.number().int().min(0),
  /** Dry runs, once finished: the combined preview. */
  preview: BatchPreview.nullable(),
});
export type BatchStatus = z.infer<typeof BatchStatus>;

export const BatchAccountsQuery = z.strictObject({
  cursor: z
    .string()
    .regex(/^\d{1,4}$/, 'must be a cursor from a previous page')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
  outcome: BatchAccountOutcome.optional(),
});
export type BatchAccountsQuery = z.infer<typeof BatchAccountsQuery>;

export const BatchAccountsPage = z.object({
  results: z.array(BatchAccountResult),
  /** Null on the last page. */
  nextCursor: z.string().nullable(),
});
export type BatchAccountsPage = z.infer<typeof BatchAccountsPage>;
