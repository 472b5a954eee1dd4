/** Milliseconds since the epoch; injectable so TTLs, schedules and queue delays are deterministic in tests. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
