import type { IncidentRecord } from '../../../../../src/contract/app/incident-records';
import type { Flag } from '../../../../../src/contract/app/records';
import { planPosts, type PostPlan } from '../../../../../src/forge/scan/domain/incident-posting';
import { flag } from '../../fixtures';

const RULES = { gapMs: 15 * 60_000, minSize: 5 };
const MAX = 1000;
const t = (minute: number): string =>
  new Date(Date.parse('2026-11-30T10:00:00.000Z') + minute * 60_000).toISOString();

/** A lock by `dir` at minute `minute`; `issue` when it was posted already. */
const lock = (id: string, minute: number, opts: { dir?: string; issue?: string } = {}): Flag =>
  flag({
    accountId: id,
    episode: '1',
    issue: opts.issue === undefined ? null : { key: opts.issue, id: opts.issue.replace(/\D/g, '') },
    evidence: {
      links: [
        {
          directoryId: opts.dir ?? 'okta',
          directoryName: 'Okta Workforce',
          scimUserId: `s-${id}`,
          record: 'known',
          active: false,
          lastModified: t(minute),
        },
      ],
      verifiedAt: t(60),
    },
  });
const burst = (prefix: string, n: number, from = 0, opts: { dir?: string; issue?: string } = {}): Flag[] =>
  Array.from({ length: n }, (_, i) => lock(`${prefix}${i}`, from + i, opts));
const record = (key: string, members: string[], issue = 'ITSUP-9'): IncidentRecord => ({
  key,
  directoryId: 'okta',
  directoryName: 'Okta Workforce',
  issue: { key: issue, id: '9' },
  from: t(0),
  to: t(5),
  members: members.map((accountId) => ({ accountId, episode: '1', addedAt: t(60) })),
  postedAt: t(60),
});

const summary = (p: PostPlan) => ({
  creates: p.creates.map((c) => c.accountIds.length),
  joins: p.joins.map((j) => [j.key, j.accountIds]),
  singles: p.singles,
  repairs: p.repairs.map((r) => r.accountId),
});

describe('planPosts', () => {
  it.each<[string, Flag[], IncidentRecord[], ReturnType<typeof summary>]>([
    ['nothing open', [], [], { creates: [], joins: [], singles: [], repairs: [] }],
    [
      'a burst of 6 is one incident issue',
      burst('a', 6),
      [],
      { creates: [6], joins: [], singles: [], repairs: [] },
    ],
    [
      'singles next to a burst keep their own issues',
      [lock('x', -600), ...burst('a', 6), lock('y', 600, { dir: 'entra' })],
      [],
      { creates: [6], joins: [], singles: ['x', 'y'], repairs: [] },
    ],
    [
      'four locks are singles (below the minimum)',
      burst('a', 4),
      [],
      { creates: [], joins: [], singles: ['a0', 'a1', 'a2', 'a3'], repairs: [] },
    ],
    [
      'posted members are not posted again',
      burst('a', 6, 0, { issue: 'ITSUP-9' }),
      [record('okta:1', ['a0', 'a1', 'a2', 'a3', 'a4', 'a5'])],
      { creates: [], joins: [], singles: [], repairs: [] },
    ],
    [
      'a later lock of an incident that has an issue joins it',
      [...burst('a', 6, 0, { issue: 'ITSUP-9' }), lock('late', 10)],
      [record('okta:1', ['a0', 'a1', 'a2', 'a3', 'a4', 'a5'])],
      { creates: [], joins: [['okta:1', ['late']]], singles: [], repairs: [] },
    ],
    [
      'a few late locks next to members posted one by one stay singles',
      [...burst('a', 3, 0, { issue: 'ITSUP-1' }), lock('b', 3), lock('c', 4)],
      [],
      { creates: [], joins: [], singles: ['b', 'c'], repairs: [] },
    ],
    [
      'enough late locks next to singles make a new incident issue',
      [...burst('a', 3, 0, { issue: 'ITSUP-1' }), ...burst('b', 5, 3)],
      [],
      { creates: [5], joins: [], singles: [], repairs: [] },
    ],
    [
      'a flag a record names but whose issue write was lost is repaired, not posted',
      [...burst('a', 5, 0, { issue: 'ITSUP-9' }), lock('a5', 5)],
      [record('okta:1', ['a0', 'a1', 'a2', 'a3', 'a4', 'a5'])],
      { creates: [], joins: [], singles: [], repairs: ['a5'] },
    ],
    [
      'dismissed flags are not posted',
      burst('a', 6).map((f) => ({ ...f, status: 'dismissed' as const })),
      [],
      { creates: [], joins: [], singles: [], repairs: [] },
    ],
  ])('%s', (_name, open, records, expected) => {
    expect(summary(planPosts(open, records, RULES, MAX))).toEqual(expected);
  });

  it('a full incident record takes no more members: the rest post alone', () => {
    const full = record('okta:1', ['a0', 'a1', 'a2']);
    const plan = planPosts(
      [...burst('a', 3, 0, { issue: 'ITSUP-9' }), ...burst('b', 4, 3)],
      [full],
      RULES,
      5,
    );
    expect(summary(plan)).toEqual({
      creates: [],
      joins: [['okta:1', ['b0', 'b1']]],
      singles: ['b2', 'b3'],
      repairs: [],
    });
  });

  it('every unposted flag is planned exactly once', () => {
    const open = [lock('x', -600), ...burst('a', 7), ...burst('e', 5, 0, { dir: 'entra' }), lock('y', 900)];
    const p = planPosts(open, [], RULES, MAX);
    const planned = [
      ...p.creates.flatMap((c) => c.accountIds),
      ...p.joins.flatMap((j) => j.accountIds),
      ...p.singles,
    ];
    expect(planned.sort()).toEqual(open.map((f) => f.accountId).sort());
    expect(p.creates.map((c) => c.key).sort()).toEqual([
      `entra:${Date.parse(t(0))}`,
      `okta:${Date.parse(t(0))}`,
    ]);
  });
});
