import { VERIFY_MAX_ACCOUNTS } from '../../contract/proxy';
import { mapConcurrent } from '../../lib/map-concurrent';
import { audit } from '../audit/audit-log';
import { flags } from '../flags/flags';
import { ForgeAppError } from '../platform/errors';
import { proxyClient } from '../platform/proxy-client';
import { commentQuietly } from '../requests/comments';
import { getSettings } from '../settings/settings';
import {
  afterRecheck,
  clearReleased,
  isExpired,
  newWatch,
  relockOf,
  relockWords,
  reopenAsRelocked,
  selectRecheck,
  type WatchedAccount,
} from './domain/relock-rules';
import { watchStore } from './watch-store';

/**
 * The re-lock watch. An unlock through the app (Look up, an approved request, "Unlock now", and — once
 * the lead wires it — a finished batch) calls `relockWatch.watch`; for `relockWatchDays` after it, the
 * scan's `relock` phase (src/forge/scan/scan.ts) calls `recheckUnit` until it answers null. Each unit
 * re-checks up to one verify call's worth of watched accounts (50) with ONE `/v1/scan/verify` call to
 * the proxy (its `records` read: one link read per account, one SCIM read per link), and at most
 * RELOCK_RECHECKS_PER_RUN accounts are re-checked per run; the scan's invocation budget decides how
 * many units fit in one invocation. The rules are in domain/relock-rules.ts.
 */

/** Re-checks per scan run: ten verify calls. Beyond it, the longest unchecked wait for the next run. */
export const RELOCK_RECHECKS_PER_RUN = 500;
/** Storage reads and writes in flight at once while a unit applies its answers. */
const STORAGE_CONCURRENCY = 10;

export interface RecheckTotals {
  checked: number;
  relocked: number;
}

function describeAccount(w: WatchedAccount): string {
  return w.name ?? w.email ?? w.accountId;
}

export const relockWatch = {
  /**
   * Starts (or restarts) the watch of accounts the app has just unlocked; a no-op while the setting is 0.
   * Takes account ids, or the accounts with their email and name when the caller has them.
   */
  async watch(
    accounts: ReadonlyArray<string | WatchedAccount>,
    unlockedAt: Date = new Date(),
  ): Promise<number> {
    const { relockWatchDays } = await getSettings();
    if (relockWatchDays === 0 || accounts.length === 0) return 0;
    const who = accounts.map((a) => (typeof a === 'string' ? { accountId: a, email: null, name: null } : a));
    await mapConcurrent(who, STORAGE_CONCURRENCY, (w) =>
      watchStore.save(newWatch(w, unlockedAt, relockWatchDays)),
    );
    return who.length;
  },

  /** Watched accounts whose last re-check found them re-locked, with their flag open. */
  async countRelocked(): Promise<number> {
    return (await watchStore.all()).filter((e) => e.relocked !== null).length;
  },

  /**
   * One unit of the scan's `relock` phase. Drops expired entries, then re-checks the next share of the
   * watched accounts. Null when nothing is left to re-check in this run (or the watch is off).
   */
  async recheckUnit(opts: { runStartedAt: string; alreadyChecked: number }): Promise<RecheckTotals | null> {
    const now = new Date();
    const { relockWatchDays } = await getSettings();
    const watchOn = relockWatchDays > 0;
    const entries = await watchStore.all();
    const expired = entries.filter((e) => isExpired(e, now, watchOn));
    await mapConcurrent(expired, STORAGE_CONCURRENCY, (e) => watchStore.delete(e.accountId));
    if (!watchOn) return null;
    const picked = selectRecheck(entries, {
      now,
      runStartedAt: opts.runStartedAt,
      alreadyChecked: opts.alreadyChecked,
      perRun: RELOCK_RECHECKS_PER_RUN,
      max: VERIFY_MAX_ACCOUNTS,
    });
    if (picked.length === 0) return null;
    const answer = await proxyClient.scanVerify({ body: { accountIds: picked, read: 'records' } });
    const byId = new Map(answer.accounts.map((v) => [v.accountId, v]));
    const entryById = new Map(entries.map((e) => [e.accountId, e]));
    const totals: RecheckTotals = { checked: picked.length, relocked: 0 };
    // One account at a time: each step is a few storage writes, and the Jira comment is rare.
    for (const id of picked) {
      const entry = entryById.get(id);
      const verified = byId.get(id);
      if (entry === undefined) continue;
      if (verified === undefined) {
        throw new ForgeAppError('upstream-error', 'The proxy left a watched account unverified.');
      }
      const relock = relockOf(verified.links, now);
      const flag = await flags.get(id);
      let flagOpen = false;
      if (relock !== null) {
        const result = reopenAsRelocked(flag, entry, relock, verified.links, now);
        if (result.flag !== null) await flags.save(result.flag);
        flagOpen = result.flag?.status === 'open';
        if (result.newlyRelocked && result.flag !== null) {
          totals.relocked++;
          const words = relockWords(relock);
          await audit.recordQuietly({
            actor: 'app',
            action: 'flag-relocked',
            outcome: 'success',
            accountId: id,
            summary: `${describeAccount(entry)}: ${words.reason} ${words.fix}`,
            issueKey: result.flag.issue?.key ?? null,
          });
          if (result.flag.issue !== null) {
            await commentQuietly(result.flag.issue.key, null, words.reason, [words.fix]);
          }
        }
      } else {
        const cleared = clearReleased(flag, now);
        if (cleared !== null) await flags.save(cleared);
      }
      await watchStore.save(afterRecheck(entry, relock, flagOpen, now));
    }
    return totals;
  },
};
