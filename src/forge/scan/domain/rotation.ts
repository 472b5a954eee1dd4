/**
 * Which known accounts a rescan re-checks. Every account the scan verified is verified again within the
 * window: each run re-checks its share, ceil(known × interval / window), oldest verification first, so
 * a queue of `known` accounts is gone through once per window at the cadence's pace. An account whose
 * verification would be older than the window by the next run is re-checked in this one whatever the
 * share (runs were missed, or the cadence is slower than the window).
 */

export interface RotationEntry {
  accountId: string;
  /** ISO time of the last verification. */
  lastVerifiedAt: string;
}

export interface RotationOptions {
  /** When this run started: an account verified since then is not re-checked again by it. */
  runStartedAt: string;
  now: Date;
  /** Time between scheduled runs (the cadence). */
  intervalMs: number;
  /** Each account is re-verified within this long. */
  windowMs: number;
  /** How many this run already re-checked (the rotation spans invocations). */
  alreadyRechecked: number;
  /** How many the caller can take now (one verify call's worth). */
  max: number;
}

export function rotationBudget(known: number, intervalMs: number, windowMs: number): number {
  if (known <= 0) return 0;
  if (intervalMs >= windowMs) return known;
  return Math.ceil((known * intervalMs) / windowMs);
}

/**
 * The accounts to re-check next, oldest verification first (ties by account id, so the choice is
 * deterministic). `known` is every account seen by this run; the budget is computed from its size.
 */
export function selectRotation(known: readonly RotationEntry[], opts: RotationOptions): string[] {
  const budget = rotationBudget(known.length, opts.intervalMs, opts.windowMs);
  const dueBy = opts.now.getTime() + opts.intervalMs - opts.windowMs;
  const pending = known
    .filter((k) => k.lastVerifiedAt < opts.runStartedAt)
    .sort((a, b) =>
      a.lastVerifiedAt === b.lastVerifiedAt
        ? a.accountId.localeCompare(b.accountId)
        : a.lastVerifiedAt < b.lastVerifiedAt
          ? -1
          : 1,
    );
  const overdue = pending.filter((k) => Date.parse(k.lastVerifiedAt) <= dueBy).length;
  const take = Math.max(budget - opts.alreadyRechecked, overdue, 0);
  return pending.slice(0, Math.min(take, opts.max)).map((k) => k.accountId);
}
