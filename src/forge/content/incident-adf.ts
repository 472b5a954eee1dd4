import { INCIDENT_RECOVERIES, recoveryWords } from '../../contract/app/incident-words';
import { clip } from '../../lib/clip';
import type { Incident } from '../flags/domain/incidents';
import { describeIncident } from '../flags/domain/incidents';
import {
  accountLabel,
  bulletList,
  doc,
  heading,
  JIRA_SUMMARY_MAX,
  paragraph,
  text,
  type AdfBlock,
  type AdfDoc,
} from './adf';

/**
 * The Jira issue the scan posts for an incident (one issue for many locks) and the comment that adds a
 * later member. Member lists are cut at INCIDENT_LISTED_MAX lines: Jira limits a description to 32,767
 * characters, and the admin page lists every member anyway.
 */

export const INCIDENT_LISTED_MAX = 200;

export interface IncidentMemberContent {
  accountId: string;
  name: string | null;
  email: string | null;
  /** When the directory changed the account (or the scan found it), ISO. */
  at: string;
}

function directoryLabel(incident: Pick<Incident, 'directoryId' | 'directoryName'>): string {
  return incident.directoryName ?? `SCIM directory ${incident.directoryId}`;
}

function memberList(members: readonly IncidentMemberContent[]): AdfBlock[] {
  const listed = members
    .slice(0, INCIDENT_LISTED_MAX)
    .map((m) => [
      text(accountLabel(m), 'strong'),
      text(m.email !== null && m.name !== null ? ` (${m.email})` : ''),
      text(` — ${m.at.slice(0, 16).replace('T', ' ')} UTC — `),
      text(m.accountId, 'code'),
    ]);
  const rest = members.length - listed.length;
  return [
    bulletList(listed),
    ...(rest > 0
      ? [paragraph(text(`…and ${rest} more; the SCIM Unlock admin page lists every member.`))]
      : []),
  ];
}

/** The summary: the incident's headline, e.g. "83 accounts deactivated by Okta Workforce …". */
export function incidentSummary(incident: Incident): string {
  return clip(`SCIM incident: ${describeIncident(incident)}`, JIRA_SUMMARY_MAX);
}

export function incidentDescription(
  incident: Incident,
  members: readonly IncidentMemberContent[],
  postedEarlier: number,
): AdfDoc {
  const idp = directoryLabel(incident);
  return doc(
    paragraph(
      text(`The scheduled scan found ${members.length} accounts that `),
      text(idp, 'strong'),
      text(
        ` deactivated through SCIM within minutes of each other (${incident.from.slice(0, 16).replace('T', ' ')} to ` +
          `${incident.to.slice(0, 16).replace('T', ' ')} UTC` +
          (incident.timesFromIdp
            ? ''
            : '; where the directory gave no change time, when the scan found them') +
          '). Locks that arrive together like this usually have one cause — a group removed from the app ' +
          'assignment, a department moved into a group the identity provider does not sync — so they are ' +
          'reported once, here, instead of one issue per account.',
      ),
    ),
    ...(postedEarlier > 0
      ? [
          paragraph(
            text(
              `${postedEarlier} more ${postedEarlier === 1 ? 'account belongs' : 'accounts belong'} to the same incident but ` +
                'already had their own issues from an earlier scan.',
            ),
          ),
        ]
      : []),
    heading(3, 'Two ways to recover'),
    ...INCIDENT_RECOVERIES.flatMap((r) => [
      paragraph(text(recoveryWords(r.title, idp), 'strong'), text(` — ${recoveryWords(r.when, idp)}.`)),
      paragraph(text(recoveryWords(r.text, idp))),
    ]),
    paragraph(
      text(
        'To unlock them all at once, open the SCIM Unlock admin page: the incident card offers "Unlock all" ' +
          'with one preview of what will happen.',
      ),
    ),
    heading(3, `Accounts (${members.length})`),
    ...memberList(members),
  );
}

/** A later lock of the same incident, added to its issue. */
export function incidentJoinComment(
  incident: Pick<Incident, 'directoryId' | 'directoryName'>,
  members: readonly IncidentMemberContent[],
): AdfDoc {
  return doc(
    paragraph(
      text(
        `${members.length} more ${members.length === 1 ? 'account was' : 'accounts were'} deactivated by ` +
          `${directoryLabel(incident)} in the same incident and ${members.length === 1 ? 'is' : 'are'} now part of this issue:`,
      ),
    ),
    ...memberList(members),
  );
}
