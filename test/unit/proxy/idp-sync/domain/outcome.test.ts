import {
  failedVerdict,
  judgeResult,
  notRun,
  NOT_RUN,
} from '../../../../../src/proxy/idp-sync/domain/outcome';

const entry = { accountId: 'aa-1', email: 'a@x', action: 'deactivate' as const };
const step = (status: 'done' | 'failed' | 'skipped' | 'planned', detail: string) => ({ status, detail });

describe('judgeResult: one account’s mutation in the sync’s answer', () => {
  test.each<[string, Parameters<typeof judgeResult>[1], ReturnType<typeof judgeResult>]>([
    [
      'done: applied, the last step that ran says what happened',
      {
        outcome: 'done',
        steps: [step('done', 'Disabled.'), step('done', 'Read back.'), step('skipped', 'x')],
        blockers: [],
      },
      {
        applied: {
          accountId: 'aa-1',
          email: 'a@x',
          action: 'deactivate',
          outcome: 'done',
          detail: 'Read back.',
        },
        skipped: null,
        stop: null,
      },
    ],
    [
      'partial: applied, and the accounts after it are not run',
      { outcome: 'partial', steps: [step('failed', 'Failed.')], blockers: [] },
      {
        applied: {
          accountId: 'aa-1',
          email: 'a@x',
          action: 'deactivate',
          outcome: 'partial',
          detail: 'Failed.',
        },
        skipped: null,
        stop: NOT_RUN.partial,
      },
    ],
    [
      'done with no step: a default detail',
      { outcome: 'done', steps: [], blockers: [] },
      {
        applied: { accountId: 'aa-1', email: 'a@x', action: 'deactivate', outcome: 'done', detail: 'Done.' },
        skipped: null,
        stop: null,
      },
    ],
    [
      'blocked by the fresh state',
      {
        outcome: 'blocked',
        steps: [],
        blockers: [
          { code: 'managed-by-scim', message: 'Linked.' },
          { code: 'account-closed', message: 'Closed.' },
        ] as never,
      },
      {
        applied: null,
        skipped: { accountId: 'aa-1', email: 'a@x', code: 'blocked', detail: 'Linked. Closed.' },
        stop: null,
      },
    ],
    [
      'nothing left to do',
      { outcome: 'no-op', steps: [], blockers: [] },
      {
        applied: null,
        skipped: {
          accountId: 'aa-1',
          email: 'a@x',
          code: 'nothing-to-do',
          detail: 'The fresh state showed nothing left to do.',
        },
        stop: null,
      },
    ],
  ])('%s', (_name, result, verdict) => {
    expect(judgeResult(entry, result)).toEqual(verdict);
  });
});

describe('failures and accounts not run', () => {
  test('a failed mutation names no upstream message and stops the run', () => {
    expect(failedVerdict(entry)).toEqual({
      applied: null,
      skipped: {
        accountId: 'aa-1',
        email: 'a@x',
        code: 'failed',
        detail: 'The change failed upstream; see the audit log.',
      },
      stop: NOT_RUN.failed,
    });
  });
  test.each(Object.values(NOT_RUN))('not run: %s', (why) => {
    expect(notRun(entry, why)).toEqual({ accountId: 'aa-1', email: 'a@x', code: 'not-run', detail: why });
  });
});
