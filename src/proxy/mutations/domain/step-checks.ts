import type { AccountSnapshot } from '../../accounts/domain/snapshot';
import type { PlanStep } from '../../accounts/domain/plan';

/**
 * Whether what a step set out to change is true in a snapshot. Used twice: after an ambiguous failure
 * (did the change land although no answer came back?) and in the final read-back (did every step that
 * answered "done" really stick?). Pure, so each action's rule is table-tested.
 */
export function stepSatisfied(step: PlanStep, snapshot: AccountSnapshot): boolean {
  const call = step.call;
  if (call === null) return true;
  const user = snapshot.user;
  switch (call.operation) {
    case 'scimLinks.unlink':
      return !snapshot.scimLinks.some(
        (l) => l.directoryId === call.params.scimDirectoryId && l.scimUserId === call.params.scimUserId,
      );
    case 'scimLinks.onlyDeleteUserInDB':
      return snapshot.scimLinks.length === 0;
    case 'um.enable':
      return user !== null && user.accountStatus === 'active';
    case 'um.disable':
      return user !== null && user.accountStatus === 'inactive';
    case 'org.restoreUser':
      return membershipOf(snapshot, call.params.directoryId) === 'active';
    case 'org.suspendUser':
      return membershipOf(snapshot, call.params.directoryId) === 'suspended';
    default:
      // A plan only ever contains the operations above; anything else cannot be confirmed.
      return false;
  }
}

function membershipOf(snapshot: AccountSnapshot, directoryId: string): string | null {
  return snapshot.memberships.find((m) => m.directoryId === directoryId)?.membershipStatus ?? null;
}

/** A short statement of what the read-back showed for a step that did not hold. */
export function unmetDescription(step: PlanStep): string {
  switch (step.call?.operation) {
    case 'scimLinks.unlink':
      return `the SCIM link (${step.target}) is still present`;
    case 'scimLinks.onlyDeleteUserInDB':
      return 'SCIM links remain';
    case 'um.enable':
      return 'the account is not active';
    case 'um.disable':
      return 'the account is still active';
    case 'org.restoreUser':
      return `the membership in ${step.target} is not active`;
    case 'org.suspendUser':
      return `the membership in ${step.target} is not suspended`;
    default:
      return `${step.action} (${step.target}) could not be confirmed`;
  }
}
