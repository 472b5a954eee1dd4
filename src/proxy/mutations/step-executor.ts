import type { AtlassianClients } from '../../atlassian/clients/create-clients';
import type { Step } from '../../contract/proxy';
import type { Logger } from '../server/logger';
import { renderCall, type Plan, type PlanStep } from '../accounts/domain/plan';
import type { AccountSnapshot } from '../accounts/domain/snapshot';
import type { CallScope } from '../upstream/call-recorder';
import { dispatchCall } from '../upstream/call-dispatch';
import type { SnapshotReader } from '../upstream/snapshot-reader';
import { stepSatisfied } from './domain/step-checks';
import { describeFailure, isRecoverable, mayAlreadyHold, requestedWaitMs } from './domain/upstream-outcome';

export interface ExecutorDeps {
  clients: AtlassianClients;
  reader: SnapshotReader;
  logger: Logger;
  sleep: (ms: number) => Promise<void>;
  /** Longest 429 wait honoured before a second, informed attempt; longer waits end the run. */
  maxMutationWaitMs: number;
}

export interface ExecutionInput {
  accountId: string;
  plan: Plan;
  scope: CallScope;
  signal: AbortSignal;
  requestId: string;
}

export interface Execution {
  /** One contract step per plan step, in plan order. */
  steps: Step[];
  /** Plan steps that ended done (confirmed by their answer or by reading the state back). */
  done: PlanStep[];
  /** True when every planned step ended done. */
  complete: boolean;
  /** The failure that stopped the run; null when none did. */
  failure: { step: PlanStep; error: unknown } | null;
  /** The freshest snapshot taken during the run (after an ambiguous failure), if any. */
  lastSnapshot: AccountSnapshot | null;
  /** True when the request deadline stopped the run. */
  deadlineReached: boolean;
}

type Attempt =
  | { ok: true; status: number | null; note: string | null; snapshot: AccountSnapshot | null }
  | { ok: false; status: number | null; error: unknown; note: string; snapshot: AccountSnapshot | null };

/** At most this many sends of one step, and the second only after the state showed it still needed. */
const MAX_SENDS_PER_STEP = 2;

/**
 * Runs a plan's steps in order and stops at the first step that cannot be completed.
 *
 * A mutation is never repeated blindly: when a send fails in a way that leaves the outcome open
 * (no answer, 5xx, 429), the account is read back and the decision follows what is true — the change
 * landed (the step is done), or it did not and one more send is made. A 404/409 may mean a concurrent
 * request already did the work, so the state is read back too, but nothing is sent again. Any other
 * refusal ends the run, and so does the request deadline, checked before every send.
 */
export function createStepExecutor(deps: ExecutorDeps) {
  function lastStatus(scope: CallScope, from: number, operation: string): number | null {
    const calls = scope.calls.slice(from).filter((c) => c.operation === operation);
    return calls.at(-1)?.status ?? null;
  }

  async function attemptStep(step: PlanStep, input: ExecutionInput): Promise<Attempt> {
    const call = step.call;
    if (call === null) return { ok: true, status: null, note: null, snapshot: null };
    let snapshot: AccountSnapshot | null = null;
    for (let send = 1; ; send += 1) {
      const mark = input.scope.calls.length;
      try {
        await dispatchCall(deps.clients, call);
        return {
          ok: true,
          status: lastStatus(input.scope, mark, call.operation),
          note: send > 1 ? 'Sent again after the state showed the first attempt had not applied.' : null,
          snapshot,
        };
      } catch (error) {
        const status = lastStatus(input.scope, mark, call.operation);
        const failed = describeFailure(error);
        const recoverable = isRecoverable(error);
        if (!recoverable && !mayAlreadyHold(error)) {
          return { ok: false, status, error, note: `Failed: ${failed}.`, snapshot };
        }

        deps.logger.warn(
          { requestId: input.requestId, operation: call.operation, status, send },
          'mutation failed; reading the state back before deciding',
        );
        try {
          snapshot = await deps.reader.byAccountId(input.accountId);
        } catch {
          return {
            ok: false,
            status,
            error,
            note: `Failed: ${failed}; the state could not be read back, so whether it applied is unknown.`,
            snapshot,
          };
        }
        if (stepSatisfied(step, snapshot)) {
          return {
            ok: true,
            status,
            note: `${failed}, but the state read back shows the change applied.`,
            snapshot,
          };
        }
        if (!recoverable || send >= MAX_SENDS_PER_STEP || input.signal.aborted) {
          return {
            ok: false,
            status,
            error,
            note: `Failed: ${failed}; the state read back shows it did not apply.`,
            snapshot,
          };
        }
        const wait = requestedWaitMs(error) ?? 0;
        if (wait > deps.maxMutationWaitMs) {
          return {
            ok: false,
            status,
            error,
            note: `Failed: ${failed}; Atlassian asked to wait ${Math.ceil(wait / 1000)} s, longer than this request may take.`,
            snapshot,
          };
        }
        if (wait > 0) await deps.sleep(wait);
      }
    }
  }

  return async function execute(input: ExecutionInput): Promise<Execution> {
    const steps: Step[] = [];
    const done: PlanStep[] = [];
    let failure: Execution['failure'] = null;
    let lastSnapshot: AccountSnapshot | null = null;
    let deadlineReached = false;
    let stopNote: string | null = null;

    for (const step of input.plan.steps) {
      const rendered = step.call === null ? null : renderCall(step.call);
      if (step.status === 'skipped') {
        steps.push({
          action: step.action,
          target: step.target,
          status: 'skipped',
          detail: step.detail,
          call: null,
        });
        continue;
      }
      if (stopNote === null && input.signal.aborted) {
        deadlineReached = true;
        stopNote = 'Not run: the request deadline was reached before this step.';
      }
      if (stopNote !== null) {
        steps.push({
          action: step.action,
          target: step.target,
          status: 'planned',
          detail: `${step.detail} ${stopNote}`,
          call: rendered === null ? null : { ...rendered, status: null },
        });
        continue;
      }
      const attempt = await attemptStep(step, input);
      if (attempt.snapshot !== null) lastSnapshot = attempt.snapshot;
      const call = rendered === null ? null : { ...rendered, status: attempt.status };
      if (attempt.ok) {
        done.push(step);
        steps.push({
          action: step.action,
          target: step.target,
          status: 'done',
          detail: attempt.note === null ? step.detail : `${step.detail} ${attempt.note}`,
          call,
        });
      } else {
        failure = { step, error: attempt.error };
        stopNote = 'Not run: an earlier step failed.';
        steps.push({
          action: step.action,
          target: step.target,
          status: 'failed',
          detail: `${step.detail} ${attempt.note}`,
          call,
        });
      }
    }
    const planned = input.plan.steps.filter((s) => s.status === 'planned').length;
    return { steps, done, complete: done.length === planned, failure, lastSnapshot, deadlineReached };
  };
}

export type StepExecutor = ReturnType<typeof createStepExecutor>;
