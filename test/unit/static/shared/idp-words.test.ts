import type { IdpRun, IdpRunResult } from '../../../../src/contract/app/idp-records';
import { DEFAULT_SETTINGS, type Settings } from '../../../../src/contract/app/records';
import {
  describeIdpReport,
  describeIdpProgress,
  describeIdpRun,
  describeIdpSchedule,
  idpFacts,
  idpPhase,
  isIdpBusy,
  leftOutNote,
} from '../../../../static/shared/idp';
import { parseSettingsForm, settingsToForm } from '../../../../static/shared/settings';

const counts = (over: Partial<IdpRunResult['actions']> = {}) => ({
  deactivate: 0,
  suspend: 0,
  reactivate: 0,
  none: 0,
  ...over,
});

function result(over: Partial<IdpRunResult> = {}): IdpRunResult {
  return {
    realm: 'acme',
    summary: {
      keycloakUsers: 120,
      keycloakDisabled: 4,
      matchedAccounts: 100,
      unmatchedKeycloakUsers: 20,
      maxDeactivations: 10,
      shareLimit: 5,
    },
    aborted: null,
    actions: counts(),
    appliedActions: counts(),
    plan: { items: [], total: 0 },
    applied: { items: [], total: 0 },
    skipped: { items: [], total: 0 },
    calls: 7,
    ...over,
  };
}

function run(over: Partial<IdpRun> = {}): IdpRun {
  return {
    runId: 'i1234567890123abcdef',
    trigger: 'manual',
    startedBy: '557058:admin',
    startedAt: '2026-03-01T10:00:00.000Z',
    finishedAt: '2026-03-01T10:00:05.000Z',
    dryRun: true,
    maxDeactivations: null,
    reason: null,
    status: 'completed',
    result: result(),
    error: null,
    proxyRunId: null,
    progress: null,
    issue: null,
    issueNote: null,
    ...over,
  };
}

const state = (lastRun: IdpRun | null) => ({ lastScheduledAt: null, lastRun, openAbort: null });

describe('idpPhase', () => {
  it.each<[string, IdpRun | null, boolean, string]>([
    ['nothing ever ran', null, false, 'never'],
    ['a run was just claimed', null, true, 'running'],
    ['running with the lock', run({ status: 'running', result: null }), true, 'running'],
    [
      'running without the lock: its invocation died',
      run({ status: 'running', result: null }),
      false,
      'interrupted',
    ],
    ['completed', run(), false, 'completed'],
    ['aborted', run({ status: 'aborted' }), false, 'aborted'],
    ['failed', run({ status: 'failed', result: null }), false, 'failed'],
    ['a finished run while a new one is claimed', run(), true, 'completed'],
  ])('%s → %s', (_name, last, running, phase) => {
    expect(idpPhase({ state: state(last), running })).toBe(phase);
    expect(isIdpBusy({ state: state(last), running })).toBe(phase === 'running');
  });
});

describe('describeIdpProgress: a run under way, from what the proxy last said', () => {
  it.each<[string, IdpRun['progress'], string]>([
    ['not started by the proxy yet', null, 'Waiting for the org-admin proxy to start the run…'],
    ['listing', { phase: 'listing', toApply: 0, attempted: 0, hops: 0 }, 'Listing the Keycloak realm…'],
    [
      'applying',
      { phase: 'applying', toApply: 300, attempted: 120, hops: 2 },
      'Applying: 120 of 300 accounts done.',
    ],
    [
      'applying one',
      { phase: 'applying', toApply: 1, attempted: 0, hops: 0 },
      'Applying: 0 of 1 account done.',
    ],
  ])('%s', (_name, progress, words) => {
    expect(describeIdpProgress(progress)).toBe(words);
    expect(
      describeIdpRun(run({ status: 'running', result: null, finishedAt: null, progress }), 'running').detail,
    ).toContain(words);
  });
});

describe('describeIdpRun', () => {
  const started = 'started with Run now at 2026-03-01 10:00 UTC.';
  it.each<[string, IdpRun, string, string, RegExp]>([
    [
      'in progress',
      run({ status: 'running', result: null }),
      'running',
      'IdP sync in progress…',
      /^Dry run started with Run now/,
    ],
    [
      'interrupted',
      run({ status: 'running', result: null }),
      'interrupted',
      'The last IdP sync did not finish',
      /run it again as a dry run first/,
    ],
    [
      'failed, with the typed error’s words',
      run({
        status: 'failed',
        result: null,
        error: {
          code: 'not-configured',
          message: 'IdP offboarding is not configured on the org-admin proxy.',
        },
      }),
      'failed',
      'The last IdP sync failed',
      /not configured on the org-admin proxy\.$/,
    ],
    [
      'stopped by the breaker before planning',
      run({
        status: 'aborted',
        result: result({ aborted: { rule: 'over-share', reason: '40 active accounts look like leavers.' } }),
      }),
      'aborted',
      'Stopped by the circuit breaker: more deactivations than 5 % of the matched accounts',
      /40 active accounts look like leavers\. Nothing was applied\.$/,
    ],
    [
      'stopped by the breaker with a plan',
      run({
        status: 'aborted',
        result: result({
          aborted: { rule: 'over-cap', reason: '12 planned, cap 10.' },
          actions: counts({ deactivate: 12 }),
        }),
      }),
      'aborted',
      'Stopped by the circuit breaker: more deactivations than the cap allows',
      /Nothing was applied\. The plan had 12 to deactivate\.$/,
    ],
    [
      'a dry run with changes',
      run({ result: result({ actions: counts({ deactivate: 2, suspend: 1, none: 5 }) }) }),
      'completed',
      'Dry run: 2 to deactivate, 1 to suspend',
      /Nothing was applied\. Review the plan below/,
    ],
    ['a clean dry run', run(), 'completed', 'Dry run: nothing to do', /No account needs to change/],
    [
      'an apply',
      run({
        dryRun: false,
        trigger: 'schedule',
        result: result({
          appliedActions: counts({ deactivate: 2 }),
          skipped: { items: [], total: 3 },
        }),
      }),
      'completed',
      'Applied: 2 deactivated',
      /^Apply started by the schedule at .* 3 accounts skipped/,
    ],
    [
      'an apply with nothing to do',
      run({ dryRun: false }),
      'completed',
      'Applied: nothing to do',
      /No account needed/,
    ],
  ])('%s', (_name, r, phase, title, detail) => {
    const words = describeIdpRun(r, phase as ReturnType<typeof idpPhase>);
    expect(words.title).toBe(title);
    expect(words.detail).toMatch(detail);
    if (phase !== 'running' && phase !== 'interrupted' && r.status !== 'failed') {
      expect(words.detail).toContain(
        started.replace('with Run now', r.trigger === 'schedule' ? 'by the schedule' : 'with Run now'),
      );
    }
  });

  it('shows a breaker stop and a failure louder than a dry run', () => {
    expect(
      describeIdpRun(
        run({ status: 'aborted', result: result({ aborted: { rule: 'empty-listing', reason: 'x' } }) }),
        'aborted',
      ).appearance,
    ).toBe('warning');
    expect(describeIdpRun(run({ status: 'failed', result: null }), 'failed').appearance).toBe('error');
    expect(describeIdpRun(run(), 'completed').appearance).toBe('success');
  });
});

describe('schedule, report and facts', () => {
  it.each<[Partial<Settings>, string]>([
    [{ idpSync: 'off' }, 'Scheduled IdP offboarding is off.'],
    [
      { idpSync: 'dry-run', idpSyncCadence: 'hourly' },
      'Scheduled IdP offboarding: dry run, hourly; nothing is applied.',
    ],
    [
      { idpSync: 'apply', idpSyncCadence: 'daily', idpSyncMaxDeactivations: 3 },
      'Scheduled IdP offboarding: apply, daily, unless the circuit breaker stops it. At most 3 deactivations a run (or the proxy’s cap, if lower).',
    ],
  ])('%j → %s', (over, words) => {
    expect(describeIdpSchedule({ ...DEFAULT_SETTINGS, ...over })).toBe(words);
  });

  it('says where the run was reported, or why not', () => {
    expect(describeIdpReport(run())).toBeNull();
    expect(describeIdpReport(run({ issue: { key: 'ITSUP-3', id: '3' } }))).toEqual({
      issueKey: 'ITSUP-3',
      note: null,
    });
    expect(describeIdpReport(run({ issueNote: 'No Jira project is chosen.' }))).toEqual({
      issueKey: null,
      note: 'No Jira project is chosen.',
    });
  });

  it('notes how much of a list was left out of storage', () => {
    expect(leftOutNote({ items: [1, 2], total: 2 }, 'plan entries')).toBeNull();
    expect(leftOutNote({ items: [1, 2], total: 9 }, 'plan entries')).toBe(
      'Showing the first 2 of 9 plan entries; 7 more are not kept by the app. The proxy’s answer and its audit log have them all.',
    );
  });

  it('lists the run’s facts', () => {
    expect(idpFacts(run({ result: null }))).toEqual([]);
    expect(Object.fromEntries(idpFacts(run()))).toEqual({
      Realm: 'acme',
      'Keycloak users': '120 (4 disabled)',
      'Matched accounts': '100',
      'Realm users without an account': '20',
      'Cap this run': '10 (5 % rule: 5)',
      'Upstream calls': '7',
    });
  });
});

describe('settings form: the IdP fields', () => {
  const saved: Settings = {
    ...DEFAULT_SETTINGS,
    idpSync: 'apply',
    idpSyncCadence: 'hourly',
    idpSyncMaxDeactivations: 4,
  };

  it('round-trips, and an empty cap means the proxy’s', () => {
    const form = settingsToForm(saved);
    expect(form.idpSyncMaxDeactivations).toBe('4');
    expect(parseSettingsForm(form)).toEqual({ settings: saved });
    expect(parseSettingsForm({ ...form, idpSyncMaxDeactivations: ' ' })).toEqual({
      settings: { ...saved, idpSyncMaxDeactivations: null },
    });
  });

  it.each(['-1', '10001', '2.5', 'ten'])('refuses the cap %j on that field only', (value) => {
    const r = parseSettingsForm({ ...settingsToForm(saved), idpSyncMaxDeactivations: value });
    expect('problems' in r && Object.keys(r.problems)).toEqual(['idpSyncMaxDeactivations']);
  });
});
