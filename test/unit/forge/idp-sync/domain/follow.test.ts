import type { IdpSyncResponse, SyncRunStatus } from '../../../../../src/contract/proxy';
import {
  judgeStatus,
  MAX_WAIT_SECONDS,
  waitSecondsFor,
} from '../../../../../src/forge/idp-sync/domain/follow';

describe('waitSecondsFor: the long poll leaves the reserve (and a second) for the hand-off', () => {
  it.each([
    ['plenty of time', 800_000, 60_000, MAX_WAIT_SECONDS],
    ['just enough for 10 s', 16_000, 5_000, 10],
    ['exactly the reserve', 5_000, 5_000, 0],
    ['less than the reserve', 3_000, 5_000, 0],
    ['a fraction of a second over', 6_500, 5_000, 0],
  ])('%s', (_name, remaining, reserve, expected) => {
    expect(waitSecondsFor(remaining, reserve)).toBe(expected);
  });
});

const result = {
  dryRun: false,
  realm: 'acme',
  plan: [],
  applied: [],
  skipped: [],
} as unknown as IdpSyncResponse;

function status(over: Partial<SyncRunStatus>): SyncRunStatus {
  return {
    runId: 'idp-0123456789abcdef',
    state: 'running',
    dryRun: false,
    startedAt: '2026-12-01T09:00:00.000Z',
    finishedAt: null,
    progress: { phase: 'applying', toApply: 300, attempted: 120 },
    result: null,
    error: null,
    ...over,
  };
}

describe('judgeStatus', () => {
  it.each<[string, SyncRunStatus, ReturnType<typeof judgeStatus>['kind']]>([
    ['running: progress for the page', status({}), 'running'],
    ['finished with an answer', status({ state: 'finished', result }), 'finished'],
    ['finished without an answer is not trusted', status({ state: 'finished', result: null }), 'failed'],
    [
      'failed',
      status({ state: 'failed', error: { title: 'Upstream failed', detail: 'Atlassian answered 500.' } }),
      'failed',
    ],
  ])('%s', (_name, s, kind) => {
    expect(judgeStatus(s, 4).kind).toBe(kind);
  });

  it('keeps the proxy progress and counts the hops', () => {
    expect(judgeStatus(status({}), 4)).toEqual({
      kind: 'running',
      progress: { phase: 'applying', toApply: 300, attempted: 120, hops: 4 },
    });
  });

  it("names the proxy's reason and the next step when the run failed", () => {
    const v = judgeStatus(
      status({ state: 'failed', error: { title: 'Upstream failed', detail: 'Atlassian answered 500.' } }),
      0,
    );
    expect(v).toMatchObject({ kind: 'failed', error: { code: 'upstream-error' } });
    if (v.kind === 'failed')
      expect(v.error.message).toMatch(/Upstream failed: Atlassian answered 500\..*dry run/);
  });
});
