import type { Confidence, LinkEvidence } from '../../../contract/proxy';
import type { Flag, KnownCandidate } from '../../../contract/app/records';

/**
 * Pure rules of the incremental scan: which candidates need their SCIM evidence read, what a verdict
 * means for the flag, and when a link-only re-check is enough.
 */

export type LinkRef = KnownCandidate['links'][number];

/** High and medium confidence are flagged; low (an active SCIM record) and none are not. */
export function isFlagged(confidence: Confidence | null): confidence is 'high' | 'medium' {
  return confidence === 'high' || confidence === 'medium';
}

const OPEN = new Set<Flag['status']>(['open', 'dismissed']);

/**
 * A candidate on this run's pages needs its links and records read when the scan has never verified it,
 * or when its last verification flagged it but no live flag stands for it any more (resolved by an
 * unlock, or cleared, while the account stayed deactivated): a new sighting opens a new episode and needs
 * the evidence to post it.
 */
export function needsVerification(known: KnownCandidate | undefined, flag: Flag | undefined): boolean {
  if (known === undefined) return true;
  if (!known.flagged) return false;
  return flag === undefined || !OPEN.has(flag.status);
}

export function linkRefs(links: readonly LinkEvidence[]): LinkRef[] {
  return links.map((l) => ({ directoryId: l.directoryId, scimUserId: l.scimUserId }));
}

/** Same links, in any order: the records read before still describe the account. */
export function sameLinks(a: readonly LinkRef[], b: readonly LinkRef[]): boolean {
  const key = (l: LinkRef) => `${l.directoryId}\u0000${l.scimUserId}`;
  const left = new Set(a.map(key));
  const right = new Set(b.map(key));
  return left.size === right.size && [...left].every((k) => right.has(k));
}

/**
 * A link-only re-check is enough for a flagged account whose links are unchanged: SCIM flipping the
 * record back to active reactivates the account, which then leaves the candidates and is cleared. An
 * account not flagged (its record was active) is re-read in full, since the IdP deactivating the record
 * is what would flag it.
 */
export function recheckMode(known: Pick<KnownCandidate, 'flagged'>): 'links' | 'records' {
  return known.flagged ? 'links' : 'records';
}

/** A known account the run did not see among the candidates has left them (reactivated, deleted…). */
export function leftCandidates(known: KnownCandidate, runStartedAt: string): boolean {
  return known.lastSeenAt < runStartedAt;
}

/** A verification that no longer flags the account closes its live flag at once. */
export function clearOnVerdict(flag: Flag, now: Date): Flag | null {
  if (!OPEN.has(flag.status)) return null;
  return { ...flag, status: 'cleared', clearedAt: now.toISOString() };
}

/** Seen among the candidates and still flagged by its last verification: the flag stays current. */
export function markSeen(flag: Flag, now: Date): Flag | null {
  if (!OPEN.has(flag.status)) return null;
  const at = now.toISOString();
  return flag.lastSeenAt >= at ? null : { ...flag, lastSeenAt: at };
}
