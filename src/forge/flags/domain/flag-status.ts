import type { Confidence } from '../../../contract/proxy';
import type { Flag } from '../../../contract/app/records';

/**
 * Pure rules for flags: what a scan sighting does to a stored flag, when an unseen flag is cleared, and
 * when a flag still needs its Jira issue. Storage and Jira calls live in flags.ts and scan.ts.
 */

export interface UpsertResult {
  flag: Flag;
  /** True when this sighting opened a new episode (a brand-new flag or one seen again after closing). */
  opened: boolean;
}

const CLOSED = new Set<Flag['status']>(['cleared', 'resolved']);

export function episodeOf(at: Date): string {
  return String(at.getTime());
}

/** What a scan saw of a flagged account: the full scan's item, or a candidate with its verified evidence. */
export interface Sighting {
  account: { accountId: string; email: string | null; name: string | null };
  reason: string;
  confidence: Confidence;
  evidence?: Flag['evidence'];
}

export function upsertFlag(existing: Flag | undefined, item: Sighting, now: Date): UpsertResult {
  const at = now.toISOString();
  const seen = {
    email: item.account.email,
    name: item.account.name,
    reason: item.reason,
    confidence: item.confidence,
    lastSeenAt: at,
    evidence: item.evidence ?? existing?.evidence ?? null,
  };
  if (existing === undefined || CLOSED.has(existing.status)) {
    return {
      opened: true,
      flag: {
        accountId: item.account.accountId,
        ...seen,
        status: 'open',
        episode: episodeOf(now),
        firstDetectedAt: at,
        clearedAt: null,
        dismissed: null,
        issue: null,
        post: { attempts: 0, lastAttemptAt: null, lastError: null },
      },
    };
  }
  // A sighting older than what is stored (an overlapping run that read the proxy earlier) must not move
  // lastSeenAt backwards, or a later clear could close a flag that is still current.
  const lastSeenAt = existing.lastSeenAt > at ? existing.lastSeenAt : at;
  return { opened: false, flag: { ...existing, ...seen, lastSeenAt } };
}

/** A completed scan that started at `runStartedAt` and did not see the flag means it no longer matches. */
export function clearIfUnseen(flag: Flag, runStartedAt: string, now: Date): Flag | null {
  if (flag.status !== 'open' && flag.status !== 'dismissed') return null;
  // A re-locked flag may stand for an active account the candidates never list: the re-lock watch
  // (src/forge/relock/) closes it on its own evidence.
  if (flag.relocked !== undefined) return null;
  if (flag.lastSeenAt >= runStartedAt) return null;
  return { ...flag, status: 'cleared', clearedAt: now.toISOString() };
}

export function needsPost(flag: Flag): boolean {
  return flag.status === 'open' && flag.issue === null;
}

export function recordPostFailure(flag: Flag, message: string, now: Date): Flag {
  return {
    ...flag,
    post: { attempts: flag.post.attempts + 1, lastAttemptAt: now.toISOString(), lastError: message },
  };
}

export function recordPosted(flag: Flag, issue: Flag['issue'], now: Date, attempted: boolean): Flag {
  return {
    ...flag,
    issue,
    post: {
      attempts: flag.post.attempts + (attempted ? 1 : 0),
      lastAttemptAt: attempted ? now.toISOString() : flag.post.lastAttemptAt,
      lastError: null,
    },
  };
}
