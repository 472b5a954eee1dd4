/**
 * Incidents, not rows: locks that an IdP caused together (one directory, within minutes) are one event
 * for an admin — one card, one explanation, one "Unlock all" — rather than dozens of flags. Pure: the
 * caller passes what the scan recorded about each locked account.
 */

/** What grouping needs to know about one locked account. */
export interface LockSighting {
  accountId: string;
  /** The SCIM directory whose link locks the account; null when the scan could not tell. */
  directoryId: string | null;
  directoryName: string | null;
  /**
   * When the IdP changed the account (the SCIM record's `meta.lastModified`, or the deactivation time
   * when the API gives it); null when unknown, and then the detection time stands in for it.
   */
  changedAt: string | null;
  /** When the scan first saw the lock (ISO time). */
  detectedAt: string;
}

export interface IncidentRules {
  /** Two locks at most this far apart (in a chain) belong to one incident. */
  gapMs: number;
  /** Fewer locks than this are shown as single flags. */
  minSize: number;
}

export const DEFAULT_INCIDENT_RULES: IncidentRules = { gapMs: 15 * 60_000, minSize: 5 };

export interface Incident {
  /** Stable for the same members: directory and the first change time. */
  id: string;
  directoryId: string;
  directoryName: string | null;
  accountIds: string[];
  /** Earliest and latest change (or detection) time of the members. */
  from: string;
  to: string;
  /** True when every member's time is the IdP's own change time, not the scan's detection time. */
  timesFromIdp: boolean;
}

export interface Grouping {
  incidents: Incident[];
  /** Locks that belong to no incident, in input order. */
  singles: LockSighting[];
}

const timeOf = (s: LockSighting): number => Date.parse(s.changedAt ?? s.detectedAt);

/**
 * Per directory, sorted by time, a new group starts whenever the gap to the previous lock exceeds
 * `gapMs` (so a slow, steady IdP run of 300 deactivations stays one incident); groups of at least
 * `minSize` become incidents, newest first. Locks without a known directory are never grouped: nothing
 * says the same IdP caused them.
 */
export function groupIncidents(sightings: readonly LockSighting[], rules = DEFAULT_INCIDENT_RULES): Grouping {
  const byDirectory = new Map<string, LockSighting[]>();
  for (const s of sightings) {
    if (s.directoryId === null || Number.isNaN(timeOf(s))) continue;
    const list = byDirectory.get(s.directoryId) ?? [];
    list.push(s);
    byDirectory.set(s.directoryId, list);
  }
  const grouped = new Set<string>();
  const incidents: Incident[] = [];
  for (const [directoryId, list] of byDirectory) {
    const sorted = [...list].sort((a, b) => timeOf(a) - timeOf(b) || a.accountId.localeCompare(b.accountId));
    let run: LockSighting[] = [];
    const close = (): void => {
      if (run.length >= rules.minSize) {
        incidents.push(incidentOf(directoryId, run));
        for (const s of run) grouped.add(s.accountId);
      }
      run = [];
    };
    for (const s of sorted) {
      const last = run[run.length - 1];
      if (last !== undefined && timeOf(s) - timeOf(last) > rules.gapMs) close();
      run.push(s);
    }
    close();
  }
  incidents.sort((a, b) => Date.parse(b.from) - Date.parse(a.from) || a.id.localeCompare(b.id));
  return { incidents, singles: sightings.filter((s) => !grouped.has(s.accountId)) };
}

function incidentOf(directoryId: string, run: LockSighting[]): Incident {
  const first = run[0] as LockSighting;
  const last = run[run.length - 1] as LockSighting;
  const from = new Date(timeOf(first)).toISOString();
  return {
    id: `${directoryId}@${from}`,
    directoryId,
    directoryName: run.find((s) => s.directoryName !== null)?.directoryName ?? null,
    accountIds: run.map((s) => s.accountId),
    from,
    to: new Date(timeOf(last)).toISOString(),
    timesFromIdp: run.every((s) => s.changedAt !== null),
  };
}

/**
 * The card's headline, e.g. "83 accounts deactivated by Okta Workforce between 10:02 and 10:06 UTC".
 * Times are shown in UTC so the text reads the same to every admin and in a Jira issue.
 */
export function describeIncident(incident: Incident): string {
  const who = incident.directoryName ?? `SCIM directory ${incident.directoryId}`;
  const verb = incident.timesFromIdp ? 'deactivated' : 'found deactivated';
  const hhmm = (iso: string): string => iso.slice(11, 16);
  const sameDay = incident.from.slice(0, 10) === incident.to.slice(0, 10);
  const span =
    incident.from === incident.to
      ? `at ${hhmm(incident.from)} UTC on ${incident.from.slice(0, 10)}`
      : sameDay
        ? `between ${hhmm(incident.from)} and ${hhmm(incident.to)} UTC on ${incident.from.slice(0, 10)}`
        : `between ${incident.from.slice(0, 16).replace('T', ' ')} and ${incident.to.slice(0, 16).replace('T', ' ')} UTC`;
  return `${incident.accountIds.length} accounts ${verb} by ${who} ${span}`;
}
