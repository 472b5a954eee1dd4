import { NO_DIRECTORY } from '../../../../../../src/contract/app/resolvers';
import { directoryOptions, statusOptions } from '../../../../../../static/admin/src/flags/flag-filters';
import { normaliseQuery } from '../../../../../../static/admin/src/flags/use-flag-page';

describe('flag filter choices', () => {
  it('labels each status with its count, and without one before the first answer', () => {
    expect(statusOptions(null).map((o) => o.label)).toEqual([
      'All',
      'Open',
      'Dismissed',
      'Resolved',
      'Cleared',
    ]);
    expect(
      statusOptions({ all: 5000, open: 4000, dismissed: 500, resolved: 300, cleared: 200 }).map(
        (o) => o.label,
      ),
    ).toEqual(['All (5000)', 'Open (4000)', 'Dismissed (500)', 'Resolved (300)', 'Cleared (200)']);
  });

  it('lists every directory of the status by name after "All directories"', () => {
    expect(
      directoryOptions([
        { directoryId: 'd2', directoryName: 'Okta', count: 3 },
        { directoryId: NO_DIRECTORY, directoryName: null, count: 1 },
        { directoryId: 'd1', directoryName: null, count: 2 },
      ]),
    ).toEqual([
      { value: null, label: 'All directories' },
      { value: 'd1', label: 'd1 (2)' },
      { value: NO_DIRECTORY, label: 'No SCIM link evidence (1)' },
      { value: 'd2', label: 'Okta (3)' },
    ]);
  });

  it.each([
    [{ status: 'all', directoryId: 'd1' }, null],
    [{ status: 'open', directoryId: 'd1' }, 'd1'],
  ] as const)('keeps a directory filter only with a status: %j', (q, want) => {
    expect(normaliseQuery({ ...q, sort: 'lastSeenAt', order: 'desc' }).directoryId).toBe(want);
  });
});
