import {
  bar,
  batchExitCode,
  countsText,
  durationWords,
  previewExitCode,
  previewLines,
  progressLine,
  reportLines,
} from '../../../src/cli/admin/batch-render';
import { EXIT } from '../../../src/cli/io/exit-codes';
import type {
  BatchAccountOutcome,
  BatchAccountResult,
  BatchCounts,
  BatchPreview,
  BatchStatus,
} from '../../../src/contract/proxy';
import { BatchAccountOutcome as Outcomes } from '../../../src/contract/proxy';

const PLAIN = {
  bold: (s: string) => s,
  dim: (s: string) => s,
  red: (s: string) => s,
  green: (s: string) => s,
  yellow: (s: string) => s,
};

function counts(partial: Partial<Record<BatchAccountOutcome, number>>): BatchCounts {
  return { ...Object.fromEntries(Outcomes.options.map((o) => [o, 0])), ...partial } as BatchCounts;
}

function status(over: Partial<BatchStatus> = {}): BatchStatus {
  return {
    id: 'b-0123456789abcdef',
    state: 'running',
    dryRun: false,
    reason: 'INC-42',
    method: 'unlink',
    createdBy: { kind: 'token', id: 'cli' },
    createdAt: '2026-01-01T00:00:00.000Z',
    finishedAt: null,
    total: 10,
    duplicates: 0,
    counts: counts({ pending: 10 }),
    blockedBy: [],
    resumes: 0,
    preview: null,
    ...over,
  };
}

const PREVIEW: BatchPreview = {
  willUnlock: 7,
  alreadyActive: 1,
  blocked: 2,
  blockedBy: [
    { blocker: 'protected-account', count: 1 },
    { blocker: 'directory-not-allowed', count: 1 },
  ],
  notFound: 0,
  unreadable: 0,
  upstreamCalls: { total: 1234, byApi: { org: 600, userManagement: 634 } },
  estimatedSeconds: 125,
};

test.each([
  [0, 10, '[------------------------]'],
  [5, 10, '[############------------]'],
  [10, 10, '[########################]'],
  [3, 0, '[########################]'],
  [12, 10, '[########################]'],
])('bar(%i, %i)', (done, total, expected) => {
  expect(bar(done, total)).toBe(expected);
});

test.each([
  [0.2, 'under a second'],
  [42, '42 s'],
  [125, '2 min 5 s'],
  [7260, '2 h 1 min'],
])('durationWords(%d)', (seconds, words) => {
  expect(durationWords(seconds)).toBe(words);
});

test.each<[string, Partial<Record<BatchAccountOutcome, number>>, BatchStatus['state'], number]>([
  ['all unlocked', { unlocked: 9, 'already-active': 1 }, 'done', EXIT.done],
  ['some blocked', { unlocked: 8, blocked: 2 }, 'done', EXIT.failed],
  ['some not found', { unlocked: 9, 'not-found': 1 }, 'done', EXIT.failed],
  ['cancelled', { unlocked: 3, cancelled: 7 }, 'cancelled', EXIT.failed],
  ['a partial one wins over blocked', { unlocked: 7, blocked: 2, partial: 1 }, 'done', EXIT.partial],
  ['a failed one', { unlocked: 9, failed: 1 }, 'done', EXIT.partial],
  ['a cancelled batch with a failure', { failed: 1, cancelled: 9 }, 'cancelled', EXIT.partial],
])('batchExitCode: %s', (_name, c, state, code) => {
  expect(batchExitCode({ state, counts: counts(c) })).toBe(code);
});

test.each<[string, Partial<BatchPreview>, number]>([
  ['something to unlock', {}, EXIT.done],
  ['all already active', { willUnlock: 0, blocked: 0, blockedBy: [], alreadyActive: 10 }, EXIT.done],
  ['nothing to unlock, some blocked', { willUnlock: 0 }, EXIT.failed],
  ['nothing to unlock, one not found', { willUnlock: 0, blocked: 0, notFound: 1 }, EXIT.failed],
])('previewExitCode: %s', (_name, over, code) => {
  expect(previewExitCode({ ...PREVIEW, ...over })).toBe(code);
});

test('countsText leaves zeros out', () => {
  expect(countsText(counts({ pending: 10 }))).toBe('nothing finished yet');
  expect(countsText(counts({ unlocked: 1200, blocked: 2, pending: 1 }))).toBe('unlocked 1,200, blocked 2');
});

test('progress: a bar on a terminal, the batch id in plain lines', () => {
  const s = status({ counts: counts({ unlocked: 4, blocked: 1, pending: 5 }) });
  expect(progressLine(s, true)).toBe('[############------------] 5/10  unlocked 4, blocked 1');
  expect(progressLine({ ...s, state: 'cancelling' }, false)).toBe(
    'b-0123456789abcdef: 5/10 done (cancelling): unlocked 4, blocked 1',
  );
});

test('the preview: counts, blockers grouped, calls per API and the time', () => {
  const lines = previewLines(status({ dryRun: true, duplicates: 2 }), PREVIEW, PLAIN);
  expect(lines).toEqual([
    'Preview of 10 accounts, 2 duplicates counted once (dry run, nothing changed):',
    '  will unlock              7',
    '  already active           1',
    '  blocked                  2',
    '    protected-account      1',
    '    directory-not-allowed  1',
    '  not found                0',
    '  Upstream calls: 1,234 (org 600, userManagement 634)',
    '  Time: about 2 min 5 s under the current rate limit',
  ]);
});

test('the report lists every account that needs a look, and only those', () => {
  const result = (ref: string, outcome: BatchAccountOutcome, extra: Partial<BatchAccountResult> = {}) => ({
    ref,
    accountId: null,
    outcome,
    blockers: [],
    detail: null,
    attempts: 1,
    resumed: false,
    ...extra,
  });
  const lines = reportLines(
    status({ state: 'done', counts: counts({ unlocked: 1, blocked: 1, failed: 1 }), total: 3, resumes: 1 }),
    [
      result('ok@acme.example', 'unlocked'),
      result('alice@acme.example', 'blocked', { blockers: ['protected-account'] }),
      result('gone@acme.example', 'failed', { detail: 'Upstream answered 503.' }),
    ],
    PLAIN,
  );
  expect(lines.join('\n')).toMatch(/unlocked +1\n +blocked +1\n +failed +1/);
  expect(lines.join('\n')).toMatch(/restart interrupted it 1×/);
  expect(lines.filter((l) => l.includes('@'))).toEqual([
    '   blocked  alice@acme.example  protected-account',
    '   failed   gone@acme.example   Upstream answered 503.',
  ]);
});
