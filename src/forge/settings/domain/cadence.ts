import type { Cadence } from '../../../contract/app/records';

const HOUR = 3_600_000;

export const CADENCE_INTERVAL_MS: Record<Cadence, number> = {
  hourly: HOUR,
  'every-6-hours': 6 * HOUR,
  daily: 24 * HOUR,
  weekly: 7 * 24 * HOUR,
};

/**
 * The trigger fires hourly but not to the second; without slack a daily cadence would slip by an hour
 * whenever a trigger fired a little early.
 */
export const CADENCE_SLACK_MS = 5 * 60_000;

export function isScanDue(cadence: Cadence, lastStartedAt: string | null, now: Date): boolean {
  if (lastStartedAt === null) return true;
  const last = Date.parse(lastStartedAt);
  if (Number.isNaN(last)) return true;
  // A clock that went backwards (last run "in the future") must not stop scans forever.
  if (last > now.getTime()) return true;
  return now.getTime() - last >= CADENCE_INTERVAL_MS[cadence] - CADENCE_SLACK_MS;
}
