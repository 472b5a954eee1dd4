import type { CallRecord, CallsResponse, SimApi } from './schemas';

/** Most recent calls kept in memory; counters keep counting beyond it (benchmarks send many). */
const MAX_KEPT_CALLS = 20_000;

export class CallLog {
  private calls: CallRecord[] = [];
  private counters = new Map<SimApi, number>();
  private seq = 0;

  record(entry: Omit<CallRecord, 'seq'>): void {
    this.seq += 1;
    this.calls.push({ seq: this.seq, ...entry });
    if (this.calls.length > MAX_KEPT_CALLS) this.calls.splice(0, this.calls.length - MAX_KEPT_CALLS);
    this.counters.set(entry.api, (this.counters.get(entry.api) ?? 0) + 1);
  }

  clear(): void {
    this.calls = [];
    this.counters = new Map();
    this.seq = 0;
  }

  snapshot(): CallsResponse {
    const counters: Record<string, number> = {};
    for (const api of [...this.counters.keys()].sort()) counters[api] = this.counters.get(api) ?? 0;
    return { calls: this.calls.map((c) => ({ ...c })), counters };
  }
}
