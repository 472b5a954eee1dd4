import type { PlanStep, Plan, PlanContext } from '../../accounts/domain/plan';
import type { AccountSnapshot } from '../../accounts/domain/snapshot';
import { accountWideBlocker, enableBlockers } from '../../accounts/domain/diagnose';
import { blocker } from '../../accounts/domain/findings';
import { disallowedDirectories, isProtected } from '../../accounts/domain/policy';
import type { IdpDeactivationRecord } from '../state-file';

const skipped = (action: PlanStep['action'], target: string, detail: string): PlanStep => ({
  action,
  target,
  status: 'skipped',
  detail,
  call: null,
});

/**
 * Undo exactly what the sync did to this account and nothing more: lifecycle enable when it was
 * deactivated, restore only in the directories it suspended. A membership someone else suspended
 * stays suspended, and an account someone else deactivated is never in the record at all.
 */
export function planIdpReactivate(
  snapshot: AccountSnapshot,
  record: IdpDeactivationRecord,
  ctx: PlanContext,
): Plan {
  const user = snapshot.user;
  if (user === null) return { blockers: [blocker('not-found')], warnings: [], steps: [] };
  if (isProtected(user, ctx.policy))
    return { blockers: [blocker('protected-account')], warnings: [], steps: [] };
  const target = `account ${user.accountId}`;
  if (record.action === 'deactivate') {
    if (user.accountStatus === 'closed')
      return { blockers: [blocker('account-closed')], warnings: [], steps: [] };
    if (user.accountStatus === 'active') {
      return {
        blockers: [],
        warnings: [],
        steps: [skipped('enable-account', target, 'The account is already active.')],
      };
    }
    const scope = accountWideBlocker(snapshot, ctx.policy);
    const blockers = [
      ...enableBlockers(snapshot, user, { linksWillBeRemoved: false }),
      ...(scope ? [scope] : []),
    ];
    if (blockers.length > 0) return { blockers, warnings: [], steps: [] };
    return {
      blockers: [],
      warnings: [],
      steps: [
        {
          action: 'enable-account',
          target,
          status: 'planned',
          detail: 'Reactivate the account the IdP sync deactivated (user-management lifecycle enable).',
          call: { operation: 'um.enable', params: { account_id: user.accountId } },
        },
      ],
    };
  }
  const ours = new Set(record.directoryIds);
  const toRestore = snapshot.memberships.filter(
    (m) => m.membershipStatus === 'suspended' && ours.has(m.directoryId),
  );
  // The allowlist may have shrunk since the sync suspended the account: restore only where allowed.
  const bad = disallowedDirectories(
    toRestore.map((m) => m.directoryId),
    ctx.policy,
  );
  if (bad.length > 0)
    return {
      blockers: [blocker('directory-not-allowed', `Directories: ${bad.join(', ')}.`)],
      warnings: [],
      steps: [],
    };
  if (toRestore.length === 0) {
    return {
      blockers: [],
      warnings: [],
      steps: [
        skipped('restore-membership', target, 'No membership the IdP sync suspended is still suspended.'),
      ],
    };
  }
  return {
    blockers: [],
    warnings: [],
    steps: toRestore.map((m) => ({
      action: 'restore-membership' as const,
      target: `directory ${m.directoryId}`,
      status: 'planned' as const,
      detail: 'Restore the access the IdP sync suspended in this directory (Org v2 restore).',
      call: {
        operation: 'org.restoreUser' as const,
        params: { orgId: ctx.orgId, directoryId: m.directoryId, accountId: user.accountId },
      },
    })),
  };
}
