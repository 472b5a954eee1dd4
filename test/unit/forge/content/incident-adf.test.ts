import {
  INCIDENT_LISTED_MAX,
  incidentDescription,
  incidentJoinComment,
  incidentSummary,
  type IncidentMemberContent,
} from '../../../../src/forge/content/incident-adf';
import type { Incident } from '../../../../src/forge/flags/domain/incidents';

function texts(node: unknown): string[] {
  if (node === null || typeof node !== 'object') return [];
  const n = node as { text?: string; content?: unknown[] };
  return [...(n.text === undefined ? [] : [n.text]), ...(n.content ?? []).flatMap(texts)];
}
function allNodes(node: unknown): Array<{ type: string; text?: string }> {
  if (node === null || typeof node !== 'object') return [];
  const n = node as { type: string; text?: string; content?: unknown[] };
  return [n, ...(n.content ?? []).flatMap(allNodes)];
}

const members = (n: number): IncidentMemberContent[] =>
  Array.from({ length: n }, (_, i) => ({
    accountId: `acc-${i}`,
    name: i % 2 === 0 ? `Person ${i}` : null,
    email: `p${i}@acme.example`,
    at: '2026-11-30T10:03:00.000Z',
  }));
const incident = (n: number, directoryName: string | null = 'Okta Workforce'): Incident => ({
  id: 'okta@2026-11-30T10:02:00.000Z',
  directoryId: 'okta',
  directoryName,
  accountIds: members(n).map((m) => m.accountId),
  from: '2026-11-30T10:02:00.000Z',
  to: '2026-11-30T10:06:00.000Z',
  timesFromIdp: true,
});

describe('incident issue content', () => {
  it('the summary is the headline, within Jira’s 255 characters', () => {
    expect(incidentSummary(incident(83))).toBe(
      'SCIM incident: 83 accounts deactivated by Okta Workforce between 10:02 and 10:06 UTC on 2026-11-30',
    );
    expect(incidentSummary(incident(5, 'x'.repeat(400)))).toHaveLength(255);
  });

  it.each<[string, number, number, string[], string[]]>([
    [
      'every member, the directory, the window and both recoveries',
      83,
      0,
      [
        'Okta Workforce',
        '2026-11-30 10:02 to 2026-11-30 10:06 UTC',
        'Re-assign the users in Okta Workforce',
        ' — right when removing them was a mistake.',
        'Unlock them here',
        ' — right when they should no longer be managed by Okta Workforce.',
        'Accounts (83)',
        'Person 0',
        ' (p0@acme.example)',
        'p1@acme.example',
        'acc-82',
      ],
      ['already had their own issues', 'more; the SCIM Unlock admin page'],
    ],
    [
      'members posted one by one earlier are counted',
      6,
      2,
      ['2 more accounts belong to the same incident but already had their own issues from an earlier scan.'],
      [],
    ],
    [
      'a long list is cut, and says so',
      INCIDENT_LISTED_MAX + 7,
      0,
      [
        `Accounts (${INCIDENT_LISTED_MAX + 7})`,
        '…and 7 more; the SCIM Unlock admin page lists every member.',
      ],
      [`acc-${INCIDENT_LISTED_MAX}`],
    ],
  ])('%s', (_name, n, postedEarlier, present, absent) => {
    const all = texts(incidentDescription(incident(n), members(n), postedEarlier)).join('\n');
    for (const p of present) expect(all).toContain(p);
    for (const a of absent) expect(all).not.toContain(a);
  });

  it('uses only node types Jira renders and no empty text', () => {
    const nodes = allNodes(incidentDescription(incident(5), members(5), 1));
    expect(new Set(nodes.map((n) => n.type))).toEqual(
      new Set(['doc', 'paragraph', 'text', 'heading', 'bulletList', 'listItem']),
    );
    expect(nodes.filter((n) => n.type === 'text' && n.text === '')).toEqual([]);
  });

  it('a joining member is named in the comment', () => {
    const one = texts(incidentJoinComment(incident(6), members(1))).join('\n');
    expect(one).toContain('1 more account was deactivated by Okta Workforce in the same incident and is now');
    expect(one).toContain('Person 0');
    const unnamed = texts(incidentJoinComment(incident(6, null), members(2))).join('\n');
    expect(unnamed).toContain('2 more accounts were deactivated by SCIM directory okta');
  });
});
