import type { KnownCandidate } from '../../../../src/contract/app/records';
import {
  clearOnVerdict,
  isFlagged,
  leftCandidates,
  markSeen,
  needsVerification,
  recheckMode,
  sameLinks,
} from '../../../../src/forge/scan/domain/verification';
import { flag } from '../fixtures';

const known = (over: Partial<KnownCandidate> = {}): KnownCandidate => ({
  accountId: 'acc-1',
  email: null,
  name: null,
  lastSeenAt: '2026-01-01T00:00:00.000Z',
  lastVerifiedAt: '2026-01-01T00:00:00.000Z',
  flagged: true,
  links: [{ directoryId: 'd1', scimUserId: 's1' }],
  ...over,
});

describe('needsVerification', () => {
  it.each<[string, KnownCandidate | undefined, ReturnType<typeof flag> | undefined, boolean]>([
    ['never verified', undefined, undefined, true],
    ['flagged with an open flag', known(), flag({ status: 'open' }), false],
    ['flagged with a dismissed flag', known(), flag({ status: 'dismissed' }), false],
    ['flagged but the flag was resolved (a new episode)', known(), flag({ status: 'resolved' }), true],
    ['flagged but the flag was cleared', known(), flag({ status: 'cleared' }), true],
    ['flagged but no flag stored', known(), undefined, true],
    ['not flagged (left to the rotation)', known({ flagged: false }), undefined, false],
  ])('%s → %s', (_n, k, f, expected) => {
    expect(needsVerification(k, f)).toBe(expected);
  });
});

describe('sameLinks', () => {
  const l = (d: string, s: string) => ({ directoryId: d, scimUserId: s });
  it.each([
    [[l('d1', 's1')], [l('d1', 's1')], true],
    [[l('d1', 's1'), l('d2', 's2')], [l('d2', 's2'), l('d1', 's1')], true],
    [[l('d1', 's1')], [], false],
    [[], [], true],
    [[l('d1', 's1')], [l('d1', 's9')], false],
    [[l('d1', 's1')], [l('d1', 's1'), l('d2', 's2')], false],
  ])('%j vs %j → %s', (a, b, expected) => {
    expect(sameLinks(a, b)).toBe(expected);
  });
});

describe('clearing and sightings', () => {
  const now = new Date('2026-01-05T00:00:00.000Z');
  it.each([
    ['open', 'cleared'],
    ['dismissed', 'cleared'],
    ['resolved', null],
    ['cleared', null],
  ] as const)('a verdict that no longer flags a %s flag → %s', (status, next) => {
    expect(clearOnVerdict(flag({ status }), now)?.status ?? null).toBe(next);
  });

  it.each([
    ['open', '2026-01-05T00:00:00.000Z'],
    ['dismissed', '2026-01-05T00:00:00.000Z'],
    ['resolved', null],
  ] as const)('a sighting of a %s flag moves lastSeenAt to %s', (status, seen) => {
    expect(markSeen(flag({ status }), now)?.lastSeenAt ?? null).toBe(seen);
  });

  it('never moves lastSeenAt backwards', () => {
    expect(markSeen(flag({ lastSeenAt: '2026-02-01T00:00:00.000Z' }), now)).toBeNull();
  });

  it.each([
    ['2025-12-31T23:00:00.000Z', true],
    ['2026-01-01T00:00:00.000Z', false],
    ['2026-01-01T01:00:00.000Z', false],
  ])('last seen %s by a run started 2026-01-01T00:00 → left: %s', (lastSeenAt, left) => {
    expect(leftCandidates(known({ lastSeenAt }), '2026-01-01T00:00:00.000Z')).toBe(left);
  });

  it.each([
    ['high', true],
    ['medium', true],
    ['low', false],
    [null, false],
  ] as const)('confidence %s flagged: %s', (c, expected) => {
    expect(isFlagged(c)).toBe(expected);
  });

  it('re-checks flagged accounts by their links, others in full', () => {
    expect(recheckMode({ flagged: true })).toBe('links');
    expect(recheckMode({ flagged: false })).toBe('records');
  });
});
