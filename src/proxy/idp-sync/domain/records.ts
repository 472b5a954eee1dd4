import type { Account, StepAction } from '../../../contract/proxy';
import type { IdpDeactivationRecord } from '../state-file';

/**
 * What the state file keeps after each applied account. A record is written from the state read back
 * after the change — not from what the sync meant to do — so a reactivation later undoes exactly what
 * happened and nothing more.
 */

/** One plan step the mutation confirmed done, with the directory it acted on carried as data. */
export interface DoneStep {
  action: StepAction;
  /** The directory a membership step acted on; null for account-wide steps. */
  directoryId: string | null;
}

export interface AppliedChange {
  accountId: string;
  email: string | null;
  action: 'deactivate' | 'suspend' | 'reactivate';
  /** The Keycloak user that drove the change; null when none can be named. */
  keycloakUserId: string | null;
  outcome: string;
  /** The account as read back after the change; null when it could not be read. */
  account: Pick<Account, 'accountStatus' | 'memberships'> | null;
  done: readonly DoneStep[];
}

export type RecordUpdate = { kind: 'set'; record: IdpDeactivationRecord } | { kind: 'delete' } | null;

/** The record an applied change leaves behind: set, delete, or null to leave the file as it is. */
export function recordUpdate(
  change: AppliedChange,
  previous: IdpDeactivationRecord | undefined,
  stamp: { at: string; requestId: string },
): RecordUpdate {
  const { accountId, email, action, keycloakUserId, account } = change;
  if (action === 'reactivate') {
    return change.outcome === 'done' || change.outcome === 'no-op' ? { kind: 'delete' } : null;
  }
  if (account === null) return null;
  if (action === 'deactivate') {
    const disabled = change.done.some((s) => s.action === 'disable-account');
    if (account.accountStatus !== 'inactive' || !disabled) return null;
    return {
      kind: 'set',
      record: { accountId, email, keycloakUserId, action, directoryIds: [], ...stamp },
    };
  }
  const suspendedNow = new Set(
    account.memberships.filter((m) => m.membershipStatus === 'suspended').map((m) => m.directoryId),
  );
  const ours = change.done.flatMap((s) =>
    s.action === 'suspend-membership' && s.directoryId !== null && suspendedNow.has(s.directoryId)
      ? [s.directoryId]
      : [],
  );
  if (ours.length === 0) return null;
  // Suspensions driven by two different Keycloak users name neither: no reactivation can follow.
  const sameUser = previous === undefined || previous.keycloakUserId === keycloakUserId;
  return {
    kind: 'set',
    record: {
      accountId,
      email,
      keycloakUserId: sameUser ? keycloakUserId : null,
      action: 'suspend',
      directoryIds: [...new Set([...(previous?.directoryIds ?? []), ...ours])].sort(),
      ...stamp,
    },
  };
}

/**
 * A record whose work is already undone (someone reactivated the account by hand): an applying run
 * drops it, since there is nothing left for it to guard.
 */
export function isSpent(item: { record: IdpDeactivationRecord | null; skip: string | null }): boolean {
  return item.record !== null && item.skip === 'nothing-to-do';
}

export function sameRecords(
  a: ReadonlyMap<string, IdpDeactivationRecord>,
  b: ReadonlyMap<string, IdpDeactivationRecord>,
): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (JSON.stringify(b.get(k)) !== JSON.stringify(v)) return false;
  return true;
}
