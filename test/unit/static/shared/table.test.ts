import {
  countFlags,
  filterFlags,
  sortFlags,
  sortRanks,
  type FlagSortKey,
} from '../../../../static/shared/table';
import { flag } from './fixtures';

const flags = [
  flag({
    accountId: 'a1',
    name: 'bob',
    email: 'b@x.io',
    status: 'open',
    confidence: 'low',
    issue: { key: 'IT-10', id: '10' },
  }),
  flag({
    accountId: 'a2',
    name: 'Alice',
    email: null,
    status: 'cleared',
    confidence: 'high',
    issue: { key: 'IT-9', id: '9' },
  }),
  flag({
    accountId: 'a3',
    name: null,
    email: 'c@x.io',
    status: 'open',
    confidence: 'medium',
    lastSeenAt: '2026-02-01T00:00:00.000Z',
  }),
  flag({ accountId: 'a4', name: 'carol', email: 'carol@corp.io', status: 'dismissed', confidence: 'high' }),
];
const ids = (fs: { accountId: string }[]) => fs.map((f) => f.accountId);

describe('sortFlags', () => {
  it.each<[FlagSortKey, string[]]>([
    ['name', ['a3', 'a2', 'a1', 'a4']],
    ['email', ['a2', 'a1', 'a3', 'a4']],
    ['status', ['a2', 'a4', 'a1', 'a3']],
    ['confidence', ['a1', 'a3', 'a2', 'a4']],
    ['lastSeenAt', ['a1', 'a2', 'a4', 'a3']],
    ['issue', ['a3', 'a4', 'a2', 'a1']],
  ])('ascending by %s', (key, expected) => {
    expect(ids(sortFlags(flags, key, 'ASC'))).toEqual(expected);
  });

  it('sorts issue keys by their number (IT-9 before IT-10)', () => {
    expect(ids(sortFlags(flags, 'issue', 'ASC')).slice(2)).toEqual(['a2', 'a1']);
  });

  it('keeps the input order of equal keys in both directions (stable)', () => {
    expect(ids(sortFlags(flags, 'firstDetectedAt', 'ASC'))).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(ids(sortFlags(flags, 'firstDetectedAt', 'DESC'))).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(ids(sortFlags(flags, 'confidence', 'DESC'))).toEqual(['a2', 'a4', 'a3', 'a1']);
  });

  it('does not change its input', () => {
    const before = ids(flags);
    sortFlags(flags, 'name', 'DESC');
    expect(ids(flags)).toEqual(before);
  });
});

describe('filterFlags', () => {
  it.each<[string, 'all' | 'open' | 'cleared' | 'dismissed' | 'resolved', string[]]>([
    ['', 'all', ['a1', 'a2', 'a3', 'a4']],
    ['', 'open', ['a1', 'a3']],
    ['', 'resolved', []],
    ['ALICE', 'all', ['a2']],
    ['x.io', 'all', ['a1', 'a3']],
    ['a4', 'all', ['a4']],
    ['it-10', 'all', ['a1']],
    ['  carol  ', 'all', ['a4']],
    ['carol', 'open', []],
    ['nobody', 'all', []],
  ])('text %j, status %s', (text, status, expected) => {
    expect(ids(filterFlags(flags, { text, status }))).toEqual(expected);
  });
});

describe('countFlags', () => {
  it('counts every status and the total', () => {
    expect(countFlags(flags)).toEqual({ all: 4, open: 2, dismissed: 1, resolved: 0, cleared: 1 });
    expect(countFlags([])).toEqual({ all: 0, open: 0, dismissed: 0, resolved: 0, cleared: 0 });
  });
});

describe('sortRanks', () => {
  it('gives each account its position in the ascending order', () => {
    const ranks = sortRanks(flags, 'name');
    expect(['a3', 'a2', 'a1', 'a4'].map((id) => ranks.get(id))).toEqual([0, 1, 2, 3]);
  });
});
