import { z } from 'zod';

/**
 * Stable RFC 9457 `type` URIs. Clients (the Forge app, the CLI) branch on these, never on `title` or
 * `detail`, so a URI here is never renamed once released.
 */
const PROBLEM_BASE = 'https://scim-unlock.dev/problems/';

export const PROBLEM_TYPES = {
  validation: `${PROBLEM_BASE}validation`,
  unsupportedMediaType: `${PROBLEM_BASE}unsupported-media-type`,
  payloadTooLarge: `${PROBLEM_BASE}payload-too-large`,
  unauthorized: `${PROBLEM_BASE}unauthorized`,
  forbidden: `${PROBLEM_BASE}forbidden`,
  protectedAccount: `${PROBLEM_BASE}protected-account`,
  directoryNotAllowed: `${PROBLEM_BASE}directory-not-allowed`,
  notFound: `${PROBLEM_BASE}not-found`,
  methodNotAllowed: `${PROBLEM_BASE}method-not-allowed`,
  rateLimited: `${PROBLEM_BASE}rate-limited`,
  timeout: `${PROBLEM_BASE}timeout`,
  upstream: `${PROBLEM_BASE}upstream-error`,
  upstreamUnavailable: `${PROBLEM_BASE}upstream-unavailable`,
  notReady: `${PROBLEM_BASE}not-ready`,
  internal: `${PROBLEM_BASE}internal`,
} as const;

export type ProblemKind = keyof typeof PROBLEM_TYPES;
export type ProblemType = (typeof PROBLEM_TYPES)[ProblemKind];

/** One readable entry per rejected input field: `path` is dotted (`body.reason`, `query.email`). */
export const FieldError = z.object({
  path: z.string(),
  code: z.string(),
  message: z.string(),
});
export type FieldError = z.infer<typeof FieldError>;

/** What the upstream said, without its body: enough to act on, nothing that could carry a secret. */
export const UpstreamFailure = z.object({
  operation: z.string(),
  status: z.number().int().nullable(),
  key: z.string().nullable(),
});
export type UpstreamFailure = z.infer<typeof UpstreamFailure>;

/**
 * RFC 9457 problem details. Loose on purpose: the RFC lets servers add extension members, and a client
 * must keep working when a newer proxy adds one.
 */
export const ProblemDetails = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int().min(400).max(599),
  detail: z.string().optional(),
  /** The request id, so an operator can find the matching log and audit lines. */
  instance: z.string().optional(),
  errors: z.array(FieldError).optional(),
  retryAfterSeconds: z.number().int().nonnegative().optional(),
  upstream: UpstreamFailure.optional(),
  reason: z.string().optional(),
  accountId: z.string().optional(),
  directoryId: z.string().optional(),
});
export type ProblemDetails = z.infer<typeof ProblemDetails>;
