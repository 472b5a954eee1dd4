import type { Flag } from '../../../../../src/contract/app/records';
import { incidentKeyOf, sightingOf } from '../../../../../src/forge/flags/domain/lock-sighting';
import { flag } from '../../fixtures';

type Link = NonNullable<Flag['evidence']>['links'][number];
const link = (directoryId: string, active: boolean | null, lastModified: string | null): Link => ({
  directoryId,
  directoryName: directoryId === 'okta' ? 'Okta Workforce' : null,
  scimUserId: `u-${directoryId}`,
  record: active === null ? null : 'known',
  active,
  lastModified,
});
const withLinks = (...links: Link[]): Flag =>
  flag({
    firstDetectedAt: '2026-11-30T12:00:00.000Z',
    evidence: { links, verifiedAt: '2026-11-30T12:00:00.000Z' },
  });

describe('sightingOf', () => {
  it.each<[string, Flag, { directoryId: string | null; changedAt: string | null }]>([
    ['no evidence: no directory', flag({ evidence: null }), { directoryId: null, changedAt: null }],
    [
      'the deactivated link and its change time',
      withLinks(link('okta', false, '2026-11-30T10:02:00+01:00')),
      { directoryId: 'okta', changedAt: '2026-11-30T09:02:00.000Z' },
    ],
    [
      'two deactivating directories: the later change locked it last',
      withLinks(link('okta', false, '2026-11-30T10:02:00Z'), link('entra', false, '2026-11-30T11:00:00Z')),
      { directoryId: 'entra', changedAt: '2026-11-30T11:00:00.000Z' },
    ],
    [
      'an active link next to a deactivated one: the deactivated one',
      withLinks(link('entra', true, '2026-11-30T11:00:00Z'), link('okta', false, '2026-11-30T10:02:00Z')),
      { directoryId: 'okta', changedAt: '2026-11-30T10:02:00.000Z' },
    ],
    [
      'one link whose record was not read: its directory, no IdP time',
      withLinks(link('okta', null, null)),
      { directoryId: 'okta', changedAt: null },
    ],
    [
      'two links, none deactivated: nothing says which directory',
      withLinks(link('okta', true, null), link('entra', true, null)),
      { directoryId: null, changedAt: null },
    ],
    [
      'a change time that is not a time is dropped',
      withLinks(link('okta', false, 'yesterday')),
      { directoryId: 'okta', changedAt: null },
    ],
    [
      'a directory id that cannot be a key part is never grouped',
      withLinks(link('okta/../x', false, '2026-11-30T10:02:00Z')),
      { directoryId: null, changedAt: null },
    ],
  ])('%s', (_name, f, expected) => {
    const s = sightingOf(f);
    expect({ directoryId: s.directoryId, changedAt: s.changedAt }).toEqual(expected);
    expect(s.detectedAt).toBe(f.firstDetectedAt);
    expect(s.accountId).toBe(f.accountId);
  });
});

describe('incidentKeyOf', () => {
  it('is the directory and the epoch ms of the first change: a KVS key part, no "@"', () => {
    expect(incidentKeyOf({ directoryId: 'dir-1', from: '2026-11-30T10:02:00.000Z' })).toBe(
      `dir-1:${Date.parse('2026-11-30T10:02:00.000Z')}`,
    );
  });
});
