import type { ActionOutcome, StepAction, StepStatus, UnlockOutcome } from '../../src/contract/proxy';
import type { AuditAction, AuditOutcome, FlagStatus, RequestStatus } from '../../src/contract/app/records';

/** Labels and formatting shared by both pages; pure so every wording has a test. */

export type Tone = 'success' | 'removed' | 'inprogress' | 'moved' | 'new' | 'default';

/** Absolute time in UTC, so every admin reading the audit sees the same instant written the same way. */
export function formatTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "5 minutes ago" style; `now` is a parameter so the wording can be tested without a clock. */
export function formatAgo(iso: string | null | undefined, now: Date): string {
  if (iso === null || iso === undefined || iso === '') return 'never';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return 'never';
  const s = Math.round((now.getTime() - t) / 1000);
  if (s < 0) return 'just now';
  if (s < 60) return 'less than a minute ago';
  const units: Array<[number, string]> = [
    [60 * 60 * 24 * 7, 'week'],
    [60 * 60 * 24, 'day'],
    [60 * 60, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    if (s >= size) {
      const n = Math.floor(s / size);
      return `${n} ${name}${n === 1 ? '' : 's'} ago`;
    }
  }
  return 'just now';
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export const FLAG_STATUS_LABEL: Record<FlagStatus, string> = {
  open: 'Open',
  dismissed: 'Dismissed',
  resolved: 'Resolved',
  cleared: 'Cleared',
};

export const FLAG_STATUS_TONE: Record<FlagStatus, Tone> = {
  open: 'moved',
  dismissed: 'default',
  resolved: 'success',
  cleared: 'inprogress',
};

export const REQUEST_STATUS_LABEL: Record<RequestStatus, string> = {
  pending: 'Pending',
  approved: 'Approved',
  denied: 'Denied',
  done: 'Done',
  failed: 'Failed',
};

export const REQUEST_STATUS_TONE: Record<RequestStatus, Tone> = {
  pending: 'moved',
  approved: 'inprogress',
  denied: 'default',
  done: 'success',
  failed: 'removed',
};

export const AUDIT_ACTION_LABEL: Record<AuditAction, string> = {
  unlock: 'Unlock',
  unlink: 'Unlink',
  reactivate: 'Reactivate',
  'flag-dismissed': 'Flag dismissed',
  'flag-relocked': 'Re-locked by the IdP',
  'request-created': 'Request created',
  'request-joined': 'Request joined',
  'request-approved': 'Request approved',
  'request-denied': 'Request denied',
  'settings-saved': 'Settings saved',
  'scan-started': 'Scan started',
  'scan-finished': 'Scan finished',
  'issue-posted': 'Issue posted',
  'issue-post-failed': 'Issue post failed',
  'idp-sync': 'IdP sync',
  'batch-started': 'Batch unlock started',
  'batch-finished': 'Batch unlock finished',
  'batch-cancelled': 'Batch unlock cancelled',
};

export const AUDIT_OUTCOME_TONE: Record<AuditOutcome, Tone> = {
  success: 'success',
  partial: 'moved',
  failed: 'removed',
  blocked: 'removed',
  planned: 'new',
  'no-op': 'default',
};

export const STEP_ACTION_LABEL: Record<StepAction, string> = {
  'unlink-scim-link': 'Remove the SCIM link',
  'delete-scim-records': 'Delete the SCIM records in every directory',
  'enable-account': 'Reactivate the account',
  'restore-membership': 'Restore directory access',
  'disable-account': 'Deactivate the account',
  'suspend-membership': 'Suspend directory access',
  verify: 'Read the account back and check it',
};

export const STEP_STATUS_LABEL: Record<StepStatus, string> = {
  done: 'Done',
  skipped: 'Skipped',
  failed: 'Failed',
  planned: 'Will run',
};

export const STEP_STATUS_TONE: Record<StepStatus, Tone> = {
  done: 'success',
  skipped: 'default',
  failed: 'removed',
  planned: 'new',
};

type AnyOutcome = UnlockOutcome | ActionOutcome;

const OUTCOME_WORDS: Record<AnyOutcome, { label: string; tone: Tone; sentence: string }> = {
  unlocked: { label: 'Unlocked', tone: 'success', sentence: 'The account is unlocked and active again.' },
  'already-active': {
    label: 'Already active',
    tone: 'default',
    sentence: 'The account was already active; nothing was changed.',
  },
  blocked: {
    label: 'Blocked',
    tone: 'removed',
    sentence: 'Nothing was changed: something stands in the way (see below).',
  },
  partial: {
    label: 'Partly done',
    tone: 'moved',
    sentence: 'Only some steps succeeded. The failed steps below are still left to do.',
  },
  planned: {
    label: 'Dry run',
    tone: 'new',
    sentence: 'Nothing has been changed yet. These are the exact steps the action will take.',
  },
  done: { label: 'Done', tone: 'success', sentence: 'Every step succeeded.' },
  'no-op': {
    label: 'Nothing to do',
    tone: 'default',
    sentence: 'There was nothing left to do; nothing was changed.',
  },
};

export function describeOutcome(outcome: AnyOutcome): { label: string; tone: Tone; sentence: string } {
  return OUTCOME_WORDS[outcome];
}

/** Shortens an Atlassian account id for dense tables; the full id stays available as text elsewhere. */
export function shortId(id: string): string {
  return id.length <= 14 ? id : `${id.slice(0, 6)}…${id.slice(-6)}`;
}
