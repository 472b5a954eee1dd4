import type { LinkEvidence } from '../../../../../src/contract/proxy';
import type { Flag } from '../../../../../src/contract/app/records';
import { clearIfUnseen } from '../../../../../src/forge/flags/domain/flag-status';
import {
  afterRecheck,
  clearReleased,
  isExpired,
  newWatch,
  relockOf,
  relockWords,
  reopenAsRelocked,
  selectRecheck,
  type Relock,
  type WatchEntry,
} from '../../../../../src/forge/relock/domain/relock-rules';
import { flag } from '../../fixtures';

const NOW = new Date('2026-03-15T10:00:00.000Z');
const RUN_START = '2026-03-15T09:59:00.000Z';
const WHO = { accountId: 'acc-1', email: 'bob.mover@acme.example', name: 'Bob Mover' };

function entry(over: Partial<WatchEntry> = {}): WatchEntry {
  return {
    ...WHO,
    unlockedAt: '2026-03-10T10:00:00.000Z',
    until: '2026-03-24T10:00:00.000Z',
    lastCheckedAt: null,
    relocked: null,
    ...over,
  };
}

function link(over: Partial<LinkEvidence> = {}): LinkEvidence {
  return {
    directoryId: 'dir-okta',
    directoryName: 'Okta Workforce',
    scimUserId: 'scim-1',
    record: 'known',
    active: true,
    lastModified: '2026-03-15T09:00:00.000Z',
    ...over,
  };
}

const LINKED: Relock = {
  at: NOW.toISOString(),
  directoryId: 'dir-okta',
  directoryName: 'Okta Workforce',
  state: 'linked',
};
const DEACTIVATED: Relock = { ...LINKED, state: 'deactivated' };

describe('newWatch', () => {
  it.each([
    [14, '2026-03-24T10:00:00.000Z'],
    [1, '2026-03-11T10:00:00.000Z'],
    [90, '2026-06-08T10:00:00.000Z'],
  ])('%i days after the unlock → until %s', (days, until) => {
    expect(newWatch(WHO, new Date('2026-03-10T10:00:00.000Z'), days)).toEqual({
      ...WHO,
      unlockedAt: '2026-03-10T10:00:00.000Z',
      until,
      lastCheckedAt: null,
      relocked: null,
    });
  });
});

describe('isExpired', () => {
  it.each<[string, WatchEntry, boolean, boolean]>([
    ['inside the window', entry(), true, false],
    ['at the end of the window', entry({ until: NOW.toISOString() }), true, true],
    ['past the window', entry({ until: '2026-03-01T00:00:00.000Z' }), true, true],
    [
      'past the window but re-locked',
      entry({ until: '2026-03-01T00:00:00.000Z', relocked: LINKED }),
      true,
      false,
    ],
    ['re-locked inside the window', entry({ relocked: LINKED }), true, false],
    [
      'past the window, re-locked, watch off',
      entry({ until: '2026-03-01T00:00:00.000Z', relocked: LINKED }),
      false,
      true,
    ],
    ['inside the window, watch off', entry(), false, false],
  ])('%s → %s', (_name, e, watchOn, expired) => {
    expect(isExpired(e, NOW, watchOn)).toBe(expired);
  });
});

describe('selectRecheck', () => {
  const entries: WatchEntry[] = [
    entry({ accountId: 'a-never' }),
    entry({ accountId: 'b-old', lastCheckedAt: '2026-03-14T10:00:00.000Z' }),
    entry({ accountId: 'c-older', lastCheckedAt: '2026-03-13T10:00:00.000Z' }),
    entry({ accountId: 'd-this-run', lastCheckedAt: '2026-03-15T09:59:30.000Z' }),
    entry({ accountId: 'e-expired', until: '2026-03-15T09:00:00.000Z' }),
    entry({ accountId: 'f-relocked', lastCheckedAt: '2026-03-14T12:00:00.000Z', relocked: LINKED }),
    entry({
      accountId: 'g-relocked-past-window',
      until: '2026-03-01T00:00:00.000Z',
      lastCheckedAt: '2026-03-14T13:00:00.000Z',
      relocked: DEACTIVATED,
    }),
  ];
  it.each<[string, { alreadyChecked: number; perRun: number; max: number }, string[]]>([
    [
      're-locked first, then never checked, then oldest check; not this run’s, not expired',
      { alreadyChecked: 0, perRun: 500, max: 50 },
      ['f-relocked', 'g-relocked-past-window', 'a-never', 'c-older', 'b-old'],
    ],
    [
      'one verify call at most',
      { alreadyChecked: 0, perRun: 500, max: 2 },
      ['f-relocked', 'g-relocked-past-window'],
    ],
    [
      'the run’s cap bounds the unit',
      { alreadyChecked: 497, perRun: 500, max: 50 },
      ['f-relocked', 'g-relocked-past-window', 'a-never'],
    ],
    ['nothing once the run’s cap is spent', { alreadyChecked: 500, perRun: 500, max: 50 }, []],
  ])('%s', (_name, opts, ids) => {
    expect(selectRecheck(entries, { now: NOW, runStartedAt: RUN_START, ...opts })).toEqual(ids);
  });

  it('is empty when every entry was checked in this run', () => {
    const checked = entries.map((e) => ({ ...e, lastCheckedAt: '2026-03-15T09:59:30.000Z' }));
    expect(
      selectRecheck(checked, { now: NOW, runStartedAt: RUN_START, alreadyChecked: 0, perRun: 500, max: 50 }),
    ).toEqual([]);
  });
});

describe('relockOf', () => {
  it.each<[string, LinkEvidence[], Relock | null]>([
    ['no link: the IdP left the account alone', [], null],
    ['a link with an active record: linked again', [link()], LINKED],
    ['a link whose record is not readable: linked again', [link({ record: 'no-key', active: null })], LINKED],
    ['an inactive record: deactivated again', [link({ active: false })], DEACTIVATED],
    [
      'the inactive directory is named, not the first link',
      [link({ directoryId: 'dir-entra', directoryName: 'Entra' }), link({ active: false })],
      DEACTIVATED,
    ],
    ['a directory without a name', [link({ directoryName: null })], { ...LINKED, directoryName: null }],
  ])('%s', (_name, links, expected) => {
    expect(relockOf(links, NOW)).toEqual(expected);
  });
});

describe('relockWords', () => {
  it.each<[Relock, RegExp]>([
    [LINKED, /Okta Workforce linked this account again/],
    [DEACTIVATED, /Okta Workforce deactivated this account again/],
    [{ ...LINKED, directoryName: null }, /directory dir-okta linked/],
  ])('%j says what happened', (relock, said) => {
    const words = relockWords(relock);
    expect(words.reason).toMatch(said);
    expect(words.fix).toMatch(/remove the user from the Atlassian app assignment/);
    expect(words.fix).toMatch(/reactivate them there/);
  });
});

describe('reopenAsRelocked', () => {
  const issue = { key: 'ITSUP-7', id: '10007' };
  it.each<[string, Flag | undefined, Relock, Partial<Flag> | null, boolean]>([
    [
      'no flag: a new open flag',
      undefined,
      LINKED,
      { status: 'open', relocked: LINKED, issue: null, confidence: 'medium' },
      true,
    ],
    [
      'resolved by the unlock: reopens in its episode, with its issue',
      flag({ status: 'resolved', issue }),
      DEACTIVATED,
      { status: 'open', episode: '1000', issue, relocked: DEACTIVATED, confidence: 'high' },
      true,
    ],
    [
      'cleared: reopens',
      flag({ status: 'cleared', clearedAt: '2026-03-12T00:00:00.000Z' }),
      LINKED,
      { status: 'open', clearedAt: null, relocked: LINKED },
      true,
    ],
    [
      'open (the scan saw the deactivation): marked',
      flag(),
      DEACTIVATED,
      { status: 'open', relocked: DEACTIVATED },
      true,
    ],
    [
      'already re-locked the same way: kept, not news',
      flag({ relocked: { ...LINKED, at: '2026-03-14T00:00:00.000Z' } }),
      LINKED,
      { relocked: { ...LINKED, at: '2026-03-14T00:00:00.000Z' }, lastSeenAt: NOW.toISOString() },
      false,
    ],
    [
      'linked, now deactivated: news',
      flag({ relocked: { ...LINKED, at: '2026-03-14T00:00:00.000Z' } }),
      DEACTIVATED,
      { relocked: DEACTIVATED },
      true,
    ],
    ['dismissed: left as the admin chose', flag({ status: 'dismissed' }), LINKED, null, false],
  ])('%s', (_name, existing, relock, expected, news) => {
    const result = reopenAsRelocked(existing, WHO, relock, [link()], NOW);
    expect(result.newlyRelocked).toBe(news);
    if (expected === null) {
      expect(result.flag).toBeNull();
      return;
    }
    expect(result.flag).toMatchObject(expected);
    expect(result.flag?.reason).toMatch(/^Re-locked by the IdP: .* Fix it in the identity provider/);
    expect(result.flag?.evidence?.links).toEqual([link()]);
  });
});

describe('clearReleased', () => {
  it.each<[string, Flag | undefined, boolean]>([
    ['no flag', undefined, false],
    ['an open re-locked flag', flag({ relocked: LINKED }), true],
    ['an open flag the scan raised', flag(), false],
    ['a dismissed re-locked flag', flag({ status: 'dismissed', relocked: LINKED }), false],
    ['a resolved re-locked flag', flag({ status: 'resolved', relocked: LINKED }), false],
  ])('%s → cleared=%s', (_name, f, cleared) => {
    const result = clearReleased(f, NOW);
    expect(result !== null).toBe(cleared);
    if (result) expect(result).toMatchObject({ status: 'cleared', clearedAt: NOW.toISOString() });
  });
});

describe('afterRecheck', () => {
  it.each<[string, Relock | null, boolean, Relock | null]>([
    ['left alone', null, false, null],
    ['re-locked with an open flag', LINKED, true, LINKED],
    ['re-locked but the flag was dismissed: released', LINKED, false, null],
  ])('%s', (_name, relock, flagOpen, stored) => {
    expect(afterRecheck(entry(), relock, flagOpen, NOW)).toEqual(
      entry({ lastCheckedAt: NOW.toISOString(), relocked: stored }),
    );
  });
});

describe('clearIfUnseen and re-locked flags', () => {
  it.each<[string, Flag, boolean]>([
    ['an unseen re-locked flag stays for the watch to close', flag({ relocked: LINKED }), false],
    ['an unseen dismissed re-locked flag stays too', flag({ status: 'dismissed', relocked: LINKED }), false],
    ['an unseen flag the scan raised is cleared', flag(), true],
  ])('%s', (_name, f, cleared) => {
    expect(clearIfUnseen(f, RUN_START, NOW) !== null).toBe(cleared);
  });
});
