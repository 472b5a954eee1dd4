import type { Blocker, Diagnosis, DiagnosisState, Warning } from '../../../contract/proxy';
import { disallowedDirectories, isProtected, type Policy } from './policy';
import {
  allDirectoriesWarning,
  blocker,
  compact,
  groupLossWarning,
  RECOMMENDATIONS,
  relinkWarning,
  siteAccessWarning,
  unknownRecordWarning,
} from './findings';
import { UM_REASON, type AccountSnapshot, type OrgUser } from './snapshot';

/** The account's situation, in the vocabulary of the contract's `DiagnosisState`. */
export function stateOf(snapshot: AccountSnapshot): DiagnosisState {
  const u = snapshot.user;
  if (u === null) return 'not-found';
  if (u.accountStatus === 'closed') return 'closed';
  if (u.accountStatus === 'inactive') {
    // A link is the lock, whatever else is true; without one, an unclaimed account is out of reach.
    if (snapshot.scimLinks.length > 0) return 'locked-by-scim';
    return u.claimStatus === 'unmanaged' ? 'not-managed' : 'deactivated';
  }
  return snapshot.memberships.some((m) => m.membershipStatus === 'suspended') ? 'suspended' : 'active';
}

export interface EnableCheckOptions {
  /** Unlock removes the links itself, so a link only blocks a plain reactivate. */
  linksWillBeRemoved: boolean;
}

/**
 * Why lifecycle enable would be refused for this inactive account. Built from the Org v2 status and the
 * UM `lifecycle.enablement` privilege; `externalDirectory.scim` is the expected refusal while linked and
 * only blocks when the links stay (or when none is visible, which means a link the proxy cannot see).
 */
export function enableBlockers(
  snapshot: AccountSnapshot,
  user: OrgUser,
  opts: EnableCheckOptions,
): Blocker[] {
  const out: Blocker[] = [];
  const reason = snapshot.enablement?.allowed === false ? snapshot.enablement.reasonKey : null;
  if (user.status === 'for_deletion') out.push(blocker('pending-deletion'));
  if (reason === UM_REASON.exportControl) out.push(blocker('export-control'));
  if (reason === UM_REASON.google) out.push(blocker('google-sync-needs-support'));
  if (user.claimStatus === 'unmanaged') out.push(blocker('not-managed'));
  if (snapshot.scimLinks.length > 0 && !opts.linksWillBeRemoved) out.push(blocker('scim-link-present'));
  if (snapshot.enablement?.allowed === false) {
    const known = reason === UM_REASON.exportControl || reason === UM_REASON.google;
    if (reason === UM_REASON.scim && snapshot.scimLinks.length === 0) {
      out.push(
        blocker(
          'lifecycle-not-allowed',
          'Atlassian reports a SCIM link (externalDirectory.scim) that the link lookup did not return.',
        ),
      );
    } else if (!known && reason !== UM_REASON.scim) {
      out.push(blocker('lifecycle-not-allowed', `Reason: ${reason ?? 'not given'}.`));
    }
  }
  return out;
}

/** Links whose SCIM record says the IdP still considers the user active. */
export function activeInIdp(snapshot: AccountSnapshot): string[] {
  return snapshot.scimLinks
    .filter((l) => l.record.kind === 'known' && l.record.record.active)
    .map((l) => l.directoryId);
}

function directoryBlocker(directoryIds: readonly string[], policy: Policy): Blocker | null {
  const bad = disallowedDirectories(directoryIds, policy);
  return bad.length === 0 ? null : blocker('directory-not-allowed', `Directories: ${bad.join(', ')}.`);
}

/** Every directory the account belongs to: a membership (active or suspended) or a SCIM link. */
export function accountDirectories(snapshot: AccountSnapshot): string[] {
  return [
    ...new Set([
      ...snapshot.memberships.map((m) => m.directoryId),
      ...snapshot.scimLinks.map((l) => l.directoryId),
    ]),
  ];
}

/**
 * Lifecycle enable and disable act on the whole account, in every directory at once, so the allowlist
 * must cover every directory the account belongs to. With an allowlist, an account that belongs to no
 * directory is outside it too: nothing ties it to a directory the operator allowed.
 */
export function accountWideBlocker(snapshot: AccountSnapshot, policy: Policy): Blocker | null {
  if (policy.allowedDirectories === null) return null;
  const dirs = accountDirectories(snapshot);
  if (dirs.length === 0) {
    return blocker(
      'directory-not-allowed',
      'Reactivating or deactivating acts on the whole account, and it belongs to no directory in the list.',
    );
  }
  const bad = disallowedDirectories(dirs, policy);
  return bad.length === 0
    ? null
    : blocker(
        'directory-not-allowed',
        `Reactivating or deactivating acts on the whole account, which also belongs to: ${bad.join(', ')}.`,
      );
}

/** Blockers for a full unlock of an account in `state`; empty when nothing stands in the way. */
export function unlockBlockers(snapshot: AccountSnapshot, policy: Policy): Blocker[] {
  const u = snapshot.user;
  if (u === null) return [blocker('not-found')];
  if (u.accountStatus === 'closed') return [blocker('account-closed')];
  const state = stateOf(snapshot);
  if (state === 'active') return [];

  const out: Blocker[] = [];
  if (isProtected(u, policy)) out.push(blocker('protected-account'));
  const suspendedDirs = snapshot.memberships
    .filter((m) => m.membershipStatus === 'suspended')
    .map((m) => m.directoryId);
  if (u.accountStatus === 'inactive') {
    out.push(...enableBlockers(snapshot, u, { linksWillBeRemoved: true }));
    const active = activeInIdp(snapshot);
    if (active.length > 0) out.push(blocker('scim-active-in-idp', `Directories: ${active.join(', ')}.`));
  }
  // An inactive account is enabled (account-wide); an active one only has memberships restored.
  const dir =
    u.accountStatus === 'inactive'
      ? accountWideBlocker(snapshot, policy)
      : directoryBlocker(suspendedDirs, policy);
  if (dir) out.push(dir);
  return out;
}

/** Warnings for a full unlock: only the removal of links and the reactivation have side effects. */
export function unlockWarnings(snapshot: AccountSnapshot): Warning[] {
  const u = snapshot.user;
  if (u === null || u.accountStatus !== 'inactive') return [];
  const links = snapshot.scimLinks;
  const linkWarnings =
    links.length === 0
      ? []
      : compact([
          groupLossWarning(links),
          unknownRecordWarning(links),
          allDirectoriesWarning(links),
          relinkWarning(),
        ]);
  return [...linkWarnings, siteAccessWarning()];
}

function stateRecommendation(state: DiagnosisState, snapshot: AccountSnapshot): string {
  switch (state) {
    case 'locked-by-scim': {
      const n = new Set(snapshot.scimLinks.map((l) => l.directoryId)).size;
      return `Unlock: remove the SCIM link${n > 1 ? 's' : ''} (${n} director${n > 1 ? 'ies' : 'y'}), then reactivate the account; then fix the user’s assignment in the identity provider.`;
    }
    case 'deactivated':
      return 'Unlock: reactivate the account (no SCIM link holds it).';
    case 'suspended':
      return 'Unlock: restore the account’s access in the directories where it is suspended.';
    case 'active':
      return 'The account is active; there is nothing to unlock.';
    case 'not-managed':
      return RECOMMENDATIONS['not-managed'];
    case 'closed':
      return RECOMMENDATIONS['account-closed'];
    case 'not-found':
      return RECOMMENDATIONS['not-found'];
  }
}

/**
 * The diagnosis shown before anyone acts: what state the account is in, whether the proxy can unlock it,
 * what blocks it, what an unlock would cost, and what a person should do next. Detection is inference
 * (admin-scenarios E7), so the state describes evidence, not a verdict on who deactivated the account.
 */
export function diagnose(snapshot: AccountSnapshot, policy: Policy): Diagnosis {
  const state = stateOf(snapshot);
  const blockers = unlockBlockers(snapshot, policy);
  const actionable = state === 'locked-by-scim' || state === 'deactivated' || state === 'suspended';
  const canUnlock = actionable && blockers.length === 0;
  const first = blockers[0];
  return {
    state,
    canUnlock,
    blockers,
    warnings: canUnlock || actionable ? unlockWarnings(snapshot) : [],
    recommended: first !== undefined ? RECOMMENDATIONS[first.code] : stateRecommendation(state, snapshot),
  };
}
