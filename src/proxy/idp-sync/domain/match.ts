import type { IdpUser } from '../../../keycloak';
import type { IdpState } from '../../../contract/proxy';
import type { OrgUser } from '../../accounts/domain/snapshot';
import { isProtected, type Policy } from '../../accounts/domain/policy';
import type { IdpDeactivationRecord } from '../state-file';

/**
 * The match step of the IdP sync: realm users against Atlassian accounts, by email. Who is a leaver,
 * who may be reactivated, and who is decided without reading further. Works on data already read.
 */

export interface Candidate {
  user: OrgUser;
  idpState: IdpState;
  /**
   * The Keycloak user behind the state: the disabled user of a leaver, the returning user of a
   * reactivation; null for an account missing from the realm (no user) or when several users hold
   * the email (none can be named).
   */
  idpUserId: string | null;
}

export interface Prejudged {
  candidate: Candidate;
  code: 'protected' | 'already-inactive' | 'email-unverified' | 'identity-unproven' | 'nothing-to-do';
  reason: string;
}

export interface Candidates {
  /** Leavers whose action needs the account's full state (memberships, SCIM links). */
  leavers: Candidate[];
  /** Accounts this feature deactivated whose very Keycloak user is enabled again (reactivation on only). */
  returners: Candidate[];
  /**
   * Decided without further reads: protected or already inactive leavers, users whose email is not
   * verified, and reactivations whose returning user is not proven to be the one the sync acted on.
   */
  prejudged: Prejudged[];
  /** Realm users with no email or no Atlassian account. */
  unmatchedIdpUsers: number;
  /** Atlassian accounts found for the realm's emails. */
  matchedAccounts: number;
}

export interface CandidateInput {
  idpUsers: readonly IdpUser[];
  /** Accounts found by searching the realm's emails. */
  matched: readonly OrgUser[];
  /** Every active account the org manages (claimed domains), for users absent from the realm. */
  managedActive: readonly OrgUser[];
  policy: Policy;
  /** What this feature deactivated before (the state file), keyed by account id. */
  records: ReadonlyMap<string, IdpDeactivationRecord>;
  reactivate: boolean;
}

const lower = (s: string | null) => (s === null ? null : s.trim().toLowerCase());

const byEmail = (a: { user: OrgUser }, b: { user: OrgUser }) =>
  (a.user.email ?? '').localeCompare(b.user.email ?? '') || a.user.accountId.localeCompare(b.user.accountId);

export const UNVERIFIED_REASON =
  'The Keycloak user’s email is not verified, so it may not belong to this person; an unverified email never changes an Atlassian account.';

/**
 * Whether the returning user may undo what the sync did: only the Keycloak user the account was
 * deactivated for, enabled, with a verified email. An email alone proves nothing — it can pass to
 * someone else (self-registration, a user allowed to edit their email, an admin mistake).
 */
function judgeReturner(
  user: OrgUser,
  holders: readonly IdpUser[],
  record: IdpDeactivationRecord,
): Candidate | Prejudged {
  const candidate: Candidate = { user, idpState: 'enabled', idpUserId: null };
  const unproven = (reason: string): Prejudged => ({ candidate, code: 'identity-unproven', reason });
  // Someone already reactivated it: nothing is left to undo, whoever holds the email now.
  if (record.action === 'deactivate' && user.accountStatus === 'active') {
    return {
      candidate,
      code: 'nothing-to-do',
      reason: 'The account is already active; the record of what the sync did has served.',
    };
  }
  if (record.keycloakUserId === null) {
    return unproven(
      'The record names no Keycloak user (the account was deactivated because no single realm user held its email, or by a version that did not keep user ids), so the returning user cannot be proven to be the same person. Reactivate it by hand if it is.',
    );
  }
  const same = holders.find((u) => u.id === record.keycloakUserId);
  if (same === undefined) {
    return unproven(
      `The email now belongs to a different Keycloak user than the one (${record.keycloakUserId}) the sync deactivated the account for; it is not reactivated.`,
    );
  }
  if (!same.enabled) {
    return unproven(
      `The Keycloak user the sync deactivated the account for (${same.id}) is still disabled; another user with the same email is enabled.`,
    );
  }
  if (!same.emailVerified) return { candidate, code: 'email-unverified', reason: UNVERIFIED_REASON };
  return { ...candidate, idpUserId: same.id };
}

/**
 * A leaver is an account whose email is disabled in the realm (whatever its domain: an unmanaged
 * account can still be suspended), or a managed account — one on a claimed domain — whose email is
 * absent from the realm. External accounts are never expected in the IdP, so their absence means
 * nothing. Matching is by email, case-insensitively; an email counts as disabled only when every
 * realm user holding it is disabled, and then only when each of them has it verified. A realm user
 * with an unverified email still counts as present (the account is not "missing"), but never drives
 * a change.
 */
export function findCandidates(input: CandidateInput): Candidates {
  const realm = new Map<string, IdpUser[]>();
  let noEmail = 0;
  for (const u of input.idpUsers) {
    if (u.email === null) {
      noEmail += 1;
      continue;
    }
    realm.set(u.email, [...(realm.get(u.email) ?? []), u]);
  }

  const seen = new Set<string>();
  const leavers: Array<Candidate & { verified: boolean }> = [];
  const returners: Candidate[] = [];
  const returnerSkips: Prejudged[] = [];
  const matchedEmails = new Set<string>();
  let matchedAccounts = 0;

  for (const user of input.matched) {
    const email = lower(user.email);
    const holders = email === null ? undefined : realm.get(email);
    if (email === null || holders === undefined || seen.has(user.accountId)) continue;
    seen.add(user.accountId);
    matchedEmails.add(email);
    matchedAccounts += 1;
    if (holders.every((u) => !u.enabled)) {
      leavers.push({
        user,
        idpState: 'disabled',
        idpUserId: holders.length === 1 ? (holders[0]?.id ?? null) : null,
        verified: holders.every((u) => u.emailVerified),
      });
      continue;
    }
    const record = input.reactivate ? input.records.get(user.accountId) : undefined;
    if (record === undefined || isProtected(user, input.policy)) continue;
    const judged = judgeReturner(user, holders, record);
    if ('code' in judged) returnerSkips.push(judged);
    else returners.push(judged);
  }
  for (const user of input.managedActive) {
    const email = lower(user.email);
    if (email === null || seen.has(user.accountId) || realm.has(email)) continue;
    seen.add(user.accountId);
    leavers.push({ user, idpState: 'missing', idpUserId: null, verified: true });
  }

  const prejudged: Prejudged[] = [];
  const toCheck: Candidate[] = [];
  for (const { verified, ...c } of leavers.sort(byEmail)) {
    if (isProtected(c.user, input.policy)) {
      prejudged.push({
        candidate: c,
        code: 'protected',
        reason: 'Protected account: the proxy never changes it.',
      });
    } else if (!verified) {
      prejudged.push({
        candidate: c,
        code: 'email-unverified',
        reason: `Disabled in Keycloak. ${UNVERIFIED_REASON}`,
      });
    } else if (c.user.accountStatus !== 'active') {
      prejudged.push({
        candidate: c,
        code: 'already-inactive',
        reason: `The account is already ${c.user.accountStatus === 'closed' ? 'closed' : 'deactivated'}.`,
      });
    } else {
      toCheck.push(c);
    }
  }
  const unmatchedIdpUsers = noEmail + [...realm.keys()].filter((e) => !matchedEmails.has(e)).length;
  return {
    leavers: toCheck,
    returners: returners.sort(byEmail),
    prejudged: [...prejudged, ...returnerSkips.sort((a, b) => byEmail(a.candidate, b.candidate))],
    unmatchedIdpUsers,
    matchedAccounts,
  };
}
