import type { Account, Diagnosis, DiagnosisState, ScimLink } from './index';

/**
 * The diagnosis in plain words: what state the account is in, why it is locked, and what will fix it.
 * The proxy decides the facts (state, blockers, warnings, recommendation); this only words them. One
 * module for the admin page (static/shared/diagnosis.ts) and the command line (src/cli/admin/render.ts),
 * so an admin reads the same sentence in both.
 */

export type DiagnosisTone = 'success' | 'warning' | 'error' | 'information';

export interface DiagnosisWords {
  headline: string;
  tone: DiagnosisTone;
  /** Why the account is in this state, one sentence per fact. */
  why: string[];
  /** What will fix it (or why nothing here can). */
  fix: string;
  /** What stands in the way of an unlock, in the proxy's words. */
  blockers: string[];
  /** Side effects to weigh before acting. */
  warnings: string[];
  /** Per-link notes where the SCIM record could not be read. */
  linkNotes: string[];
}

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

function toneOf(d: Diagnosis): DiagnosisTone {
  if (d.state === 'active') return 'success';
  if (d.state === 'not-found') return 'information';
  if (d.canUnlock) return 'warning';
  return 'error';
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

export function explainDiagnosis(input: {
  account: Account | null;
  scimLinks: readonly ScimLink[];
  diagnosis: Diagnosis;
}): DiagnosisWords {
  const d = input.diagnosis;
  return {
    headline: HEADLINE[d.state],
    tone: toneOf(d),
    why: whyOf(d.state, input.account, input.scimLinks),
    fix: fixOf(d),
    blockers: d.blockers.map((b) => b.message),
    warnings: d.warnings.map((w) =>
      w.groups !== undefined && w.groups.length > 0
        ? `${w.message} Groups: ${w.groups.map((g) => g.displayName ?? g.id).join(', ')}.`
        : w.message,
    ),
    linkNotes: input.scimLinks.map(linkNote).filter((n): n is string => n !== null),
  };
}

/** What will fix it, or why nothing can yet. */
export function fixOf(d: Pick<Diagnosis, 'blockers' | 'recommended'>): string {
  return d.blockers.length > 0 ? `It cannot be unlocked yet. ${d.recommended}` : d.recommended;
}
