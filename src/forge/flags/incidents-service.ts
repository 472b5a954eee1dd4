import { IncidentRecord, type IncidentsView, type IncidentView } from '../../contract/app/incident-records';
import type { Flag } from '../../contract/app/records';
import { KEYS, QUERY_MAX_LIMIT, repository } from '../platform/repository';
import { DEFAULT_INCIDENT_RULES, describeIncident, groupIncidents } from './domain/incidents';
import { sightingOf } from './domain/lock-sighting';
import { flags } from './flags';

/**
 * Incidents as the admin page shows them: the OPEN flags grouped by the directory that deactivated them
 * and the time it did (domain/incidents.ts over domain/lock-sighting.ts). Reads are bounded: flags in
 * storage pages up to a cap (the answer says when it stopped there), incident records likewise.
 */

/** Storage pages of flags the admin page's grouping reads (100 each): a resolver has 25 s. */
export const INCIDENT_FLAG_PAGES_MAX = 30;
/** Storage pages of incident records read (100 each); records are few, one per incident issue. */
export const INCIDENT_RECORD_PAGES_MAX = 10;

export interface OpenFlags {
  flags: Flag[];
  /** True when the read stopped at `maxPages` with more flags left. */
  capped: boolean;
}

/** The open flags (the status index), reading at most `maxPages` pages of 100. */
export async function readOpenFlags(maxPages: number): Promise<OpenFlags> {
  const open: Flag[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await flags.list({ status: 'open', limit: QUERY_MAX_LIMIT, ...(cursor ? { cursor } : {}) });
    open.push(...page.items);
    if (page.nextCursor === null) return { flags: open, capped: false };
    cursor = page.nextCursor;
  }
  return { flags: open, capped: true };
}

export async function readIncidentRecords(maxPages = INCIDENT_RECORD_PAGES_MAX): Promise<IncidentRecord[]> {
  const out: IncidentRecord[] = [];
  for await (const { value } of repository.scanAll(KEYS.incidentPrefix, IncidentRecord, maxPages)) {
    out.push(value);
  }
  return out;
}

export const incidents = {
  async list(): Promise<IncidentsView> {
    const [{ flags, capped }, records] = await Promise.all([
      readOpenFlags(INCIDENT_FLAG_PAGES_MAX),
      readIncidentRecords(),
    ]);
    const byId = new Map(flags.map((f) => [f.accountId, f]));
    const issueOf = new Map<string, IncidentRecord['issue']>();
    for (const r of records) for (const m of r.members) issueOf.set(`${m.accountId}:${m.episode}`, r.issue);
    const { incidents: grouped } = groupIncidents(flags.map(sightingOf), DEFAULT_INCIDENT_RULES);
    const views = grouped.map((incident): IncidentView => {
      const members = incident.accountIds.flatMap((id) => byId.get(id) ?? []);
      const issue = members
        .map((f) => issueOf.get(`${f.accountId}:${f.episode}`))
        .find((i) => i !== undefined);
      return {
        id: incident.id,
        directoryId: incident.directoryId,
        directoryName: incident.directoryName,
        headline: describeIncident(incident),
        from: incident.from,
        to: incident.to,
        timesFromIdp: incident.timesFromIdp,
        members: members.map((f) => ({
          accountId: f.accountId,
          name: f.name,
          email: f.email,
          issueKey: f.issue?.key ?? null,
        })),
        issue: issue ?? null,
      };
    });
    return {
      incidents: views,
      flagsRead: flags.length,
      capped,
      rules: {
        gapMinutes: DEFAULT_INCIDENT_RULES.gapMs / 60_000,
        minSize: DEFAULT_INCIDENT_RULES.minSize,
      },
    };
  },
};
