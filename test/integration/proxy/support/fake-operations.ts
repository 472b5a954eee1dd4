/**
 * An in-memory stand-in for the operations service, used ONLY by the route and auth tests. Those tests
 * prove what the HTTP edge does (authentication, validation, problem mapping) and, above all, that a bad
 * request never reaches the service; a fake that records its calls is the direct way to observe that.
 * The real service, which talks to Atlassian, is covered by the simulator-backed tests that exercise it
 * end to end — nothing here stands in for upstream behaviour.
 */
import type {
  ActionResponse,
  CandidatesResponse,
  LookupResponse,
  ScanResponse,
  UnlockResponse,
  VerifyResponse,
} from '../../../../src/contract/proxy';
import type { AccountOperations, OperationContext } from '../../../../src/proxy/operation-context';

export interface RecordedCall {
  op: keyof AccountOperations;
  args: unknown[];
  ctx: OperationContext;
}

const lookupAnswer: LookupResponse = {
  account: null,
  scimLinks: [],
  diagnosis: {
    state: 'not-found',
    canUnlock: false,
    blockers: [],
    warnings: [],
    recommended: 'Check the email.',
  },
  calls: [],
};
const unlockAnswer: UnlockResponse = {
  outcome: 'planned',
  steps: [],
  blockers: [],
  warnings: [],
  account: null,
  calls: [],
};
const actionAnswer: ActionResponse = {
  outcome: 'planned',
  steps: [],
  blockers: [],
  warnings: [],
  account: null,
  calls: [],
};
const scanAnswer: ScanResponse = { items: [], nextCursor: null, calls: [] };
const candidatesAnswer: CandidatesResponse = { candidates: [], nextCursor: null, calls: [] };
const verifyAnswer: VerifyResponse = { read: 'records', accounts: [], calls: [] };

export class FakeOperations implements AccountOperations {
  readonly calls: RecordedCall[] = [];
  /** When set, every operation calls this instead of answering (to throw, hang or return bad data). */
  behaviour: ((ctx: OperationContext) => Promise<unknown>) | null = null;

  private async answer<T>(
    op: keyof AccountOperations,
    args: unknown[],
    ctx: OperationContext,
    ok: T,
  ): Promise<T> {
    this.calls.push({ op, args, ctx });
    if (this.behaviour) return (await this.behaviour(ctx)) as T;
    return ok;
  }

  lookup(q: unknown, ctx: OperationContext) {
    return this.answer('lookup', [q], ctx, lookupAnswer);
  }
  unlock(id: string, b: unknown, ctx: OperationContext) {
    return this.answer('unlock', [id, b], ctx, unlockAnswer);
  }
  unlink(id: string, b: unknown, ctx: OperationContext) {
    return this.answer('unlink', [id, b], ctx, actionAnswer);
  }
  reactivate(id: string, b: unknown, ctx: OperationContext) {
    return this.answer('reactivate', [id, b], ctx, actionAnswer);
  }
  deactivate(id: string, b: unknown, ctx: OperationContext) {
    return this.answer('deactivate', [id, b], ctx, actionAnswer);
  }
  scan(b: unknown, ctx: OperationContext) {
    return this.answer('scan', [b], ctx, scanAnswer);
  }
  scanCandidates(b: unknown, ctx: OperationContext) {
    return this.answer('scanCandidates', [b], ctx, candidatesAnswer);
  }
  scanVerify(b: unknown, ctx: OperationContext) {
    return this.answer('scanVerify', [b], ctx, verifyAnswer);
  }
}
