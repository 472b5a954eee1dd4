import {
  describeIncident,
  groupIncidents,
  type Incident,
  type LockSighting,
} from '../../../../../src/forge/flags/domain/incidents';

const at = (hhmm: string, day = '2026-11-30') => `${day}T${hhmm}:00.000Z`;
const lock = (
  accountId: string,
  changed: string | null,
  directoryId: string | null = 'okta',
  detected = at('12:00'),
): LockSighting => ({
  accountId,
  directoryId,
  directoryName: directoryId === 'okta' ? 'Okta Workforce' : null,
  changedAt: changed,
  detectedAt: detected,
});
const many = (n: number, from: number, step: number, dir = 'okta'): LockSighting[] =>
  Array.from({ length: n }, (_, i) => {
    const minutes = from + i * step;
    const hh = String(10 + Math.floor(minutes / 60)).padStart(2, '0');
    const mm = String(minutes % 60).padStart(2, '0');
    return lock(`${dir}-${i}`, at(`${hh}:${mm}`), dir);
  });
const rules = { gapMs: 15 * 60_000, minSize: 5 };

describe('groupIncidents', () => {
  it.each<[string, LockSighting[], Array<[string, number]>, number]>([
    ['no locks', [], [], 0],
    ['four together stay single (below minSize)', many(4, 2, 1), [], 4],
    ['five within minutes are one incident', many(5, 2, 1), [['okta', 5]], 0],
    ['a steady run with 10-minute gaps chains into one', many(30, 0, 10), [['okta', 30]], 0],
    [
      'a gap over 15 minutes splits',
      [...many(5, 0, 1), ...many(5, 30, 1).map((s) => ({ ...s, accountId: `b${s.accountId}` }))],
      [
        ['okta', 5],
        ['okta', 5],
      ],
      0,
    ],
    ['directories never mix', [...many(3, 0, 1, 'okta'), ...many(3, 0, 1, 'entra')], [], 6],
    ['unknown directory is never grouped', many(6, 0, 1).map((s) => ({ ...s, directoryId: null })), [], 6],
    [
      'detection time stands in when the IdP time is unknown',
      many(5, 0, 1).map((s) => ({ ...s, changedAt: null, detectedAt: at('12:00') })),
      [['okta', 5]],
      0,
    ],
  ])('%s', (_name, sightings, expected, singles) => {
    const grouping = groupIncidents(sightings, rules);
    expect(grouping.incidents.map((i) => [i.directoryId, i.accountIds.length])).toEqual(expected);
    expect(grouping.singles).toHaveLength(singles);
  });

  it('keeps singles in input order and each account in exactly one place', () => {
    const input = [lock('x', at('09:00')), ...many(5, 2, 1), lock('y', at('08:00'))];
    const { incidents, singles } = groupIncidents(input, rules);
    expect(singles.map((s) => s.accountId)).toEqual(['x', 'y']);
    const members = incidents.flatMap((i) => i.accountIds);
    expect(new Set([...members, ...singles.map((s) => s.accountId)]).size).toBe(input.length);
  });

  it('orders incidents newest first with a stable id', () => {
    const older = many(5, 0, 1, 'okta');
    const newer = many(5, 120, 1, 'entra');
    const { incidents } = groupIncidents([...older, ...newer], rules);
    expect(incidents.map((i) => i.id)).toEqual([
      'entra@2026-11-30T12:00:00.000Z',
      'okta@2026-11-30T10:00:00.000Z',
    ]);
  });
});

describe('describeIncident', () => {
  const base: Incident = {
    id: 'okta@x',
    directoryId: 'okta',
    directoryName: 'Okta Workforce',
    accountIds: Array.from({ length: 83 }, (_, i) => `a${i}`),
    from: at('10:02'),
    to: at('10:06'),
    timesFromIdp: true,
  };
  it.each<[string, Partial<Incident>, string]>([
    ['same day', {}, '83 accounts deactivated by Okta Workforce between 10:02 and 10:06 UTC on 2026-11-30'],
    [
      'one instant',
      { to: at('10:02') },
      '83 accounts deactivated by Okta Workforce at 10:02 UTC on 2026-11-30',
    ],
    [
      'across midnight',
      { from: at('23:58', '2026-11-29'), to: at('00:03') },
      '83 accounts deactivated by Okta Workforce between 2026-11-29 23:58 and 2026-11-30 00:03 UTC',
    ],
    [
      'unnamed directory, scan times',
      { directoryName: null, timesFromIdp: false },
      '83 accounts found deactivated by SCIM directory okta between 10:02 and 10:06 UTC on 2026-11-30',
    ],
  ])('%s', (_name, patch, text) => {
    expect(describeIncident({ ...base, ...patch })).toBe(text);
  });
});
