import type { RateLimitConfig } from './schemas';

/**
 * The simulator's "documented" rate-limit profile: one fixed window per API family.
 *
 * What Atlassian publishes (spec/atlassian/organization.swagger.v3.2026-08-21.json, API description):
 * every Org API request is rate limited, answers carry `X-RateLimit-Limit`, `X-RateLimit-Remaining` and
 * `X-RateLimit-Reset` (ISO-8601 UTC), and the only per-organisation figure is 200 requests per minute
 * (Last Active Dates API); events are 10 per minute per user and per path. SCIM
 * (spec/atlassian/user-provisioning.swagger.v3.2024-09-28.json) and user management
 * (spec/atlassian/user-management.swagger.v3.2026-08.json) publish no figure; the latter only documents
 * a 429 answer.
 *
 * So every family the proxy calls gets the one published per-organisation figure, 200 per minute, with
 * the headers the Org API documents. That is an assumption for the families that publish none, stated
 * here and in docs/benchmarks.md. `Retry-After` is sent because Jira's APIs send it; the proxy copes
 * without it too (tests cover both).
 *
 * `timeScale` shrinks the window and keeps the limit (60 → 200 per second), so a bench of thousands of
 * calls takes seconds instead of an hour; throughput as a fraction of the limit does not depend on it.
 */
export const DOCUMENTED_LIMIT_PER_MINUTE = 200;
export const PROXY_FAMILIES = ['org', 'scim', 'scimLinks', 'userManagement'] as const;

export function documentedRateLimits(
  options: { timeScale?: number; retryAfter?: boolean; limit?: number } = {},
): RateLimitConfig[] {
  const timeScale = options.timeScale ?? 1;
  const windowMs = Math.max(1, Math.round(60_000 / timeScale));
  return PROXY_FAMILIES.map((api) => ({
    api,
    limit: options.limit ?? DOCUMENTED_LIMIT_PER_MINUTE,
    windowMs,
    retryAfter: options.retryAfter ?? true,
  }));
}
