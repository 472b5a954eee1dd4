import {
  IDP_PROBLEM_TYPES,
  type IdpPlanEntry,
  type IdpSyncResponse,
} from '../../../../../src/contract/proxy';
import {
  idpIssueDescription,
  idpIssueSummary,
  ISSUE_LIST_MAX,
} from '../../../../../src/forge/idp-sync/report-issue';
import {
  IDP_STORED_MAX,
  IdpRun,
  IdpSyncState,
  type OpenAbort,
} from '../../../../../src/contract/app/idp-records';
import { problemToError } from '../../../../../src/forge/platform/proxy-client';
import { checkValue } from '../../../../../src/forge/platform/repository';
import {
  actionWords,
  answeredRun,
  auditOutcome,
  auditRemaining,
  auditSummary,
  compactResult,
  failedRun,
  issueDecision,
  newRun,
  nextOpenAbort,
  onBehalfOf,
} from '../../../../../src/forge/idp-sync/domain/run-report';

const entry = (i: number, over: Partial<IdpPlanEntry> = {}): IdpPlanEntry => ({
  accountId: `acc-${i}`,
  email: `user${i}@acme.example`,
  idpState: 'disabled',
  action: 'deactivate',
  reason: 'Deactivate the account (user-management lifecycle disable).',
  calls: [
    {
      operation: 'um.disable',
      method: 'POST',
      path: `/users/acc-${i}/manage/lifecycle/disable`,
      status: null,
    },
  ],
  ...over,
});

function response(over: Partial<IdpSyncResponse> = {}): IdpSyncResponse {
  return {
    dryRun: true,
    realm: 'acme',
    plan: [],
    applied: [],
    skipped: [],
    summary: {
      keycloakUsers: 100,
      keycloakDisabled: 3,
      matchedAccounts: 90,
      unmatchedKeycloakUsers: 10,
      maxDeactivations: 10,
      shareLimit: 4,
    },
    calls: [{ operation: 'keycloak.listUsers', method: 'GET', path: '/keycloak/x', status: 200 }],
    ...over,
  };
}

function run(over: Partial<IdpRun> = {}, result: IdpSyncResponse | null = response()): IdpRun {
  return IdpRun.parse({
    runId: 'i1234567890123abcdef',
    trigger: 'manual',
    startedBy: '557058:admin',
    startedAt: '2026-03-01T10:00:00.000Z',
    finishedAt: '2026-03-01T10:00:05.000Z',
    dryRun: true,
    maxDeactivations: null,
    reason: null,
    status: result === null ? 'failed' : result.aborted === undefined ? 'completed' : 'aborted',
    result: result === null ? null : compactResult(result),
    error: result === null ? { code: 'not-configured', message: 'IdP offboarding is not configured.' } : null,
    issue: null,
    issueNote: null,
    ...over,
  });
}

const ISSUE = { key: 'ITSUP-7', id: '10007' };
const aborted = (rule: 'over-cap' | 'over-share' | 'empty-listing' = 'over-cap') =>
  response({ aborted: { rule, reason: 'Too many.' } });
const appliedOne = response({
  dryRun: false,
  plan: [entry(1)],
  applied: [
    {
      accountId: 'acc-1',
      email: 'user1@acme.example',
      action: 'deactivate',
      outcome: 'done',
      detail: 'Done.',
    },
  ],
});

describe('compactResult', () => {
  it('keeps every count, puts changes first, drops the calls, and says how many it left out', () => {
    const plan = [
      ...Array.from({ length: 200 }, (_, i) => entry(i, { action: 'none', reason: 'Protected.', calls: [] })),
      entry(500, { action: 'suspend' }),
      entry(501),
    ];
    const r = compactResult(response({ plan }));
    expect(r.plan.total).toBe(202);
    expect(r.plan.items).toHaveLength(IDP_STORED_MAX.plan);
    expect(r.plan.items.slice(0, 2).map((p) => [p.accountId, p.action, p.callCount])).toEqual([
      ['acc-501', 'deactivate', 1],
      ['acc-500', 'suspend', 1],
    ]);
    expect(r.plan.items[2]).toMatchObject({ accountId: 'acc-0', action: 'none', callCount: 0 });
    expect(r.plan.items[0]).not.toHaveProperty('calls');
    expect(r.actions).toEqual({ deactivate: 1, suspend: 1, reactivate: 0, none: 200 });
    expect(r.aborted).toBeNull();
    expect(r.calls).toBe(1);
  });

  it('stays within the KVS value limit for the longest texts in every list', () => {
    const long = 'x'.repeat(5000);
    const many = 20_000;
    const r = response({
      realm: long,
      plan: Array.from({ length: many }, (_, i) => entry(i, { reason: long, email: `${long}@x` })),
      applied: Array.from({ length: many }, (_, i) => ({
        accountId: `acc-${i}${long}`,
        email: long,
        action: 'deactivate' as const,
        outcome: 'partial' as const,
        detail: long,
      })),
      skipped: Array.from({ length: many }, (_, i) => ({
        accountId: `acc-${i}`,
        email: long,
        code: 'failed' as const,
        detail: long,
      })),
      aborted: { rule: 'over-cap', reason: long },
    });
    const state = IdpSyncState.parse({
      lastScheduledAt: null,
      lastRun: run({ reason: 'r'.repeat(500) }, r),
      openAbort: null,
    });
    expect(() => checkValue(state)).not.toThrow();
    const stored = state.lastRun?.result;
    expect(stored?.plan).toMatchObject({ total: many });
    expect(stored?.applied.items).toHaveLength(IDP_STORED_MAX.applied);
    expect(stored?.skipped.items[0]?.detail.length).toBeLessThanOrEqual(300);
    expect(stored?.aborted?.reason.endsWith('…')).toBe(true);
  });
});

describe('issueDecision and nextOpenAbort', () => {
  const open = (rule: OpenAbort['rule']): OpenAbort => ({
    rule,
    issue: ISSUE,
    since: '2026-03-01T00:00:00.000Z',
  });
  const at = new Date('2026-03-02T00:00:00.000Z');

  it.each<[string, IdpRun, OpenAbort | null, boolean, string | null]>([
    ['clean dry run', run(), null, false, null],
    ['dry run with changes planned', run({}, response({ plan: [entry(1)] })), null, false, null],
    ['apply that changed nothing', run({ dryRun: false }, response({ dryRun: false })), null, false, null],
    ['apply that changed an account', run({ dryRun: false }, appliedOne), null, true, null],
    ['failed call', run({}, null), null, false, null],
    ['first abort', run({}, aborted()), null, true, null],
    ['abort by another rule than the open one', run({}, aborted('over-share')), open('over-cap'), true, null],
    ['the same abort again', run({}, aborted('over-cap')), open('over-cap'), false, ISSUE.key],
  ])('%s', (_name, r, openAbort, post, reused) => {
    const d = issueDecision(r, openAbort);
    expect(d.post).toBe(post);
    if (!d.post) expect(d.reuse?.key ?? null).toBe(reused);
  });

  it.each<[string, IdpRun, OpenAbort | null, OpenAbort | null]>([
    [
      'a posted abort opens the report',
      run({ issue: ISSUE }, aborted()),
      null,
      { ...open('over-cap'), since: at.toISOString() },
    ],
    ['an abort whose post failed opens nothing (the next one posts)', run({}, aborted()), null, null],
    [
      'the same abort keeps the open report',
      run({ issue: ISSUE }, aborted()),
      open('over-cap'),
      open('over-cap'),
    ],
    ['a run that got through closes it', run(), open('over-cap'), null],
    ['a failed call leaves it as it was', run({}, null), open('over-cap'), open('over-cap')],
  ])('%s', (_name, r, previous, expected) => {
    expect(nextOpenAbort(r, previous, at)).toEqual(expected);
  });
});

describe('audit words', () => {
  const partial = response({
    dryRun: false,
    applied: [{ accountId: 'a', email: 'a@x', action: 'deactivate', outcome: 'partial', detail: 'Half.' }],
  });
  const failedOnly = response({
    dryRun: false,
    skipped: [{ accountId: 'b', email: 'b@x', code: 'failed', detail: 'HTTP 500.' }],
  });
  const decisionsOnly = response({
    dryRun: false,
    skipped: [
      { accountId: 'c', email: 'c@x', code: 'protected', detail: 'Protected.' },
      { accountId: 'd', email: 'd@x', code: 'blocked', detail: 'Still SCIM-managed.' },
    ],
  });

  it.each<[string, string, IdpRun]>([
    ['failed call', 'failed', run({}, null)],
    ['breaker', 'blocked', run({}, aborted())],
    ['dry run with changes', 'planned', run({}, response({ plan: [entry(1)] }))],
    ['dry run without changes', 'no-op', run()],
    ['apply with a change', 'success', run({ dryRun: false }, appliedOne)],
    ['apply, partly done', 'partial', run({ dryRun: false }, partial)],
    ['apply where the only change failed', 'failed', run({ dryRun: false }, failedOnly)],
    ['apply where everything was a decision not to act', 'no-op', run({ dryRun: false }, decisionsOnly)],
  ])('%s → %s', (_name, outcome, r) => {
    expect(auditOutcome(r)).toBe(outcome);
  });

  it('summarises each kind of run in one line', () => {
    expect(auditSummary(run({}, null))).toBe(
      'IdP sync (dry run, Run now) failed: IdP offboarding is not configured.',
    );
    expect(auditSummary(run({}, aborted()))).toBe(
      'IdP sync (dry run, Run now), realm acme: stopped by the circuit breaker (over-cap): Too many. Nothing was applied.',
    );
    expect(auditSummary(run({}, response({ plan: [entry(1), entry(2, { action: 'suspend' })] })))).toBe(
      'IdP sync (dry run, Run now), realm acme: 1 to deactivate, 1 to suspend. Nothing was applied.',
    );
    expect(auditSummary(run({ dryRun: false, trigger: 'schedule', reason: 'HR list' }, appliedOne))).toBe(
      'IdP sync (apply, scheduled), realm acme: 1 deactivated; 0 accounts skipped. Reason: HR list',
    );
  });

  it('lists what an apply left undone, not the decisions', () => {
    expect(auditRemaining(run({ dryRun: false }, failedOnly))).toEqual(['b@x (failed): HTTP 500.']);
    expect(auditRemaining(run({ dryRun: false }, partial))).toEqual(['a@x (partial): Half.']);
    expect(auditRemaining(run({ dryRun: false }, decisionsOnly))).toEqual([]);
  });

  it.each([
    [{ deactivate: 0, suspend: 0, reactivate: 0, none: 4 }, 'plan', 'no account to change'],
    [{ deactivate: 2, suspend: 0, reactivate: 1, none: 0 }, 'plan', '2 to deactivate, 1 to reactivate'],
    [{ deactivate: 1, suspend: 3, reactivate: 0, none: 0 }, 'done', '1 deactivated, 3 suspended'],
  ] as const)('actionWords(%j, %s) → %s', (counts, tense, words) => {
    expect(actionWords(counts, tense)).toBe(words);
  });
});

describe('the Jira report', () => {
  it('an applied run: summary with counts and realm, every applied account in the description', () => {
    const r = run({ dryRun: false, reason: 'HR list' }, appliedOne);
    expect(idpIssueSummary(r)).toBe('IdP offboarding: 1 deactivated (realm acme)');
    const text = JSON.stringify(idpIssueDescription(r));
    expect(text).toContain('user1@acme.example');
    expect(text).toContain('Reason given: HR list');
    expect(text).not.toContain('"text":""');
  });

  it('an abort: the rule and the reason, and the planned changes, capped with a count of the rest', () => {
    const plan = Array.from({ length: ISSUE_LIST_MAX + 7 }, (_, i) => entry(i));
    const r = run({}, response({ plan, aborted: { rule: 'over-share', reason: 'More than 5 %.' } }));
    expect(idpIssueSummary(r)).toBe(
      'IdP offboarding stopped by the circuit breaker: over-share (realm acme)',
    );
    const text = JSON.stringify(idpIssueDescription(r));
    expect(text).toContain('More than 5 %.');
    expect(text).toContain(`${ISSUE_LIST_MAX + 7} to deactivate`);
    expect(text).toContain('… and 7 more');
    expect(text).not.toContain(`user${ISSUE_LIST_MAX}@`);
  });

  it('keeps the summary within 255 characters', () => {
    const r = run({}, { ...aborted(), realm: 'r'.repeat(400) });
    expect(idpIssueSummary(r).length).toBe(255);
  });
});

describe('proxy problems of the sync', () => {
  it.each([
    [IDP_PROBLEM_TYPES.notConfigured, 501, 'not-configured', /KEYCLOAK_URL/],
    [IDP_PROBLEM_TYPES.syncRunning, 409, 'conflict', /already running on the org-admin proxy/],
  ])('%s (%i) → %s, in the app’s words', (type, status, code, words) => {
    const err = problemToError(status, { type, title: 'T', status, detail: 'proxy detail' });
    expect(err.code).toBe(code);
    expect(err.message).toMatch(words);
    expect(err.details).toMatchObject({ status, problemType: type });
  });
});

describe('the run record through its life', () => {
  const started = newRun({
    runId: 'i1234567890123abcdef',
    trigger: 'manual',
    startedBy: '557058:admin',
    at: new Date('2026-03-01T10:00:00.000Z'),
    dryRun: true,
    maxDeactivations: 5,
    reason: 'quarterly check',
  });
  const end = new Date('2026-03-01T10:00:05.000Z');

  test('a new run is running, stamped with the injected time, and valid', () => {
    expect(IdpRun.parse(started)).toEqual(started);
    expect([started.status, started.startedAt, started.finishedAt]).toEqual([
      'running',
      '2026-03-01T10:00:00.000Z',
      null,
    ]);
  });

  test.each<[string, IdpSyncResponse, IdpRun['status']]>([
    ['an answer', response(), 'completed'],
    ['an answer whose breaker tripped', aborted('over-share'), 'aborted'],
  ])('%s', (_name, answer, status) => {
    const done = answeredRun(started, answer, end);
    expect([done.status, done.finishedAt, done.error]).toEqual([status, '2026-03-01T10:00:05.000Z', null]);
    expect(done.result).toEqual(compactResult(answer));
  });

  test('no answer', () => {
    const failed = failedRun(started, { code: 'unavailable', message: 'Down.' }, end);
    expect(IdpRun.parse(failed)).toMatchObject({
      status: 'failed',
      result: null,
      error: { code: 'unavailable', message: 'Down.' },
      finishedAt: '2026-03-01T10:00:05.000Z',
    });
  });

  test.each<[IdpRun['trigger'], string, object]>([
    ['manual', '557058:admin', { kind: 'user', accountId: '557058:admin' }],
    ['schedule', 'app', { kind: 'scheduled' }],
  ])('onBehalfOf a %s run', (trigger, startedBy, expected) => {
    expect(onBehalfOf({ trigger, startedBy })).toEqual(expected);
  });
});
