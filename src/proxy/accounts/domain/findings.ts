import type { Blocker, BlockerCode, ScimGroupRef, Warning } from '../../../contract/proxy';
import type { LinkSnapshot } from './snapshot';

/**
 * The words the proxy uses for each blocker and warning, in one place so the diagnosis, the plans and the
 * UI agree. Messages say what is true; `RECOMMENDATIONS` say what a person can do about it.
 */
export function blocker(code: BlockerCode, detail?: string): Blocker {
  return {
    code,
    message: detail === undefined ? BLOCKER_MESSAGES[code] : `${BLOCKER_MESSAGES[code]} ${detail}`,
  };
}

const BLOCKER_MESSAGES: Record<BlockerCode, string> = {
  'not-found': 'No account with that email or account id was found in the organisation.',
  'account-closed': 'The account is closed; a closed account cannot be reactivated.',
  'protected-account': 'The account is on the proxy’s protected list, so the proxy never changes it.',
  'export-control': 'Atlassian blocks this account under US export control; the API cannot lift the block.',
  'pending-deletion':
    'The account is pending deletion (14-day grace period); it cannot be reactivated until the deletion is cancelled.',
  'not-managed':
    'The account’s email domain is not claimed by this organisation, so its lifecycle cannot be managed here.',
  'directory-not-allowed': 'The action would touch a directory outside ALLOWED_DIRECTORIES.',
  'google-sync-needs-support':
    'Google Workspace sync manages this account; Atlassian refuses API reactivation until Support unlinks it.',
  'scim-active-in-idp':
    'The identity provider still reports the user as active, so SCIM did not cause this deactivation and unlinking would only cut the sync.',
  'scim-link-present':
    'The account is still linked to a SCIM record; Atlassian refuses reactivation while the link exists.',
  'managed-by-scim':
    'The identity provider manages this account over SCIM; Atlassian refuses lifecycle changes while the link exists.',
  'lifecycle-not-allowed': 'Atlassian does not allow changing this account’s lifecycle.',
};

export const RECOMMENDATIONS: Record<BlockerCode, string> = {
  'not-found': 'Check the email address or account id and look the account up again.',
  'account-closed': 'Nothing can be done here; the person needs a new account.',
  'protected-account': 'Change this account by hand in admin.atlassian.com if that is really intended.',
  'export-control': 'Contact Atlassian Support; only they can review an export-control block.',
  'pending-deletion':
    'Cancel the deletion in admin.atlassian.com within the grace period, then unlock again.',
  'not-managed': 'Claim the account’s domain, or ask the account owner’s organisation to act.',
  'directory-not-allowed': 'Ask the proxy operator to allow the directory, or act in admin.atlassian.com.',
  'google-sync-needs-support':
    'Open an Atlassian Support request to unlink the account from Google Workspace sync (AX-186).',
  'scim-active-in-idp':
    'Reactivate the user from the identity provider (push the user again) instead of unlinking.',
  'scim-link-present': 'Remove the SCIM link first (unlink), or run the full unlock.',
  'managed-by-scim': 'Deactivate the user in the identity provider, or unlink the account first.',
  'lifecycle-not-allowed':
    'Check the account in admin.atlassian.com; the reason Atlassian gives is in the blocker.',
};

export function groupLossWarning(links: readonly LinkSnapshot[]): Warning | null {
  const groups: ScimGroupRef[] = [];
  const directoryIds: string[] = [];
  for (const l of links) {
    if (l.record.kind !== 'known' || l.record.record.groups.length === 0) continue;
    directoryIds.push(l.directoryId);
    groups.push(...l.record.record.groups.map((g) => ({ ...g })));
  }
  if (groups.length === 0) return null;
  return {
    code: 'group-loss',
    message: `Removing the link drops the synced group memberships (${groups.length}); they come back only when the identity provider pushes them again.`,
    groups,
    directoryIds,
  };
}

export function unknownRecordWarning(links: readonly LinkSnapshot[]): Warning | null {
  const unknown = links.filter((l) => l.record.kind !== 'known');
  if (unknown.length === 0) return null;
  return {
    code: 'scim-record-unknown',
    message:
      'The SCIM record could not be read for some directories (no SCIM key configured, record missing or unreadable), so its state and groups are unknown.',
    directoryIds: unknown.map((l) => l.directoryId),
  };
}

export function relinkWarning(): Warning {
  return {
    code: 'relink-risk',
    message:
      'Unless the user’s assignment is fixed in the identity provider (unassign and reassign), the next sync may link or deactivate the account again.',
  };
}

export function allDirectoriesWarning(links: readonly LinkSnapshot[]): Warning | null {
  const dirs = [...new Set(links.map((l) => l.directoryId))];
  if (dirs.length < 2) return null;
  return {
    code: 'all-directories',
    message: `The account is linked in ${dirs.length} directories; method "delete" removes the SCIM records in all of them.`,
    directoryIds: dirs,
  };
}

export function siteAccessWarning(): Warning {
  return {
    code: 'check-site-access',
    message:
      'Reactivation does not restore product or site access that was removed separately; check it afterwards.',
  };
}

export function compact<T>(items: readonly (T | null)[]): T[] {
  return items.filter((i): i is T => i !== null);
}
