import type { Blocker, Step, StepAction, UnlinkMethod, UpstreamCall, Warning } from '../../../contract/proxy';
import { OPERATIONS, type OperationId, type OperationParams } from '../../../atlassian/operations';
import { fillPath } from '../../../lib/path-template';
import { disallowedDirectories, isProtected, type Policy } from './policy';
import { accountWideBlocker, enableBlockers, unlockBlockers, unlockWarnings } from './diagnose';
import {
  allDirectoriesWarning,
  blocker,
  compact,
  groupLossWarning,
  relinkWarning,
  siteAccessWarning,
  unknownRecordWarning,
} from './findings';
import type { AccountSnapshot, LinkSnapshot, OrgUser } from './snapshot';

/**
 * One upstream request a step makes: the operation id from the operations table and its inputs. A
 * union over the table, so `params` has exactly the placeholders of that operation's path.
 */
export type PlannedCall = {
  [K in OperationId]: {
    operation: K;
    /** Every `{placeholder}` of the operation's path, and nothing else. */
    params: OperationParams<K>;
    /** JSON body, when the operation takes one. */
    body?: Readonly<Record<string, unknown>>;
  };
}[OperationId];

export interface PlanStep {
  action: StepAction;
  target: string;
  /** `skipped` steps are already true upstream and make no call. */
  status: 'planned' | 'skipped';
  detail: string;
  call: PlannedCall | null;
}

/**
 * The decision for one mutation. When `blockers` is non-empty `steps` is empty: nothing may run. The
 * planned steps, in order, are the dry-run output and the exact calls a real run makes.
 */
export interface Plan {
  blockers: Blocker[];
  warnings: Warning[];
  steps: PlanStep[];
}

export interface PlanContext {
  orgId: string;
  policy: Policy;
}

/** The method and path of a planned call, with every parameter percent-encoded into the path. */
export function renderCall(call: PlannedCall): Pick<UpstreamCall, 'operation' | 'method' | 'path'> {
  const def = OPERATIONS[call.operation];
  const params: Readonly<Record<string, string>> = call.params;
  return { operation: call.operation, method: def.method, path: fillPath<string>(def.path, params) };
}

/** A plan step in the contract's shape, before anything ran (planned or skipped). */
export function toPlannedStep(step: PlanStep): Step {
  return {
    action: step.action,
    target: step.target,
    status: step.status,
    detail: step.detail,
    call: step.call === null ? null : { ...renderCall(step.call), status: null },
  };
}

export function hasWork(plan: Plan): boolean {
  return plan.steps.some((s) => s.status === 'planned');
}

function skipped(action: StepAction, target: string, detail: string): PlanStep {
  return { action, target, status: 'skipped', detail, call: null };
}

function planned(action: StepAction, target: string, detail: string, call: PlannedCall): PlanStep {
  return { action, target, status: 'planned', detail, call };
}

function blocked(blockers: Blocker[], warnings: Warning[] = []): Plan {
  return { blockers, warnings, steps: [] };
}

function linkTarget(l: LinkSnapshot): string {
  return `directory ${l.directoryId} / SCIM user ${l.scimUserId}`;
}

function linkSteps(
  snapshot: AccountSnapshot,
  links: readonly LinkSnapshot[],
  method: UnlinkMethod,
  ctx: PlanContext,
): PlanStep[] {
  if (method === 'delete') {
    const dirs = [...new Set(links.map((l) => l.directoryId))];
    return [
      planned(
        'delete-scim-records',
        `account ${snapshot.accountId} in directories ${dirs.join(', ')}`,
        'Delete the SCIM records of this account in every directory (onlyDeleteUserInDB); the records’ groups go with them.',
        { operation: 'scimLinks.onlyDeleteUserInDB', params: { orgId: ctx.orgId, AAID: snapshot.accountId } },
      ),
    ];
  }
  return links.map((l) =>
    planned(
      'unlink-scim-link',
      linkTarget(l),
      'Unlink the SCIM record from the account; the record itself is kept.',
      {
        operation: 'scimLinks.unlink',
        params: { orgId: ctx.orgId, scimDirectoryId: l.directoryId, scimUserId: l.scimUserId },
      },
    ),
  );
}

function enableStep(user: OrgUser): PlanStep {
  if (user.accountStatus === 'active')
    return skipped('enable-account', `account ${user.accountId}`, 'The account is already active.');
  return planned(
    'enable-account',
    `account ${user.accountId}`,
    'Reactivate the account (user-management lifecycle enable).',
    {
      operation: 'um.enable',
      params: { account_id: user.accountId },
    },
  );
}

function restoreSteps(snapshot: AccountSnapshot, user: OrgUser, ctx: PlanContext): PlanStep[] {
  const suspended = snapshot.memberships.filter((m) => m.membershipStatus === 'suspended');
  if (suspended.length === 0) {
    return [
      skipped('restore-membership', `account ${user.accountId}`, 'No directory membership is suspended.'),
    ];
  }
  return suspended.map((m) =>
    planned(
      'restore-membership',
      `directory ${m.directoryId}`,
      'Restore the account’s access in this directory (Org v2 restore).',
      {
        operation: 'org.restoreUser',
        params: { orgId: ctx.orgId, directoryId: m.directoryId, accountId: user.accountId },
      },
    ),
  );
}

export interface UnlockOptions {
  method: UnlinkMethod;
}

/**
 * Full unlock: remove every link (or delete the records), reactivate, restore suspended memberships.
 * An active account keeps its links: unlocking must never cut the sync of an account that works.
 */
export function planUnlock(snapshot: AccountSnapshot, ctx: PlanContext, opts: UnlockOptions): Plan {
  const blockers = unlockBlockers(snapshot, ctx.policy);
  const warnings = unlockWarnings(snapshot);
  const user = snapshot.user;
  if (blockers.length > 0 || user === null) return blocked(blockers, warnings);

  const target = `account ${user.accountId}`;
  let links: PlanStep[];
  if (user.accountStatus === 'active') {
    links = [
      skipped(
        opts.method === 'delete' ? 'delete-scim-records' : 'unlink-scim-link',
        target,
        'The account is active; its SCIM links are left in place.',
      ),
    ];
  } else if (snapshot.scimLinks.length === 0) {
    links = [
      skipped(
        opts.method === 'delete' ? 'delete-scim-records' : 'unlink-scim-link',
        target,
        'No SCIM link holds the account.',
      ),
    ];
  } else {
    links = linkSteps(snapshot, snapshot.scimLinks, opts.method, ctx);
  }
  return {
    blockers: [],
    warnings,
    steps: [...links, enableStep(user), ...restoreSteps(snapshot, user, ctx)],
  };
}

export interface UnlinkOptions {
  method: UnlinkMethod;
  /** Only this directory's link; the contract forbids combining it with method `delete`. */
  directoryId?: string;
}

/** The unlink half alone: links are removed whatever the account's status (re-hire and duplicate cases). */
export function planUnlink(snapshot: AccountSnapshot, ctx: PlanContext, opts: UnlinkOptions): Plan {
  const user = snapshot.user;
  if (user === null) return blocked([blocker('not-found')]);
  if (opts.method === 'delete' && opts.directoryId !== undefined) {
    throw new Error('method "delete" acts on every directory and cannot be limited to one');
  }
  const links = snapshot.scimLinks.filter(
    (l) => opts.directoryId === undefined || l.directoryId === opts.directoryId,
  );

  const blockers: Blocker[] = [];
  if (isProtected(user, ctx.policy)) blockers.push(blocker('protected-account'));
  const dirs = [
    ...(opts.directoryId !== undefined ? [opts.directoryId] : []),
    ...links.map((l) => l.directoryId),
  ];
  const bad = disallowedDirectories(dirs, ctx.policy);
  if (bad.length > 0) blockers.push(blocker('directory-not-allowed', `Directories: ${bad.join(', ')}.`));
  // onlyDeleteUserInDB answers 404 for accounts outside the org's claimed domains.
  if (opts.method === 'delete' && links.length > 0 && user.claimStatus === 'unmanaged')
    blockers.push(blocker('not-managed'));

  const warnings =
    links.length === 0
      ? []
      : compact([
          groupLossWarning(links),
          unknownRecordWarning(links),
          opts.method === 'delete' ? allDirectoriesWarning(links) : null,
          relinkWarning(),
        ]);
  if (blockers.length > 0) return blocked(blockers, warnings);

  if (links.length === 0) {
    const where = opts.directoryId === undefined ? '' : ` in directory ${opts.directoryId}`;
    const action = opts.method === 'delete' ? 'delete-scim-records' : 'unlink-scim-link';
    return {
      blockers: [],
      warnings,
      steps: [skipped(action, `account ${user.accountId}`, `No SCIM link${where}.`)],
    };
  }
  return { blockers: [], warnings, steps: linkSteps(snapshot, links, opts.method, ctx) };
}

/** The reactivate half alone: lifecycle enable and restore of suspended memberships; links must be gone. */
export function planReactivate(snapshot: AccountSnapshot, ctx: PlanContext): Plan {
  const user = snapshot.user;
  if (user === null) return blocked([blocker('not-found')]);
  if (user.accountStatus === 'closed') return blocked([blocker('account-closed')]);

  const blockers: Blocker[] = [];
  if (isProtected(user, ctx.policy)) blockers.push(blocker('protected-account'));
  if (user.accountStatus === 'inactive')
    blockers.push(...enableBlockers(snapshot, user, { linksWillBeRemoved: false }));
  if (user.accountStatus === 'inactive') {
    const scope = accountWideBlocker(snapshot, ctx.policy);
    if (scope) blockers.push(scope);
  } else {
    const suspended = snapshot.memberships
      .filter((m) => m.membershipStatus === 'suspended')
      .map((m) => m.directoryId);
    const bad = disallowedDirectories(suspended, ctx.policy);
    if (bad.length > 0) blockers.push(blocker('directory-not-allowed', `Directories: ${bad.join(', ')}.`));
  }

  const warnings = user.accountStatus === 'inactive' ? [siteAccessWarning()] : [];
  if (blockers.length > 0) return blocked(blockers, warnings);
  return { blockers: [], warnings, steps: [enableStep(user), ...restoreSteps(snapshot, user, ctx)] };
}

export interface DeactivateOptions {
  /** Passed to lifecycle disable; Atlassian shows a default text when absent. */
  message?: string;
}

/**
 * Deactivate: lifecycle disable for an account the org manages; an unmanaged (external) account cannot be
 * disabled by this org, so its access is suspended in each directory instead (admin-scenarios E3).
 */
export function planDeactivate(
  snapshot: AccountSnapshot,
  ctx: PlanContext,
  opts: DeactivateOptions = {},
): Plan {
  const user = snapshot.user;
  if (user === null) return blocked([blocker('not-found')]);
  const target = `account ${user.accountId}`;
  if (isProtected(user, ctx.policy)) return blocked([blocker('protected-account')]);
  if (user.accountStatus === 'closed') {
    return {
      blockers: [],
      warnings: [],
      steps: [skipped('disable-account', target, 'The account is closed.')],
    };
  }

  if (user.claimStatus === 'managed') {
    if (user.accountStatus === 'inactive') {
      return {
        blockers: [],
        warnings: [],
        steps: [skipped('disable-account', target, 'The account is already deactivated.')],
      };
    }
    if (snapshot.scimLinks.length > 0) {
      const dirs = [...new Set(snapshot.scimLinks.map((l) => l.directoryId))];
      return blocked([blocker('managed-by-scim', `Directories: ${dirs.join(', ')}.`)]);
    }
    const scope = accountWideBlocker(snapshot, ctx.policy);
    if (scope) return blocked([scope]);
    return {
      blockers: [],
      warnings: [],
      steps: [
        planned('disable-account', target, 'Deactivate the account (user-management lifecycle disable).', {
          operation: 'um.disable',
          params: { account_id: user.accountId },
          body: opts.message === undefined ? {} : { message: opts.message },
        }),
      ],
    };
  }

  const active = snapshot.memberships.filter((m) => m.membershipStatus === 'active');
  const bad = disallowedDirectories(
    active.map((m) => m.directoryId),
    ctx.policy,
  );
  if (bad.length > 0) return blocked([blocker('directory-not-allowed', `Directories: ${bad.join(', ')}.`)]);
  if (active.length === 0) {
    return {
      blockers: [],
      warnings: [],
      steps: [skipped('suspend-membership', target, 'No directory membership is active.')],
    };
  }
  return {
    blockers: [],
    warnings: [],
    steps: active.map((m) =>
      planned(
        'suspend-membership',
        `directory ${m.directoryId}`,
        'Suspend the account’s access in this directory (Org v2 suspend).',
        {
          operation: 'org.suspendUser',
          params: { orgId: ctx.orgId, directoryId: m.directoryId, accountId: user.accountId },
        },
      ),
    ),
  };
}
