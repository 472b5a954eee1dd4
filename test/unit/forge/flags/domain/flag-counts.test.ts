import type { Flag } from '../../../../../src/contract/app/records';
import {
  counterDeltas,
  NO_DIRECTORY,
  primaryDirectory,
  type Slot,
} from '../../../../../src/forge/flags/domain/flag-counts';

function link(directoryId: string, active: boolean | null) {
  return {
    directoryId,
    directoryName: `Name ${directoryId}`,
    scimUserId: 's',
    record: null,
    active,
    lastModified: null,
  };
}

function flagWith(links: ReturnType<typeof link>[] | null): Flag {
  return {
    accountId: 'a',
    email: null,
    name: null,
    reason: '',
    confidence: 'high',
    status: 'open',
    episode: '1',
    firstDetectedAt: '2026-01-01T00:00:00.000Z',
    lastSeenAt: '2026-01-01T00:00:00.000Z',
    clearedAt: null,
    dismissed: null,
    issue: null,
    post: { attempts: 0, lastAttemptAt: null, lastError: null },
    evidence: links === null ? null : { links, verifiedAt: '2026-01-01T00:00:00.000Z' },
  };
}

describe('primaryDirectory', () => {
  it.each([
    ['no evidence', null, NO_DIRECTORY],
    ['no links', [], NO_DIRECTORY],
    ['the deactivated link wins', [link('d1', true), link('d2', false)], 'd2'],
    ['else the first link', [link('d1', true), link('d2', null)], 'd1'],
    ['an id outside the directory pattern', [link('bad/id', false)], NO_DIRECTORY],
  ])('%s', (_name, links, want) => {
    expect(primaryDirectory(flagWith(links)).directoryId).toBe(want);
  });
});

describe('counterDeltas', () => {
  const open: Slot = { status: 'open', directoryId: 'd1' };
  it.each<[string, Slot | null, Slot, Record<string, number>]>([
    ['a new row counts in its slot', null, open, { 'status:open': 1, 'dir:open:d1': 1 }],
    ['an unchanged slot changes nothing', open, { ...open }, {}],
    [
      'a status change moves both counters',
      open,
      { status: 'cleared', directoryId: 'd1' },
      { 'status:open': -1, 'dir:open:d1': -1, 'status:cleared': 1, 'dir:cleared:d1': 1 },
    ],
    [
      'a directory change keeps the status count',
      open,
      { status: 'open', directoryId: 'd2' },
      { 'dir:open:d1': -1, 'dir:open:d2': 1 },
    ],
  ])('%s', (_name, from, to, want) => {
    expect(Object.fromEntries(counterDeltas(from, to))).toEqual(want);
  });
});
