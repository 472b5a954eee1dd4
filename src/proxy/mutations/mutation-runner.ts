import type { Account, Blocker, Step, UpstreamCall, Warning } from '../../contract/proxy';
import { auditEvent, type AuditAction, type AuditLog } from '../audit';
import { hasWork, renderCall, toPlannedStep, type Plan, type PlanStep } from '../accounts/domain/plan';
import { toAccountView, type AccountSnapshot } from '../accounts/domain/snapshot';
import { problemFor } from '../http/error-mapping';
import type { ProxyProblem } from '../http/problems';
import { ProtectedAccountError } from '../operation-errors';
import { isProtected, type Policy } from '../accounts/domain/policy';
import type { CallRecorder, CallScope } from '../upstream/call-recorder';
import type { SnapshotReader } from '../upstream/snapshot-reader';
import { stepSatisfied, unmetDescription } from './domain/step-checks';
import type { StepExecutor } from './step-executor';
import { blockerFromRefusal, isRecoverable } from './domain/upstream-outcome';
import type { OperationContext } from '../operation-context';

export interface MutationResult<O extends string> {
  outcome: O | 'blocked' | 'partial' | 'planned';
  steps: Step[];
  /** The plan steps confirmed done, as planned (their calls' parameters are data, not display text). */
  done: PlanStep[];
  blockers: Blocker[];
  warnings: Warning[];
  account: Account | null;
  calls: UpstreamCall[];
}

export interface MutationSpec<O extends string> {
  action: AuditAction;
  accountId: string;
  request: { reason: string; dryRun: boolean };
  ctx: OperationContext;
  plan(snapshot: AccountSnapshot): Plan;
  /** Outcome when every step ran and the read-back confirms it (`unlocked`, `done`). */
  success: O;
  /** Outcome when the fresh state needs nothing (`already-active`, `no-op`). */
  nothingToDo: O;
  /** A whole-account condition the read-back must show besides each step's own effect; null if met. */
  verify?(final: AccountSnapshot): string | null;
  /** Refusals decidable from the request alone, before any upstream call (e.g. a disallowed directory). */
  preflight?(): void;
}

export interface MutationRunnerDeps {
  reader: SnapshotReader;
  execute: StepExecutor;
  recorder: CallRecorder;
  audit: AuditLog;
  policy: Policy;
}

/**
 * The one path every mutation takes: fresh state → policy → plan → (dry run | execute) → read back and
 * verify → exactly one audit event, whatever happened (refusals and errors included).
 */
export function createMutationRunner(deps: MutationRunnerDeps) {
  const { reader, execute, recorder, audit, policy } = deps;

  return function runMutation<O extends string>(spec: MutationSpec<O>): Promise<MutationResult<O>> {
    return recorder.run(async (scope) => {
      let email: string | null = null;
      const record = (result?: MutationResult<O>, problem?: ProxyProblem): void =>
        audit.record(
          auditEvent({
            action: spec.action,
            ctx: spec.ctx,
            target: { accountId: spec.accountId, email },
            request: spec.request,
            ...(result ? { result } : {}),
            ...(problem ? { problem } : {}),
          }),
        );

      try {
        // A protected account id is refused before anything is read; an email match after the read.
        if (policy.protectedAccounts.accountIds.has(spec.accountId)) {
          throw new ProtectedAccountError(spec.accountId);
        }
        spec.preflight?.();
        const snapshot = await reader.byAccountId(spec.accountId);
        email = snapshot.user?.email ?? null;
        if (snapshot.user !== null && isProtected(snapshot.user, policy)) {
          throw new ProtectedAccountError(spec.accountId);
        }
        const result = await decide(spec, snapshot, scope);
        record(result);
        return result;
      } catch (err) {
        // The audit line names the problem the caller will be answered with (the edge's one mapping).
        record(undefined, problemFor(err));
        throw err;
      }
    });
  };

  async function decide<O extends string>(
    spec: MutationSpec<O>,
    snapshot: AccountSnapshot,
    scope: CallScope,
  ): Promise<MutationResult<O>> {
    const plan = spec.plan(snapshot);
    const common = { blockers: plan.blockers, warnings: plan.warnings };
    const made = (): UpstreamCall[] =>
      scope.calls.map(({ operation, method, path, status }) => ({ operation, method, path, status }));

    if (plan.blockers.length > 0) {
      return {
        outcome: 'blocked',
        steps: [],
        done: [],
        ...common,
        account: toAccountView(snapshot),
        calls: made(),
      };
    }
    if (!hasWork(plan)) {
      return {
        outcome: spec.nothingToDo,
        steps: plan.steps.map(toPlannedStep),
        done: [],
        ...common,
        account: toAccountView(snapshot),
        calls: made(),
      };
    }
    if (spec.request.dryRun) {
      const wouldMake = plan.steps.flatMap((s) =>
        s.status === 'planned' && s.call !== null ? [{ ...renderCall(s.call), status: null }] : [],
      );
      return {
        outcome: 'planned',
        steps: plan.steps.map(toPlannedStep),
        done: [],
        ...common,
        account: toAccountView(snapshot),
        calls: [...made(), ...wouldMake],
      };
    }

    const run = await execute({
      accountId: spec.accountId,
      plan,
      scope,
      signal: spec.ctx.signal,
      requestId: spec.ctx.requestId,
    });

    // A definitive refusal of the very first send changed nothing: no read-back is needed to know that.
    const untouched = run.done.length === 0 && run.failure !== null && !isRecoverable(run.failure.error);
    if (untouched && run.failure !== null) {
      const b = blockerFromRefusal(run.failure.error);
      return {
        outcome: b === null ? 'partial' : 'blocked',
        steps: run.steps,
        done: run.done,
        blockers: b === null ? [] : [b],
        warnings: plan.warnings,
        account: toAccountView(snapshot),
        calls: made(),
      };
    }

    let final: AccountSnapshot | null = null;
    let verified = false;
    let verifyDetail = 'Not verified: the request deadline was reached.';
    if (!run.deadlineReached) {
      final = await reader.byAccountId(spec.accountId).catch(() => null);
      if (final === null) {
        verifyDetail = 'The state could not be read back, so the result is unconfirmed.';
      } else {
        const readBack = final;
        const unmet = run.done.filter((s) => !stepSatisfied(s, readBack)).map(unmetDescription);
        const overall = spec.verify?.(readBack) ?? null;
        if (overall !== null) unmet.push(overall);
        verified = unmet.length === 0;
        verifyDetail = verified
          ? 'Read back: every completed step holds.'
          : `Read back: ${unmet.join('; ')}.`;
      }
    }
    const verifyStep: Step = {
      action: 'verify',
      target: `account ${spec.accountId}`,
      status: verified ? 'done' : 'failed',
      detail: verifyDetail,
      call: null,
    };
    const latest = final ?? run.lastSnapshot ?? snapshot;
    return {
      outcome: run.complete && verified ? spec.success : 'partial',
      steps: [...run.steps, verifyStep],
      done: run.done,
      ...common,
      account: toAccountView(latest),
      calls: made(),
    };
  }
}

export type MutationRunner = ReturnType<typeof createMutationRunner>;
