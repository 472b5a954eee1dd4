import { z } from 'zod';
import { AccountId, DirectoryId } from '../proxy';
import { Flag, IssueRef, IsoTime } from './records';

/**
 * Incidents: many locks one directory caused within minutes (src/forge/flags/domain/incidents.ts). The
 * admin page shows them as cards (listIncidents); the scan posts ONE Jira issue per incident and keeps
 * the record below of which flag episodes that issue speaks for.
 */

/** Members one incident issue may hold; a batch unlocks at most 1,000 accounts too. */
export const INCIDENT_MEMBERS_MAX = 1000;

/** `<directoryId>:<epoch ms of the first change>`: a KVS key part and a JQL value, no `@` or `/`. */
export const IncidentKey = z.string().regex(/^[A-Za-z0-9_-]{1,128}:[0-9]{1,16}$/, 'must be an incident key');

export const IncidentMemberRef = z.object({
  accountId: AccountId,
  episode: Flag.shape.episode,
  /** When the member was added to the issue (created with it, or joined by a comment). */
  addedAt: IsoTime,
});
export type IncidentMemberRef = z.infer<typeof IncidentMemberRef>;

/**
 * The app's own record of an incident issue (`incident:<key>`), written by the scan only. Membership is
 * decided here and by each member's posting claim, never by anything on the issue a Jira user can edit.
 */
export const IncidentRecord = z.object({
  key: IncidentKey,
  directoryId: DirectoryId,
  directoryName: z.string().nullable(),
  issue: IssueRef,
  from: IsoTime,
  to: IsoTime,
  members: z.array(IncidentMemberRef).max(INCIDENT_MEMBERS_MAX),
  postedAt: IsoTime,
});
export type IncidentRecord = z.infer<typeof IncidentRecord>;

/** The per-directory lock one scan holds while it posts that directory's incidents. */
export const IncidentLock = z.object({ runId: z.string(), at: IsoTime });
export type IncidentLock = z.infer<typeof IncidentLock>;

// ---- what the admin page receives --------------------------------------------------------------------

export interface IncidentMemberView {
  accountId: string;
  name: string | null;
  email: string | null;
  /** The Jira issue this member's flag points at (the incident's, or its own when posted before). */
  issueKey: string | null;
}

export interface IncidentView {
  /** Stable while the members stay: directory and first change time. */
  id: string;
  directoryId: string;
  directoryName: string | null;
  /** E.g. "83 accounts deactivated by Okta Workforce between 10:02 and 10:06 UTC on 2026-11-30". */
  headline: string;
  from: string;
  to: string;
  /** False when some member's time is when the scan found it, not when the IdP changed it. */
  timesFromIdp: boolean;
  members: IncidentMemberView[];
  /** The incident's Jira issue, once the scan posted one. */
  issue: IssueRef | null;
}

export interface IncidentsView {
  incidents: IncidentView[];
  /** Open flags the grouping read. */
  flagsRead: number;
  /** True when the flag read stopped at its cap: incidents among the unread flags are not shown. */
  capped: boolean;
  /** Grouping rules, so the page can say what "together" means. */
  rules: { gapMinutes: number; minSize: number };
}
