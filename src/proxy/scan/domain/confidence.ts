import type { Confidence } from '../../../contract/proxy';
import type { LinkSnapshot, OrgUser } from '../../accounts/domain/snapshot';

export interface ScanCandidate {
  user: OrgUser;
  scimLinks: readonly LinkSnapshot[];
}

export interface ScanVerdict {
  /** Null: not a sync deactivation worth flagging. */
  confidence: Confidence | null;
  reason: string;
}

/**
 * How likely it is that SCIM deactivated this account. Nothing upstream says so directly (admin-scenarios
 * E7: the admin UI even labels such deactivations "deactivated by Atlassian"), so the verdict weighs the
 * evidence: an inactive SCIM record behind a link is the IdP's own word; a link alone is suggestive; an
 * IdP record that is still active points at a manual deactivation instead.
 */
export function scanClassify(candidate: ScanCandidate): ScanVerdict {
  const { user, scimLinks } = candidate;
  if (user.accountStatus !== 'inactive') {
    return { confidence: null, reason: `The account is ${user.accountStatus}, not deactivated.` };
  }
  if (scimLinks.length > 0) return linkVerdict(scimLinks);
  if (user.managementSource === 'synced') {
    return {
      confidence: 'low',
      reason:
        'Deactivated and provisioned from an identity provider, but no SCIM link remains (it may have been removed since).',
    };
  }
  return { confidence: null, reason: 'Deactivated without any sign of SCIM involvement.' };
}

/**
 * The verdict for an account already known to be deactivated (the incremental scan's candidates come
 * from a search for inactive accounts), judged from its SCIM links and records alone.
 */
export function linkVerdict(scimLinks: readonly LinkSnapshot[]): ScanVerdict {
  const inactiveRecords = scimLinks.filter((l) => l.record.kind === 'known' && !l.record.record.active);
  if (inactiveRecords.length > 0) {
    return {
      confidence: 'high',
      reason: `Deactivated, and the identity provider marks the SCIM record inactive in ${dirList(inactiveRecords)}.`,
    };
  }
  const unknown = scimLinks.filter((l) => l.record.kind !== 'known');
  if (unknown.length > 0) {
    return {
      confidence: 'medium',
      reason: `Deactivated and SCIM-linked in ${dirList(unknown)}; the SCIM record could not be read to confirm.`,
    };
  }
  if (scimLinks.length > 0) {
    return {
      confidence: 'low',
      reason: `Deactivated although the identity provider marks the SCIM record active in ${dirList(scimLinks)}; probably a manual deactivation.`,
    };
  }
  return { confidence: null, reason: 'Deactivated without any SCIM link.' };
}

function dirList(links: readonly LinkSnapshot[]): string {
  const dirs = [...new Set(links.map((l) => l.directoryName ?? l.directoryId))];
  return dirs.length === 1 ? `directory ${dirs[0]}` : `directories ${dirs.join(', ')}`;
}
