import { z } from 'zod';
import { Account, Blocker, UpstreamCall, Warning } from './accounts';
import { DirectoryId, Reason } from './ids';

/** `unlink` keeps the SCIM record and drops its link; `delete` removes the records in every directory. */
export const UnlinkMethod = z.enum(['unlink', 'delete']);
export type UnlinkMethod = z.infer<typeof UnlinkMethod>;

const DryRun = z.boolean().default(false);

export const UnlockRequest = z.strictObject({
  reason: Reason,
  dryRun: DryRun,
  /** Defaults to the proxy's UNLINK_METHOD. */
  method: UnlinkMethod.optional(),
});
export type UnlockRequest = z.infer<typeof UnlockRequest>;

export const UnlinkRequest = z
  .strictObject({
    reason: Reason,
    dryRun: DryRun,
    method: UnlinkMethod.optional(),
    /** Limit the unlink to one directory; absent means every linked directory. */
    directoryId: DirectoryId.optional(),
  })
  // onlyDeleteUserInDB always acts on every directory, so pairing it with one directory would promise a
  // narrower effect than the call has (admin-scenarios E2).
  .refine((b) => !(b.method === 'delete' && b.directoryId !== undefined), {
    message: 'method "delete" acts on every directory and cannot be combined with directoryId',
    path: ['directoryId'],
  });
export type UnlinkRequest = z.infer<typeof UnlinkRequest>;

export const ReactivateRequest = z.strictObject({ reason: Reason, dryRun: DryRun });
export type ReactivateRequest = z.infer<typeof ReactivateRequest>;

export const DeactivateRequest = z.strictObject({
  reason: Reason,
  dryRun: DryRun,
  /** Shown to the person by Atlassian on lifecycle disable; ignored for Org v2 suspend. */
  message: z.string().trim().min(1).max(500).optional(),
});
export type DeactivateRequest = z.infer<typeof DeactivateRequest>;

export const StepAction = z.enum([
  'unlink-scim-link',
  'delete-scim-records',
  'enable-account',
  'restore-membership',
  'disable-account',
  'suspend-membership',
  'verify',
]);
export type StepAction = z.infer<typeof StepAction>;

export const StepStatus = z.enum(['done', 'skipped', 'failed', 'planned']);
export type StepStatus = z.infer<typeof StepStatus>;

export const Step = z.object({
  action: StepAction,
  /** What the step acts on, e.g. `directory d-1 / SCIM user u-9` or `account 5b10…`. */
  target: z.string(),
  status: StepStatus,
  detail: z.string(),
  /** The upstream request of this step; null for a skipped step or the read-back. */
  call: UpstreamCall.nullable(),
});
export type Step = z.infer<typeof Step>;

export const UnlockOutcome = z.enum(['unlocked', 'already-active', 'blocked', 'partial', 'planned']);
export type UnlockOutcome = z.infer<typeof UnlockOutcome>;

export const UnlockResponse = z.object({
  outcome: UnlockOutcome,
  steps: z.array(Step),
  blockers: z.array(Blocker),
  warnings: z.array(Warning),
  /** State read back after the steps (before them in a dry run); null if the account vanished. */
  account: Account.nullable(),
  calls: z.array(UpstreamCall),
});
export type UnlockResponse = z.infer<typeof UnlockResponse>;

/** Outcome of one half (unlink, reactivate) or of deactivate: `no-op` when nothing was left to do. */
export const ActionOutcome = z.enum(['done', 'no-op', 'blocked', 'partial', 'planned']);
export type ActionOutcome = z.infer<typeof ActionOutcome>;

export const ActionResponse = z.object({
  outcome: ActionOutcome,
  steps: z.array(Step),
  blockers: z.array(Blocker),
  warnings: z.array(Warning),
  account: Account.nullable(),
  calls: z.array(UpstreamCall),
});
export type ActionResponse = z.infer<typeof ActionResponse>;
