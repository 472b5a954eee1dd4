import type { IncidentRecord } from '../../../contract/app/incident-records';
import type { Flag } from '../../../contract/app/records';
import { groupIncidents, type Incident, type IncidentRules } from '../../flags/domain/incidents';
import { incidentKeyOf, sightingOf } from '../../flags/domain/lock-sighting';

/**
 * What the scan's posting step does with the open flags that have no Jira issue yet: one issue per
 * incident instead of one per account. Pure; scan/incident-posts.ts carries the plan out.
 *
 * The grouping runs over ALL open flags, posted or not, so it matches the admin page's cards and a lock
 * that arrives later in the same incident is recognised as such:
 * - an incident that already has an issue (some member is recorded on it): its unposted members JOIN
 *   that issue (a comment), up to the record's member cap;
 * - otherwise, when at least `minSize` members are unposted: one new incident issue for them;
 * - otherwise (a few late locks next to members posted one by one earlier): each gets its own issue,
 *   as does every lock that belongs to no incident.
 * A flag already named by an incident record but missing its issue (a run stopped between the two
 * writes) is repaired, not posted again.
 */

export interface IncidentCreate {
  key: string;
  incident: Incident;
  accountIds: string[];
}

export interface IncidentJoin {
  key: string;
  incident: Incident;
  accountIds: string[];
}

export interface PostPlan {
  creates: IncidentCreate[];
  joins: IncidentJoin[];
  /** Unposted flags posted one by one, in input order. */
  singles: string[];
  /** Unposted flags an incident record already names: only the flag's issue is missing. */
  repairs: Array<{ accountId: string; key: string }>;
}

const memberKey = (accountId: string, episode: string): string => `${accountId}:${episode}`;

export function planPosts(
  openFlags: readonly Flag[],
  records: readonly IncidentRecord[],
  rules: IncidentRules,
  membersMax: number,
): PostPlan {
  const recordOf = new Map<string, IncidentRecord>();
  for (const r of records) for (const m of r.members) recordOf.set(memberKey(m.accountId, m.episode), r);
  const open = openFlags.filter((f) => f.status === 'open');
  const byId = new Map(open.map((f) => [f.accountId, f]));
  const recorded = (f: Flag): IncidentRecord | undefined => recordOf.get(memberKey(f.accountId, f.episode));
  const unposted = (f: Flag): boolean => f.issue === null && recorded(f) === undefined;

  const plan: PostPlan = { creates: [], joins: [], singles: [], repairs: [] };
  for (const f of open) {
    const r = f.issue === null ? recorded(f) : undefined;
    if (r !== undefined) plan.repairs.push({ accountId: f.accountId, key: r.key });
  }

  const singles = new Set<string>();
  const grouping = groupIncidents(open.map(sightingOf), rules);
  for (const incident of grouping.incidents) {
    const members = incident.accountIds.flatMap((id) => byId.get(id) ?? []);
    const todo = members.filter(unposted).map((f) => f.accountId);
    if (todo.length === 0) continue;
    const room = (r: IncidentRecord): number => membersMax - r.members.length;
    const existing = members.map(recorded).find((r): r is IncidentRecord => r !== undefined && room(r) > 0);
    if (existing !== undefined) {
      plan.joins.push({ key: existing.key, incident, accountIds: todo.slice(0, room(existing)) });
      for (const id of todo.slice(room(existing))) singles.add(id);
    } else if (todo.length >= rules.minSize) {
      plan.creates.push({ key: incidentKeyOf(incident), incident, accountIds: todo.slice(0, membersMax) });
      for (const id of todo.slice(membersMax)) singles.add(id);
    } else {
      for (const id of todo) singles.add(id);
    }
  }
  for (const s of grouping.singles) {
    const f = byId.get(s.accountId);
    if (f !== undefined && unposted(f)) singles.add(f.accountId);
  }
  plan.singles = open.filter((f) => singles.has(f.accountId)).map((f) => f.accountId);
  return plan;
}
