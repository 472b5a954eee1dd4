import {
  clearIfUnseen,
  episodeOf,
  needsPost,
  recordPosted,
  recordPostFailure,
  upsertFlag,
} from '../../../../../src/forge/flags/domain/flag-status';
import type { Flag } from '../../../../../src/contract/app/records';
import { flag, scanItem } from '../../fixtures';

const NOW = new Date('2026-02-01T10:00:00.000Z');

describe('upsertFlag', () => {
  const cases: Array<{ name: string; existing: Flag | undefined; opened: boolean; status: Flag['status'] }> =
    [
      { name: 'no flag yet → new open episode', existing: undefined, opened: true, status: 'open' },
      { name: 'open → stays open, same episode', existing: flag(), opened: false, status: 'open' },
      {
        name: 'dismissed → stays dismissed',
        existing: flag({ status: 'dismissed', dismissed: { by: 'a', at: NOW.toISOString(), reason: 'x' } }),
        opened: false,
        status: 'dismissed',
      },
      { name: 'cleared → new episode', existing: flag({ status: 'cleared' }), opened: true, status: 'open' },
      {
        name: 'resolved → new episode',
        existing: flag({ status: 'resolved' }),
        opened: true,
        status: 'open',
      },
    ];
  it.each(cases)('$name', ({ existing, opened, status }) => {
    const result = upsertFlag(existing, scanItem({ name: 'Bob M.' }), NOW);
    expect(result.opened).toBe(opened);
    expect(result.flag.status).toBe(status);
    expect(result.flag.name).toBe('Bob M.');
    expect(result.flag.lastSeenAt).toBe(NOW.toISOString());
    if (opened) {
      expect(result.flag.episode).toBe(episodeOf(NOW));
      expect(result.flag.issue).toBeNull();
      expect(result.flag.firstDetectedAt).toBe(NOW.toISOString());
    } else {
      expect(result.flag.episode).toBe(existing?.episode);
      expect(result.flag.firstDetectedAt).toBe(existing?.firstDetectedAt);
    }
  });

  it('keeps the issue of an open flag', () => {
    const issue = { key: 'ITSUP-9', id: '10009' };
    expect(upsertFlag(flag({ issue }), scanItem(), NOW).flag.issue).toEqual(issue);
  });

  it('never moves lastSeenAt backwards (an overlapping run with an older sighting)', () => {
    const later = '2026-03-01T00:00:00.000Z';
    expect(upsertFlag(flag({ lastSeenAt: later }), scanItem(), NOW).flag.lastSeenAt).toBe(later);
  });
});

describe('clearIfUnseen', () => {
  const runStart = '2026-02-01T09:00:00.000Z';
  const cases: Array<{ status: Flag['status']; lastSeenAt: string; cleared: boolean }> = [
    { status: 'open', lastSeenAt: '2026-02-01T08:59:59.999Z', cleared: true },
    { status: 'open', lastSeenAt: runStart, cleared: false },
    { status: 'open', lastSeenAt: '2026-02-01T09:30:00.000Z', cleared: false },
    { status: 'dismissed', lastSeenAt: '2026-01-01T00:00:00.000Z', cleared: true },
    { status: 'resolved', lastSeenAt: '2026-01-01T00:00:00.000Z', cleared: false },
    { status: 'cleared', lastSeenAt: '2026-01-01T00:00:00.000Z', cleared: false },
  ];
  it.each(cases)('$status seen $lastSeenAt → cleared=$cleared', ({ status, lastSeenAt, cleared }) => {
    const result = clearIfUnseen(flag({ status, lastSeenAt }), runStart, NOW);
    expect(result !== null).toBe(cleared);
    if (result) {
      expect(result.status).toBe('cleared');
      expect(result.clearedAt).toBe(NOW.toISOString());
    }
  });
});

describe('needsPost', () => {
  it.each([
    [flag(), true],
    [flag({ issue: { key: 'A-1', id: '1' } }), false],
    [flag({ status: 'dismissed' }), false],
    [flag({ status: 'cleared' }), false],
    [flag({ status: 'resolved' }), false],
  ])('%#', (f, expected) => expect(needsPost(f)).toBe(expected));
});

describe('post bookkeeping', () => {
  it('a failure counts the attempt and keeps the message; a later success clears it', () => {
    const failed = recordPostFailure(flag(), 'Jira could not complete "create issue" (HTTP 503).', NOW);
    expect(failed.post).toEqual({
      attempts: 1,
      lastAttemptAt: NOW.toISOString(),
      lastError: 'Jira could not complete "create issue" (HTTP 503).',
    });
    expect(needsPost(failed)).toBe(true);
    const posted = recordPosted(failed, { key: 'ITSUP-3', id: '10003' }, NOW, true);
    expect(posted.post).toEqual({ attempts: 2, lastAttemptAt: NOW.toISOString(), lastError: null });
    expect(needsPost(posted)).toBe(false);
  });

  it('an adopted issue is not counted as an attempt', () => {
    const adopted = recordPosted(flag(), { key: 'ITSUP-3', id: '10003' }, NOW, false);
    expect(adopted.post.attempts).toBe(0);
  });
});
