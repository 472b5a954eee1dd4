import type { Blocker, IdpAppliedEntry, IdpPlanEntry, IdpSkippedEntry, Step } from '../../../contract/proxy';

/**
 * The apply step's decisions for one account: what its mutation's result means for the answer
 * (applied or skipped) and whether the accounts after it still run. The sync stops at the first
 * account that failed or ended partial, and at the request deadline.
 */

export const NOT_RUN = {
  deadline:
    'Not run: the time limit was reached (the request deadline, IDP_RUN_MAX_SECONDS, or the proxy stopping).',
  failed: 'Not run: an earlier account failed.',
  partial: 'Not run: an earlier account ended partial.',
} as const;

export interface ApplyVerdict {
  applied: IdpAppliedEntry | null;
  skipped: IdpSkippedEntry | null;
  /** Why the accounts after this one are not run; null when they are. */
  stop: string | null;
}

type Applicable = Pick<IdpPlanEntry, 'accountId' | 'email'> & { action: IdpAppliedEntry['action'] };

export function notRun(entry: Pick<IdpPlanEntry, 'accountId' | 'email'>, why: string): IdpSkippedEntry {
  return { accountId: entry.accountId, email: entry.email, code: 'not-run', detail: why };
}

/** The mutation threw: the audit log holds the detail; the answer names no upstream message. */
export function failedVerdict(entry: Pick<IdpPlanEntry, 'accountId' | 'email'>): ApplyVerdict {
  return {
    applied: null,
    skipped: {
      accountId: entry.accountId,
      email: entry.email,
      code: 'failed',
      detail: 'The change failed upstream; see the audit log.',
    },
    stop: NOT_RUN.failed,
  };
}

export function judgeResult(
  entry: Applicable,
  result: {
    outcome: string;
    steps: readonly Pick<Step, 'status' | 'detail'>[];
    blockers: readonly Blocker[];
  },
): ApplyVerdict {
  const { accountId, email, action } = entry;
  if (result.outcome === 'done' || result.outcome === 'partial') {
    const last = result.steps.filter((s) => s.status !== 'skipped').at(-1);
    return {
      applied: { accountId, email, action, outcome: result.outcome, detail: last?.detail ?? 'Done.' },
      skipped: null,
      stop: result.outcome === 'partial' ? NOT_RUN.partial : null,
    };
  }
  return {
    applied: null,
    skipped: {
      accountId,
      email,
      code: result.outcome === 'blocked' ? 'blocked' : 'nothing-to-do',
      detail: result.blockers.map((b) => b.message).join(' ') || 'The fresh state showed nothing left to do.',
    },
    stop: null,
  };
}
