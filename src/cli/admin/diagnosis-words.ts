import type { Account, DiagnosisState, LookupResponse, ScimLink } from '../../contract/proxy';

/**
 * The diagnosis in words for a terminal. The admin page words the same facts in
 * static/shared/diagnosis.ts; the headlines and reasons here follow it so an admin reads the same
 * sentence in both places (that module is bundled with the pages, outside the server build).
 */
export const HEADLINE: Record<DiagnosisState, string> = {
  'locked-by-scim': 'Locked by a SCIM link',
  deactivated: 'Deactivated (no SCIM link)',
  suspended: 'Suspended in a directory',
  active: 'Active — nothing to unlock',
  closed: 'Account closed',
  'not-managed': 'Not managed by this organization',
  'not-found': 'No account found',
};

function directoryName(link: { directoryId: string; directoryName: string | null }): string {
  return link.directoryName ?? link.directoryId;
}

function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export function whyOf(state: DiagnosisState, account: Account | null, links: readonly ScimLink[]): string[] {
  const dirs = [...new Set(links.map(directoryName))];
  switch (state) {
    case 'locked-by-scim':
      return [
        'The account is deactivated.',
        dirs.length === 0
          ? 'It is still linked to a SCIM directory.'
          : `It is still linked to ${dirs.length === 1 ? 'the SCIM directory' : `${dirs.length} SCIM directories:`} ${listNames(dirs)}.`,
        'While a SCIM link exists, Atlassian refuses to reactivate the account, in admin.atlassian.com and through the API.',
      ];
    case 'deactivated':
      return ['The account is deactivated, and no SCIM link holds it, so it can be reactivated directly.'];
    case 'suspended': {
      const suspended = (account?.memberships ?? [])
        .filter((m) => m.membershipStatus === 'suspended')
        .map((m) => m.directoryName ?? m.directoryId);
      return [
        `The account is active, but its access is suspended in ${suspended.length === 0 ? 'a directory' : listNames(suspended)}.`,
      ];
    }
    case 'active':
      return ['The account is active and not suspended in any directory.'];
    case 'closed':
      return ['The account has been closed. A closed account cannot be reactivated.'];
    case 'not-managed':
      return [
        'The account is deactivated, but its email domain is not claimed by this organization.',
        'Reactivation needs a managed account, so it cannot be reactivated here.',
      ];
    case 'not-found':
      return [
        'No account in this organization matches. An email search only finds accounts whose email the organization can see.',
      ];
  }
}

export function linkNote(link: ScimLink): string | null {
  const dir = directoryName(link);
  switch (link.record) {
    case 'known':
      return link.active === true
        ? `In ${dir} the identity provider still has this person as active; the next sync may lock the account again.`
        : null;
    case 'no-key':
      return `The proxy has no SCIM key for ${dir}, so its SCIM record (and the groups it holds) could not be read.`;
    case 'missing':
      return `The link in ${dir} points to a SCIM record that no longer exists.`;
    case 'unreadable':
      return `The SCIM record in ${dir} could not be read just now.`;
  }
}

export function fixOf(lookup: Pick<LookupResponse, 'diagnosis'>): string {
  const d = lookup.diagnosis;
  return d.blockers.length > 0 ? `It cannot be unlocked yet. ${d.recommended}` : d.recommended;
}
