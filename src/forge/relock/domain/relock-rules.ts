import type { LinkEvidence } from '../../../contract/proxy';
import type { Flag } from '../../../contract/app/records';

/**
 * Pure rules of the re-lock watch: an account unlocked through the app is watched for a number of days;
 * each scan re-checks the watched accounts (a bounded share per run) and, when an identity provider has
 * linked or deactivated one again, its flag reopens marked "re-locked". Storage and proxy calls live in
 * relock-watch.ts.
 */

export type Relock = NonNullable<Flag['relocked']>;

/** One watched account (`relock:watch:<accountId>`). */
export interface WatchEntry {
  accountId: string;
  /** As the unlock answered them, so a flag the watch opens names the person; null when not known. */
  email: string | null;
  name: string | null;
  unlockedAt: string;
  /** The end of the watch window; a re-locked entry outlives it while its flag stays open. */
  until: string;
  /** When a scan last re-checked the account; null until the first re-check. */
  lastCheckedAt: string | null;
  /** What the last re-check found: the re-lock, or null when the IdP left the account alone. */
  relocked: Relock | null;
}

const DAY_MS = 86_400_000;

export function newWatch(who: WatchedAccount, unlockedAt: Date, days: number): WatchEntry {
  return {
    accountId: who.accountId,
    email: who.email,
    name: who.name,
    unlockedAt: unlockedAt.toISOString(),
    until: new Date(unlockedAt.getTime() + days * DAY_MS).toISOString(),
    lastCheckedAt: null,
    relocked: null,
  };
}

/**
 * A watch ends at the end of its window, unless the account stands re-locked with an open flag: then it
 * is kept (and re-checked) until the IdP lets go of the account or an admin acts on the flag, so the
 * flag is closed by evidence rather than by the calendar. Either way the number of entries is bounded
 * by the unlocks of one window plus the open re-locked flags.
 */
export function isExpired(entry: WatchEntry, now: Date, watchOn = true): boolean {
  const pastWindow = Date.parse(entry.until) <= now.getTime();
  // With the watch turned off nothing re-checks a re-locked entry, so it too ends with its window.
  return pastWindow && (entry.relocked === null || !watchOn);
}

/**
 * Which watched accounts this unit re-checks: live entries not yet re-checked in this run, re-locked
 * ones first (their flags stay current only through these re-checks), then the longest unchecked; at
 * most `max` (one verify call) and never more than `perRun` in the whole run.
 */
export function selectRecheck(
  entries: readonly WatchEntry[],
  opts: { now: Date; runStartedAt: string; alreadyChecked: number; perRun: number; max: number },
): string[] {
  const room = Math.min(opts.max, opts.perRun - opts.alreadyChecked);
  if (room <= 0) return [];
  return entries
    .filter((e) => !isExpired(e, opts.now))
    .filter((e) => e.lastCheckedAt === null || e.lastCheckedAt < opts.runStartedAt)
    .sort(
      (a, b) =>
        Number(b.relocked !== null) - Number(a.relocked !== null) ||
        (a.lastCheckedAt ?? '').localeCompare(b.lastCheckedAt ?? '') ||
        a.accountId.localeCompare(b.accountId),
    )
    .slice(0, room)
    .map((e) => e.accountId);
}

/**
 * Whether the IdP acts on the account again, from its SCIM links and records as the proxy read them: an
 * inactive record behind a link is a deactivation again (it names that directory); any other link means
 * the IdP has linked (re-provisioned) the account again. No link: left alone.
 */
export function relockOf(links: readonly LinkEvidence[], now: Date): Relock | null {
  const inactive = links.find((l) => l.active === false);
  const link = inactive ?? links[0];
  if (link === undefined) return null;
  return {
    at: now.toISOString(),
    directoryId: link.directoryId,
    directoryName: link.directoryName,
    state: inactive === undefined ? 'linked' : 'deactivated',
  };
}

/** The re-lock in plain words: what the IdP did and what to fix there. */
export function relockWords(relock: Relock): { reason: string; fix: string } {
  const dir = relock.directoryName ?? `directory ${relock.directoryId}`;
  const did =
    relock.state === 'deactivated'
      ? `${dir} deactivated this account again after it was unlocked here`
      : `${dir} linked this account again after it was unlocked here (the IdP still has the user assigned and re-provisioned them)`;
  return {
    reason: `Re-locked by the IdP: ${did}.`,
    fix:
      `Fix it in the identity provider behind ${dir}: either remove the user from the Atlassian app ` +
      'assignment there (then unlock the account here again), or keep the user managed by the IdP and ' +
      'reactivate them there (then dismiss this flag).',
  };
}

export interface ReopenResult {
  /** The flag to store; null when nothing changes (a dismissed flag: the admin accepted the IdP's hold). */
  flag: Flag | null;
  /** True when this re-check turned the flag into a re-locked one: comment, audit and count it once. */
  newlyRelocked: boolean;
}

export interface WatchedAccount {
  accountId: string;
  email: string | null;
  name: string | null;
}

/**
 * A re-check found the account re-locked. A closed flag (resolved by the unlock, or cleared) reopens in
 * its own episode, so the Jira issue it already has is the one told; an open flag is marked; an account
 * without a flag gets one; a dismissed flag is left as the admin chose.
 */
export function reopenAsRelocked(
  existing: Flag | undefined,
  who: WatchedAccount,
  relock: Relock,
  evidence: readonly LinkEvidence[],
  now: Date,
): ReopenResult {
  const at = now.toISOString();
  if (existing?.status === 'dismissed') return { flag: null, newlyRelocked: false };
  const words = relockWords(relock);
  const seen = {
    // The flag's "why" carries the fix too: it is what the admin page and the issue show.
    reason: `${words.reason} ${words.fix}`,
    confidence: relock.state === 'deactivated' ? ('high' as const) : ('medium' as const),
    evidence: { links: evidence.slice(0, 20), verifiedAt: at },
  };
  if (existing === undefined) {
    return {
      newlyRelocked: true,
      flag: {
        accountId: who.accountId,
        email: who.email,
        name: who.name,
        ...seen,
        status: 'open',
        episode: String(now.getTime()),
        firstDetectedAt: at,
        lastSeenAt: at,
        clearedAt: null,
        dismissed: null,
        issue: null,
        post: { attempts: 0, lastAttemptAt: null, lastError: null },
        relocked: relock,
      },
    };
  }
  const before = existing.status === 'open' ? existing.relocked : undefined;
  // The first sighting of this re-lock keeps its time; a change of state (linked → deactivated) is news.
  const next: Relock =
    before !== undefined && before.state === relock.state && before.directoryId === relock.directoryId
      ? before
      : relock;
  const lastSeenAt = existing.lastSeenAt > at ? existing.lastSeenAt : at;
  return {
    newlyRelocked: next !== before,
    flag: { ...existing, ...seen, status: 'open', clearedAt: null, lastSeenAt, relocked: next },
  };
}

/** The IdP let go of a re-locked account (no link any more): its open re-locked flag is cleared. */
export function clearReleased(flag: Flag | undefined, now: Date): Flag | null {
  if (flag === undefined || flag.status !== 'open' || flag.relocked === undefined) return null;
  return { ...flag, status: 'cleared', clearedAt: now.toISOString() };
}

/**
 * The entry after a re-check. It records the re-lock only while the flag stands open for it: a flag
 * the admin dismissed (or closed otherwise) releases the entry, which then ends with its window.
 */
export function afterRecheck(
  entry: WatchEntry,
  relock: Relock | null,
  flagOpen: boolean,
  now: Date,
): WatchEntry {
  return {
    ...entry,
    lastCheckedAt: now.toISOString(),
    relocked: relock !== null && flagOpen ? relock : null,
  };
}
