import type { ScanRun } from '../../../../src/contract/app/records';
import { Settings } from '../../../../src/contract/app/records';
import { describeOutcome, formatAgo, formatTime, plural, shortId } from '../../../../static/shared/format';
import { parseLookupInput } from '../../../../static/shared/lookup';
import { checkReason } from '../../../../static/shared/reason';
import { describeScanRun, isScanRunning } from '../../../../static/shared/scan';
import { parseSettingsForm, settingsToForm, type SettingsForm } from '../../../../static/shared/settings';

describe('formatTime', () => {
  it.each([
    ['2026-03-04T05:06:07.890Z', '2026-03-04 05:06 UTC'],
    [null, '—'],
    [undefined, '—'],
    ['', '—'],
    ['not a date', '—'],
  ])('%j → %s', (iso, expected) => {
    expect(formatTime(iso)).toBe(expected);
  });
});

describe('formatAgo', () => {
  const now = new Date('2026-03-10T12:00:00.000Z');
  it.each([
    ['2026-03-10T11:59:30.000Z', 'less than a minute ago'],
    ['2026-03-10T11:59:00.000Z', '1 minute ago'],
    ['2026-03-10T11:15:00.000Z', '45 minutes ago'],
    ['2026-03-10T10:00:00.000Z', '2 hours ago'],
    ['2026-03-09T12:00:00.000Z', '1 day ago'],
    ['2026-02-24T12:00:00.000Z', '2 weeks ago'],
    ['2026-03-10T12:05:00.000Z', 'just now'],
    [null, 'never'],
    ['garbage', 'never'],
  ])('%j → %s', (iso, expected) => {
    expect(formatAgo(iso, now)).toBe(expected);
  });
});

describe('small words', () => {
  it('pluralises', () => {
    expect([plural(0, 'page'), plural(1, 'page'), plural(2, 'entry', 'entries')]).toEqual([
      '0 pages',
      '1 page',
      '2 entries',
    ]);
  });

  it('shortens long ids only', () => {
    expect(shortId('short')).toBe('short');
    expect(shortId('5b10ac8d82e05b22cc7d4ef5')).toBe('5b10ac…7d4ef5');
  });

  it('says that a dry run changed nothing and a partial run left work', () => {
    expect(describeOutcome('planned').sentence).toMatch(/Nothing has been changed/);
    expect(describeOutcome('partial')).toMatchObject({ label: 'Partly done', tone: 'moved' });
    expect(describeOutcome('unlocked').tone).toBe('success');
    expect(describeOutcome('blocked').tone).toBe('removed');
  });
});

describe('parseLookupInput', () => {
  it.each([
    ['ana@example.com', { query: { email: 'ana@example.com' } }],
    ['  ana@example.com ', { query: { email: 'ana@example.com' } }],
    ['5b10ac8d82e05b22cc7d4ef5', { query: { accountId: '5b10ac8d82e05b22cc7d4ef5' } }],
    ['557058:f0e1d2c3-b4a5', { query: { accountId: '557058:f0e1d2c3-b4a5' } }],
  ])('%j', (text, expected) => {
    expect(parseLookupInput(text)).toEqual(expected);
  });

  it.each([
    ['', /Enter an email address or an Atlassian account ID/],
    ['   ', /Enter an email/],
    ['ana@', /not a valid email address/],
    ['../admin', /An account ID has/],
    ['has space', /An account ID has/],
  ])('refuses %j', (text, problem) => {
    const r = parseLookupInput(text);
    expect('problem' in r && r.problem).toMatch(problem);
  });
});

describe('checkReason', () => {
  it.each([
    ['Moved teams', true, null],
    ['', true, 'Enter a reason.'],
    ['   ', true, 'Enter a reason.'],
    ['', false, null],
    ['x'.repeat(500), true, null],
    ['x'.repeat(501), true, 'Keep the reason under 501 characters.'],
  ])('%j (required %s)', (value, required, expected) => {
    expect(checkReason(value, required)).toBe(expected);
  });
});

describe('settings form', () => {
  const saved: Settings = {
    scanEnabled: true,
    cadence: 'every-6-hours',
    projectKey: 'ITSUP',
    issueTypeName: 'Task',
    label: 'scim-unlock',
    scanPageSize: 50,
    scanPagesPerInvocation: 10,
    scanVerifyWindowHours: 48,
    defaultUnlinkMethod: 'delete',
    idpSync: 'off',
    idpSyncCadence: 'daily',
    idpSyncMaxDeactivations: null,
    relockWatchDays: 14,
  };

  it('round-trips saved settings', () => {
    expect(parseSettingsForm(settingsToForm(saved))).toEqual({ settings: saved });
  });

  it('accepts 0 days as "re-lock watch off"', () => {
    const form = settingsToForm(saved);
    expect(parseSettingsForm({ ...form, relockWatchDays: '0' })).toEqual({
      settings: { ...saved, relockWatchDays: 0 },
    });
  });

  it('upper-cases the project key and turns an empty one into "post nothing"', () => {
    const form = settingsToForm(saved);
    expect(parseSettingsForm({ ...form, projectKey: ' itsup ' })).toEqual({ settings: saved });
    expect(parseSettingsForm({ ...form, projectKey: '' })).toEqual({
      settings: { ...saved, projectKey: null },
    });
  });

  it.each<[Partial<SettingsForm>, Array<keyof SettingsForm>]>([
    [{ projectKey: '1X' }, ['projectKey']],
    [{ issueTypeName: '  ' }, ['issueTypeName']],
    [{ label: 'has space' }, ['label']],
    [{ scanPageSize: '0' }, ['scanPageSize']],
    [{ scanPageSize: '101' }, ['scanPageSize']],
    [{ scanPageSize: '2.5' }, ['scanPageSize']],
    [{ scanVerifyWindowHours: 'ten' }, ['scanVerifyWindowHours']],
    [{ scanVerifyWindowHours: '0' }, ['scanVerifyWindowHours']],
    [{ projectKey: 'x y', scanVerifyWindowHours: '721' }, ['projectKey', 'scanVerifyWindowHours']],
    [{ relockWatchDays: '91' }, ['relockWatchDays']],
    [{ relockWatchDays: '-1' }, ['relockWatchDays']],
    [{ relockWatchDays: '' }, ['relockWatchDays']],
  ])('%j is refused on exactly %j', (change, fields) => {
    const r = parseSettingsForm({ ...settingsToForm(saved), ...change });
    expect('problems' in r).toBe(true);
    if ('problems' in r) expect(Object.keys(r.problems).sort()).toEqual([...fields].sort());
  });
});

describe('describeScanRun', () => {
  const run = (over: Partial<ScanRun>): ScanRun => ({
    runId: 's0000000000001abcdef',
    trigger: 'manual',
    startedBy: 'admin-1',
    startedAt: '2026-03-04T05:06:07.000Z',
    finishedAt: null,
    status: 'running',
    phase: null,
    hops: 0,
    totals: {
      pages: 1,
      candidates: 0,
      verified: 0,
      rechecked: 0,
      seen: 50,
      newlyFlagged: 2,
      posted: 1,
      postFailed: 0,
      cleared: 0,
    },
    error: null,
    ...over,
  });

  it('shows progress while running', () => {
    expect(isScanRunning(run({}))).toBe(true);
    expect(describeScanRun(run({}))).toEqual({
      title: 'Scan in progress…',
      detail:
        'Reading the deactivated accounts (invocation 1). So far: 1 page, 50 accounts checked, 2 newly flagged, 1 issue posted, 0 cleared; 0 deactivated accounts read, 0 verified, 0 re-checked.',
    });
  });

  it('says which phase a run that spans invocations is in', () => {
    const words = describeScanRun(
      run({
        phase: 'rotation',
        hops: 2,
        totals: {
          pages: 3,
          candidates: 250,
          verified: 12,
          rechecked: 40,
          seen: 240,
          newlyFlagged: 2,
          posted: 2,
          postFailed: 0,
          cleared: 1,
        },
      }),
    );
    expect(words.detail).toBe(
      'Re-checking accounts verified earlier (invocation 3). So far: 3 pages, 240 accounts checked, 2 newly flagged, 2 issues posted, 1 cleared; 250 deactivated accounts read, 12 verified, 40 re-checked.',
    );
  });

  it('reports failed posts after a completed run', () => {
    const words = describeScanRun(
      run({
        status: 'completed',
        totals: {
          pages: 2,
          candidates: 0,
          verified: 0,
          rechecked: 0,
          seen: 1,
          newlyFlagged: 0,
          posted: 0,
          postFailed: 2,
          cleared: 3,
        },
      }),
    );
    expect(words.title).toBe('Last scan completed');
    expect(words.detail).toBe(
      '2 pages, 1 account checked, 0 newly flagged, 0 issues posted, 3 cleared; 0 deactivated accounts read, 0 verified, 0 re-checked. 2 issues could not be posted; they are retried on the next scan.',
    );
  });

  it('says what to do after a truncated run and why a run failed', () => {
    const truncated = describeScanRun(
      run({ status: 'truncated', error: 'The scan needed more than 200 continuations.' }),
    );
    expect(truncated.detail).toMatch(
      /^The scan needed more than 200 continuations\. Flags were not cleared\./,
    );
    expect(truncated.detail).toMatch(/Run the scan again\.$/);
    expect(describeScanRun(run({ status: 'failed', error: 'The proxy is unreachable.' })).detail).toMatch(
      /^The proxy is unreachable\. Before it stopped:/,
    );
    expect(describeScanRun(run({ status: 'failed' })).detail).toMatch(/^The scan stopped with an error\./);
  });
});
