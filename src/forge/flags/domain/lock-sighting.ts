import { DIRECTORY_ID_PATTERN } from '../../../contract/proxy';
import type { Flag } from '../../../contract/app/records';
import type { Incident, LockSighting } from './incidents';

/**
 * What a stored flag says about its lock, for grouping into incidents: the directory whose SCIM record
 * deactivated the account and when that directory changed the record, read from the evidence the scan
 * kept (Flag.evidence). Pure.
 */

/**
 * The directory is the one whose record says `active: false` (the IdP deactivated the account); of two
 * such (an account synced from two IdPs), the later change, since that one locked it last. A flag whose
 * links show no deactivation still names its one linked directory, with no IdP time (the detection time
 * stands in). Flags without evidence (stored before the incremental scan) name no directory and are
 * never grouped.
 */
export function sightingOf(flag: Flag): LockSighting {
  const links = flag.evidence?.links ?? [];
  const deactivated = links
    .filter((l) => l.active === false)
    .sort((a, b) => timeOrZero(b.lastModified) - timeOrZero(a.lastModified));
  const pick = deactivated[0] ?? (links.length === 1 ? links[0] : undefined);
  const usable = pick !== undefined && DIRECTORY_ID_PATTERN.test(pick.directoryId);
  const changedAt =
    usable &&
    pick.active === false &&
    pick.lastModified !== null &&
    !Number.isNaN(Date.parse(pick.lastModified))
      ? new Date(Date.parse(pick.lastModified)).toISOString()
      : null;
  return {
    accountId: flag.accountId,
    directoryId: usable ? pick.directoryId : null,
    directoryName: usable ? pick.directoryName : null,
    changedAt,
    detectedAt: flag.firstDetectedAt,
  };
}

function timeOrZero(iso: string | null): number {
  const ms = iso === null ? Number.NaN : Date.parse(iso);
  return Number.isNaN(ms) ? 0 : ms;
}

/** The storage key part and JQL value of an incident: `<directoryId>:<epoch ms of its first change>`. */
export function incidentKeyOf(incident: Pick<Incident, 'directoryId' | 'from'>): string {
  return `${incident.directoryId}:${Date.parse(incident.from)}`;
}
