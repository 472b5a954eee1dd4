import type { IdpAction, IdpBreakerRule, IdpSkipCode, IdpState } from '../../src/contract/proxy';
import type { IdpSyncView } from '../../src/contract/app/resolvers';
import type { IdpRun, IdpRunResult } from '../../src/contract/app/idp-records';
import type { IdpSyncMode, Settings } from '../../src/contract/app/records';
import { formatTime, plural, type Tone } from './format';
import { CADENCE_LABEL } from './settings';

/** The IdP offboarding section's words; pure so every wording has a test (test/unit/static/shared/idp-words.test.ts). */

export const IDP_MODE_LABEL: Record<IdpSyncMode, string> = {
  off: 'Off',
  'dry-run': 'Dry run (plan only, nothing changes)',
  apply: 'Apply (deactivate leavers)',
};

export const IDP_ACTION_LABEL: Record<IdpAction, string> = {
  deactivate: 'Deactivate',
  suspend: 'Suspend access',
  reactivate: 'Reactivate',
  none: 'No change',
};

export const IDP_ACTION_TONE: Record<IdpAction, Tone> = {
  deactivate: 'removed',
  suspend: 'moved',
  reactivate: 'success',
  none: 'default',
};

export const IDP_STATE_LABEL: Record<IdpState, string> = {
  disabled: 'Disabled in Keycloak',
  missing: 'Not in Keycloak',
  enabled: 'Enabled in Keycloak again',
};

export const IDP_SKIP_LABEL: Record<IdpSkipCode, string> = {
  protected: 'Protected account',
  'already-inactive': 'Already inactive',
  blocked: 'Blocked',
  'nothing-to-do': 'Nothing to do',
  failed: 'Failed',
  'not-run': 'Not run',
  'email-unverified': 'Email not verified in Keycloak',
  'identity-unproven': 'Not the same Keycloak user',
};

export const BREAKER_RULE_LABEL: Record<IdpBreakerRule, string> = {
  'listing-failed': 'the Keycloak listing failed',
  'listing-incomplete': 'the Keycloak listing ended early',
  'empty-listing': 'Keycloak returned no users',
  'over-cap': 'more deactivations than the cap allows',
  'over-share': 'more deactivations than 5 % of the matched accounts',
  'over-reactivation-cap': 'more reactivations than the cap allows',
  'listing-stopped': 'a listing did not end within its bounds',
};

export type IdpPhase = 'never' | 'running' | 'interrupted' | 'completed' | 'aborted' | 'failed';

/**
 * A run recorded as running without the lock held has lost its invocation (the lock outlives the
 * consumer's timeout), so it is shown as interrupted rather than in progress forever.
 */
export function idpPhase(view: Pick<IdpSyncView, 'state' | 'running'>): IdpPhase {
  const run = view.state.lastRun;
  if (run === null) return view.running ? 'running' : 'never';
  if (run.status === 'running') return view.running ? 'running' : 'interrupted';
  return run.status;
}

export function isIdpBusy(view: Pick<IdpSyncView, 'state' | 'running'>): boolean {
  return idpPhase(view) === 'running';
}

function changes(r: IdpRunResult, tense: 'plan' | 'done'): string {
  const a = tense === 'plan' ? r.actions : r.appliedActions;
  const words: Array<[number, string]> = [
    [a.deactivate, tense === 'plan' ? 'to deactivate' : 'deactivated'],
    [a.suspend, tense === 'plan' ? 'to suspend' : 'suspended'],
    [a.reactivate, tense === 'plan' ? 'to reactivate' : 'reactivated'],
  ];
  return words
    .filter(([n]) => n > 0)
    .map(([n, w]) => `${n} ${w}`)
    .join(', ');
}

export type MessageAppearance = 'information' | 'success' | 'warning' | 'error';

export interface RunWords {
  title: string;
  detail: string;
  appearance: MessageAppearance;
}

function started(run: IdpRun): string {
  const how = run.trigger === 'schedule' ? 'by the schedule' : 'with Run now';
  return `${run.dryRun ? 'Dry run' : 'Apply'} started ${how} at ${formatTime(run.startedAt)}.`;
}

const PROGRESS_WORDS: Record<NonNullable<IdpRun['progress']>['phase'], string> = {
  listing: 'Listing the Keycloak realm…',
  matching: 'Matching realm users to Atlassian accounts…',
  planning: 'Planning each account from its current state…',
  applying: 'Applying',
  finished: 'Finishing…',
};

/** What the proxy last said about a run under way, e.g. "Applying: 120 of 300 accounts done." */
export function describeIdpProgress(progress: IdpRun['progress']): string {
  if (progress === null) return 'Waiting for the org-admin proxy to start the run…';
  if (progress.phase !== 'applying') return PROGRESS_WORDS[progress.phase];
  return `Applying: ${progress.attempted} of ${plural(progress.toApply, 'account')} done.`;
}

/** The last run in words: the status line's title and detail, and how loudly to show it. */
export function describeIdpRun(run: IdpRun, phase: IdpPhase): RunWords {
  const result = run.result;
  if (phase === 'running')
    return {
      title: 'IdP sync in progress…',
      detail: `${started(run)} ${describeIdpProgress(run.progress)}`,
      appearance: 'information',
    };
  if (phase === 'interrupted') {
    return {
      title: 'The last IdP sync did not finish',
      detail: `${started(run)} It stopped without an answer (its invocation ended early). Nothing is known about what it did; run it again as a dry run first.`,
      appearance: 'warning',
    };
  }
  if (run.status === 'failed' || result === null) {
    return {
      title: 'The last IdP sync failed',
      detail: `${started(run)} ${run.error?.message ?? 'The org-admin proxy did not answer.'}`,
      appearance: 'error',
    };
  }
  if (result.aborted !== null) {
    const planned = changes(result, 'plan');
    return {
      title: `Stopped by the circuit breaker: ${BREAKER_RULE_LABEL[result.aborted.rule]}`,
      detail:
        `${started(run)} ${result.aborted.reason} Nothing was applied.` +
        (planned === '' ? '' : ` The plan had ${planned}.`),
      appearance: 'warning',
    };
  }
  if (run.dryRun) {
    const planned = changes(result, 'plan');
    return planned === ''
      ? {
          title: 'Dry run: nothing to do',
          detail: `${started(run)} No account needs to change. Nothing was applied.`,
          appearance: 'success',
        }
      : {
          title: `Dry run: ${planned}`,
          detail: `${started(run)} Nothing was applied. Review the plan below; "Apply now" carries it out.`,
          appearance: 'information',
        };
  }
  const done = changes(result, 'done');
  const skipped =
    result.skipped.total > 0 ? ` ${plural(result.skipped.total, 'account')} skipped (see below).` : '';
  return done === ''
    ? {
        title: 'Applied: nothing to do',
        detail: `${started(run)} No account needed to change.${skipped}`,
        appearance: 'success',
      }
    : { title: `Applied: ${done}`, detail: `${started(run)}${skipped}`, appearance: 'success' };
}

/** What the schedule will do, from the saved settings. */
export function describeIdpSchedule(s: Settings): string {
  const cap =
    s.idpSyncMaxDeactivations === null
      ? ''
      : ` At most ${plural(s.idpSyncMaxDeactivations, 'deactivation')} a run (or the proxy’s cap, if lower).`;
  switch (s.idpSync) {
    case 'off':
      return 'Scheduled IdP offboarding is off.';
    case 'dry-run':
      return `Scheduled IdP offboarding: dry run, ${CADENCE_LABEL[s.idpSyncCadence].toLowerCase()}; nothing is applied.${cap}`;
    case 'apply':
      return `Scheduled IdP offboarding: apply, ${CADENCE_LABEL[s.idpSyncCadence].toLowerCase()}, unless the circuit breaker stops it.${cap}`;
  }
}

/** How the run was reported in Jira, or why it was not; null when a report was not called for. */
export function describeIdpReport(run: IdpRun): { issueKey: string | null; note: string | null } | null {
  if (run.issue === null && run.issueNote === null) return null;
  return { issueKey: run.issue?.key ?? null, note: run.issueNote };
}

/** "12 more are not kept here…" for a stored list that the app cut short; null when nothing was cut. */
export function leftOutNote(list: { items: unknown[]; total: number }, noun: string): string | null {
  const rest = list.total - list.items.length;
  if (rest <= 0) return null;
  return `Showing the first ${list.items.length} of ${list.total} ${noun}; ${rest} more are not kept by the app. The proxy’s answer and its audit log have them all.`;
}

/** The run facts shown as a small list: label → value. */
export function idpFacts(run: IdpRun): Array<[string, string]> {
  const r = run.result;
  if (r === null) return [];
  return [
    ['Realm', r.realm],
    ['Keycloak users', `${r.summary.keycloakUsers} (${r.summary.keycloakDisabled} disabled)`],
    ['Matched accounts', String(r.summary.matchedAccounts)],
    ['Realm users without an account', String(r.summary.unmatchedKeycloakUsers)],
    ['Cap this run', `${r.summary.maxDeactivations} (5 % rule: ${r.summary.shareLimit})`],
    ['Upstream calls', String(r.calls)],
  ];
}
