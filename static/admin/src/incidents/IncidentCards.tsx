import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import { useEffect, useState } from 'react';
import type { IncidentsView, IncidentView } from '../../../../src/contract/app/incident-records';
import { INCIDENT_RECOVERIES, recoveryWords } from '../../../../src/contract/app/incident-words';
import type { ScanRun } from '../../../../src/contract/app/records';
import { callAdmin } from '../../../shared/bridge';
import { plural } from '../../../shared/format';
import { isScanRunning } from '../../../shared/scan';
import { ErrorMessage } from '../../../shared/ui/ErrorMessage';
import { IssueLink } from '../../../shared/ui/links';
import { useAsyncAction } from '../../../shared/ui/use-async-action';
import { useBatchFlow } from '../batches/batch-intent';
import { directoryLabel, unlockIntent, unlockLabel } from './incident-words';

/**
 * Incidents, not rows: above the flags table, one card per group of locks one directory caused within
 * minutes (listIncidents), with the two ways out in plain words, the members (collapsed) and "Unlock
 * all…", which hands the members to the page's batch flow (batches/batch-intent.ts). Renders nothing
 * when there is no incident.
 */
export function IncidentCards({ lastRun }: { lastRun: ScanRun | null }) {
  const [view, setView] = useState<IncidentsView | null>(null);
  const { run: load, error } = useAsyncAction(
    async () => {
      setView(await callAdmin('listIncidents'));
    },
    { keepErrorWhileBusy: true },
  );
  // Load at first, and again whenever a scan finishes (its flags may form or grow an incident).
  const finishedKey =
    lastRun !== null && !isScanRunning(lastRun) ? `${lastRun.runId}:${lastRun.status}` : null;
  useEffect(() => {
    void load();
  }, [finishedKey, load]);

  if (error !== null && view === null) return <ErrorMessage error={error} onRetry={() => void load()} />;
  if (view === null || view.incidents.length === 0) return null;
  return (
    <section aria-labelledby="incidents-heading" className="su-stack" data-testid="incidents">
      <Heading size="small" as="h3" id="incidents-heading">
        {view.incidents.length === 1 ? 'Incident' : `Incidents (${view.incidents.length})`}
      </Heading>
      <p className="su-muted">
        Locks one directory made within {view.rules.gapMinutes} minutes of each other, at least{' '}
        {view.rules.minSize} of them, are shown together: they usually have one cause.
      </p>
      {view.capped && (
        <SectionMessage appearance="warning" title="Only part of the flags were grouped">
          <p>
            There are more flags than one look reads; incidents among the {view.flagsRead} open flags read are
            shown. The table below lists every flag.
          </p>
        </SectionMessage>
      )}
      {error !== null && <ErrorMessage error={error} onRetry={() => void load()} />}
      {view.incidents.map((incident) => (
        <IncidentCard key={incident.id} incident={incident} />
      ))}
    </section>
  );
}

function IncidentCard({ incident }: { incident: IncidentView }) {
  const startBatch = useBatchFlow();
  const idp = directoryLabel(incident);
  const headingId = `incident-${incident.id.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const noBatchId = `${headingId}-no-batch`;
  return (
    <article aria-labelledby={headingId} className="su-card su-stack" data-testid="incident-card">
      <Heading size="xsmall" as="h4" id={headingId}>
        {incident.headline}
      </Heading>
      {!incident.timesFromIdp && (
        <p className="su-muted">
          {idp} did not say when it changed some of these accounts; for those, the time the scan found them is
          used.
        </p>
      )}
      {incident.issue !== null && (
        <p>
          Reported in Jira as one issue: <IssueLink issueKey={incident.issue.key} />
        </p>
      )}
      <p>Two ways to recover:</p>
      <ul className="su-stack">
        {INCIDENT_RECOVERIES.map((r) => (
          <li key={r.title}>
            <strong>{recoveryWords(r.title, idp)}</strong> — {recoveryWords(r.when, idp)}.{' '}
            {recoveryWords(r.text, idp)}
          </li>
        ))}
      </ul>
      <details>
        <summary>Show the {plural(incident.members.length, 'account')}</summary>
        <ul aria-label={`Accounts in this incident`}>
          {incident.members.map((m) => (
            <li key={m.accountId}>
              {m.name ?? m.email ?? m.accountId}
              {m.name !== null && m.email !== null ? ` (${m.email})` : ''}
              {m.issueKey !== null && incident.issue?.key !== m.issueKey ? (
                <>
                  {' '}
                  — <IssueLink issueKey={m.issueKey} />
                </>
              ) : null}
            </li>
          ))}
        </ul>
      </details>
      <div className="su-row">
        <Button
          appearance="primary"
          isDisabled={startBatch === null}
          {...(startBatch === null ? { 'aria-describedby': noBatchId } : {})}
          onClick={() => startBatch?.(unlockIntent(incident))}
        >
          {unlockLabel(incident)}
        </Button>
        {startBatch === null && (
          <span id={noBatchId} className="su-muted">
            Unlocking many accounts at once is not available on this page yet; unlock them one at a time from
            the Look up tab.
          </span>
        )}
      </div>
    </article>
  );
}
