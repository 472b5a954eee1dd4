import {
  bulletList,
  doc,
  heading,
  paragraph,
  text,
  type AdfBlock,
  type AdfDoc,
  type AdfInline,
  JIRA_SUMMARY_MAX,
} from '../content/adf';
import type { IdpRun, IdpRunResult } from '../../contract/app/idp-records';
import { clip } from '../../lib/clip';
import { actionWords, changesPlanned, planWords, runLabel } from './domain/run-report';

/**
 * The Jira issue that reports an IdP offboarding run which applied changes or tripped the circuit
 * breaker. Lists are capped so the description stays well inside Jira's 32,767-character field limit.
 */

export const IDP_ISSUE_LABEL = 'idp-offboarding';
export const ISSUE_LIST_MAX = 50;

const who = (e: { email: string | null; accountId: string }) => e.email ?? e.accountId;

function listWithRest<T>(items: T[], total: number, line: (item: T) => AdfInline[][]): AdfBlock[] {
  const shown = items.slice(0, ISSUE_LIST_MAX);
  const rest = total - shown.length;
  const lines = shown.map(line);
  if (rest > 0)
    lines.push([text(`… and ${rest} more (see the SCIM Unlock admin page and the proxy's audit log).`)]);
  return lines.length === 0 ? [] : [bulletList(lines)];
}

function facts(run: IdpRun, result: IdpRunResult): AdfBlock {
  const s = result.summary;
  return bulletList([
    [text(`Realm: ${result.realm}`)],
    [
      text(
        `Started ${run.startedAt} by ${run.trigger === 'schedule' ? 'the schedule' : `Run now (${run.startedBy})`}` +
          (run.dryRun ? ', as a dry run' : ''),
      ),
    ],
    ...(run.reason === null ? [] : [[text(`Reason given: ${run.reason}`)]]),
    [
      text(
        `Keycloak users: ${s.keycloakUsers} (${s.keycloakDisabled} disabled); Atlassian accounts matched: ` +
          `${s.matchedAccounts}; realm users without an account: ${s.unmatchedKeycloakUsers}`,
      ),
    ],
    [text(`Cap: ${s.maxDeactivations} deactivations per run; 5 % rule: ${s.shareLimit}`)],
  ]);
}

export function idpIssueSummary(run: IdpRun): string {
  const result = run.result;
  const realm = result === null ? '' : ` (realm ${result.realm})`;
  const summary =
    result?.aborted != null
      ? `IdP offboarding stopped by the circuit breaker: ${result.aborted.rule}${realm}`
      : `IdP offboarding: ${result === null ? 'run report' : actionWords(result.appliedActions, 'done')}${realm}`;
  return clip(summary, JIRA_SUMMARY_MAX);
}

export function idpIssueDescription(run: IdpRun): AdfDoc {
  const result = run.result;
  if (result === null) return doc(paragraph(text(`${runLabel(run)} has no result.`)));
  if (result.aborted !== null) {
    const planned = result.plan.items.filter((p) => p.action !== 'none');
    return doc(
      paragraph(
        text(`${runLabel(run)} was stopped by the circuit breaker, rule `),
        text(result.aborted.rule, 'code'),
        text(': '),
        text(result.aborted.reason, 'strong'),
      ),
      paragraph(text(`Nothing was applied${planWords(result)}.`)),
      heading(3, 'Run'),
      facts(run, result),
      ...(planned.length > 0
        ? [
            heading(3, 'What the plan would have changed'),
            ...listWithRest(planned, changesPlanned(result.actions), (p) => [
              text(who(p), 'strong'),
              text(` — ${p.action} (${p.idpState} in Keycloak): ${p.reason}`),
            ]),
          ]
        : []),
      heading(3, 'What to do'),
      paragraph(
        text(
          'Check the realm first: a listing that failed, ended early or came back empty usually means ' +
            'Keycloak or the service account has a problem, not that people left. If the plan is right, ' +
            'review it on the SCIM Unlock admin page ("IdP offboarding"), raise the cap on the proxy ' +
            '(IDP_SYNC_MAX_DEACTIVATIONS, or IDP_SYNC_MAX_REACTIVATIONS for reactivations) if needed, and ' +
            'apply it with "Run now".',
        ),
      ),
    );
  }
  return doc(
    paragraph(text(`${runLabel(run)} applied changes: ${actionWords(result.appliedActions, 'done')}.`)),
    heading(3, 'Run'),
    facts(run, result),
    heading(3, 'Applied'),
    ...listWithRest(result.applied.items, result.applied.total, (a) => [
      text(who(a), 'strong'),
      text(` — ${a.action}${a.outcome === 'partial' ? ' (partly done)' : ''}: ${a.detail}`),
    ]),
    ...(result.skipped.total > 0
      ? [
          heading(3, 'Skipped'),
          ...listWithRest(result.skipped.items, result.skipped.total, (s) => [
            text(who(s), 'strong'),
            text(` — ${s.code}: ${s.detail}`),
          ]),
        ]
      : []),
    heading(3, 'What to do'),
    paragraph(
      text(
        'Nothing, if these people left. If someone was deactivated by mistake, enable them in Keycloak ' +
          'first (or the next run deactivates them again), then reactivate the account from the SCIM ' +
          'Unlock admin page ("Look up").',
      ),
    ),
  );
}
