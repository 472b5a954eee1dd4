import Button from '@atlaskit/button/new';
import { DynamicTableStateless } from '@atlaskit/dynamic-table';
import EmptyState from '@atlaskit/empty-state';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import { Fragment, useEffect, useState, type ReactNode } from 'react';
import type { IdpSyncView } from '../../../../src/contract/app/resolvers';
import type { IdpRun, IdpRunResult } from '../../../../src/contract/app/idp-records';
import { callAdmin } from '../../../shared/bridge';
import { useAsyncAction } from '../../../shared/ui/use-async-action';
import { formatTime } from '../../../shared/format';
import {
  describeIdpReport,
  describeIdpRun,
  describeIdpSchedule,
  IDP_ACTION_LABEL,
  IDP_ACTION_TONE,
  IDP_SKIP_LABEL,
  IDP_STATE_LABEL,
  idpFacts,
  idpPhase,
  isIdpBusy,
  leftOutNote,
} from '../../../shared/idp';
import { ErrorMessage } from '../../../shared/ui/ErrorMessage';
import { IssueLink } from '../../../shared/ui/links';
import { Loading } from '../../../shared/ui/Loading';
import { ReasonDialog } from '../../../shared/ui/ReasonDialog';

/** How often a running sync is re-read. */
const POLL_MS = 2000;
const ROWS_PER_PAGE = 20;

function useIdpView() {
  const [view, setView] = useState<IdpSyncView | null>(null);
  // Polled while a sync runs: an error stays until a poll succeeds.
  const { run: reload, error } = useAsyncAction(async () => setView(await callAdmin('getIdpSync')), {
    keepErrorWhileBusy: true,
  });
  useEffect(() => {
    void reload();
  }, [reload]);
  return { view, error, reload };
}

const who = (e: { email: string | null; accountId: string }): ReactNode =>
  e.email ?? <span title={e.accountId}>{e.accountId}</span>;

function PagedTable(props: {
  label: string;
  head: Array<{ key: string; content: string }>;
  rows: Array<{ key: string; cells: Array<{ key: string; content: ReactNode }> }>;
  empty: string;
}) {
  const [page, setPage] = useState(1);
  return (
    <div className="su-table-wrap">
      <DynamicTableStateless
        label={props.label}
        head={{ cells: props.head }}
        rows={props.rows}
        rowsPerPage={ROWS_PER_PAGE}
        page={page}
        onSetPage={setPage}
        emptyView={<EmptyState header={props.empty} headingLevel={4} />}
      />
    </div>
  );
}

function LeftOut({ list, noun }: { list: { items: unknown[]; total: number }; noun: string }) {
  const note = leftOutNote(list, noun);
  return note === null ? null : <p className="su-muted">{note}</p>;
}

function RunDetails({ run, result }: { run: IdpRun; result: IdpRunResult }) {
  const report = describeIdpReport(run);
  const plan = result.plan.items.map((p, i) => ({
    key: `${p.accountId}-${i}`,
    cells: [
      { key: 'account', content: who(p) },
      { key: 'state', content: IDP_STATE_LABEL[p.idpState] },
      {
        key: 'action',
        content: <Lozenge appearance={IDP_ACTION_TONE[p.action]}>{IDP_ACTION_LABEL[p.action]}</Lozenge>,
      },
      { key: 'reason', content: p.reason },
    ],
  }));
  const applied = result.applied.items.map((a, i) => ({
    key: `${a.accountId}-${i}`,
    cells: [
      { key: 'account', content: who(a) },
      { key: 'action', content: IDP_ACTION_LABEL[a.action] },
      {
        key: 'outcome',
        content: (
          <Lozenge appearance={a.outcome === 'done' ? 'success' : 'moved'}>
            {a.outcome === 'done' ? 'Done' : 'Partly done'}
          </Lozenge>
        ),
      },
      { key: 'detail', content: a.detail },
    ],
  }));
  const skipped = result.skipped.items.map((s, i) => ({
    key: `${s.accountId}-${i}`,
    cells: [
      { key: 'account', content: who(s) },
      { key: 'code', content: IDP_SKIP_LABEL[s.code] },
      { key: 'detail', content: s.detail },
    ],
  }));
  return (
    <div className="su-stack">
      <section aria-labelledby="idp-facts-heading" className="su-card su-stack">
        <Heading size="xsmall" as="h3" id="idp-facts-heading">
          Run
        </Heading>
        <dl>
          {idpFacts(run).map(([label, value]) => (
            <Fragment key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </Fragment>
          ))}
          {run.reason !== null && (
            <>
              <dt>Reason</dt>
              <dd>{run.reason}</dd>
            </>
          )}
          {report !== null && (
            <>
              <dt>Jira issue</dt>
              <dd data-testid="idp-report">
                {report.issueKey !== null && <IssueLink issueKey={report.issueKey} />}
                {report.issueKey !== null && report.note !== null && ' — '}
                {report.note}
              </dd>
            </>
          )}
        </dl>
      </section>
      {!run.dryRun && result.aborted === null && (
        <section aria-labelledby="idp-applied-heading" className="su-stack">
          <Heading size="small" as="h3" id="idp-applied-heading">
            Applied
          </Heading>
          <PagedTable
            label="Applied changes"
            head={[
              { key: 'account', content: 'Account' },
              { key: 'action', content: 'Action' },
              { key: 'outcome', content: 'Outcome' },
              { key: 'detail', content: 'Detail' },
            ]}
            rows={applied}
            empty="Nothing was applied"
          />
          <LeftOut list={result.applied} noun="applied changes" />
        </section>
      )}
      {result.skipped.total > 0 && (
        <section aria-labelledby="idp-skipped-heading" className="su-stack">
          <Heading size="small" as="h3" id="idp-skipped-heading">
            Skipped
          </Heading>
          <PagedTable
            label="Skipped accounts"
            head={[
              { key: 'account', content: 'Account' },
              { key: 'code', content: 'Why' },
              { key: 'detail', content: 'Detail' },
            ]}
            rows={skipped}
            empty="No account was skipped"
          />
          <LeftOut list={result.skipped} noun="skipped accounts" />
        </section>
      )}
      <section aria-labelledby="idp-plan-heading" className="su-stack">
        <Heading size="small" as="h3" id="idp-plan-heading">
          Plan
        </Heading>
        <PagedTable
          label="IdP offboarding plan"
          head={[
            { key: 'account', content: 'Account' },
            { key: 'state', content: 'In Keycloak' },
            { key: 'action', content: 'Action' },
            { key: 'reason', content: 'Why' },
          ]}
          rows={plan}
          empty={
            result.aborted !== null
              ? 'The breaker stopped the run before it planned account by account'
              : 'No leavers: every matched account is enabled in Keycloak'
          }
        />
        <LeftOut list={result.plan} noun="plan entries" />
      </section>
    </div>
  );
}

export function IdpSection() {
  const { view, error, reload } = useIdpView();
  const [confirming, setConfirming] = useState(false);
  const {
    run,
    pending,
    error: startError,
    clearError: clearStartError,
  } = useAsyncAction(async (dryRun: boolean, reason?: string) => {
    try {
      await callAdmin('runIdpSync', { dryRun, ...(reason === undefined ? {} : { reason }) });
      setConfirming(false);
    } finally {
      await reload();
    }
  });
  const starting = pending === null ? null : pending[0] ? 'dry-run' : 'apply';
  const busy = view !== null && isIdpBusy(view);

  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => void reload(), POLL_MS);
    return () => clearInterval(timer);
  }, [busy, reload]);

  if (view === null) {
    return error !== null ? (
      <ErrorMessage error={error} onRetry={() => void reload()} />
    ) : (
      <Loading label="Loading IdP offboarding" />
    );
  }
  const last = view.state.lastRun;
  const phase = idpPhase(view);
  const words = last === null ? null : describeIdpRun(last, phase);
  const lastDry = last !== null && last.dryRun && last.result !== null ? last : null;

  return (
    <div className="su-stack">
      <Heading size="medium" as="h2">
        IdP offboarding
      </Heading>
      <p>
        People disabled in Keycloak, or gone from it, keep their Atlassian accounts until someone deactivates
        them. The org-admin proxy compares the realm with the organisation and deactivates the leavers — or,
        in a dry run, only says what it would do. Its circuit breaker applies nothing when the listing or the
        plan looks wrong.
      </p>
      <section aria-labelledby="idp-run-heading" className="su-card su-stack">
        <Heading size="small" as="h3" id="idp-run-heading">
          Run now
        </Heading>
        <p>
          {describeIdpSchedule(view.settings)}
          {view.settings.idpSync === 'off' &&
            ' Choose dry run or apply under Settings to run it on a schedule.'}
        </p>
        <div className="su-row">
          <Button
            appearance="primary"
            onClick={() => void run(true)}
            isLoading={starting === 'dry-run'}
            isDisabled={busy || starting !== null}
          >
            Dry run now
          </Button>
          <Button
            appearance="warning"
            onClick={() => {
              clearStartError();
              setConfirming(true);
            }}
            isDisabled={busy || starting !== null}
          >
            Apply now…
          </Button>
        </div>
        {startError !== null && !confirming && <ErrorMessage error={startError} />}
        {error !== null && <ErrorMessage error={error} onRetry={() => void reload()} />}
        <div role="status" aria-live="polite" data-testid="idp-status">
          {words === null ? (
            <p>No IdP sync has run yet. Start with a dry run to see the plan.</p>
          ) : phase === 'running' ? (
            <Loading label={words.title} />
          ) : (
            <SectionMessage appearance={words.appearance} title={words.title}>
              <p>{words.detail}</p>
            </SectionMessage>
          )}
        </div>
        {last !== null && phase === 'failed' && last.error !== null && <ErrorMessage error={last.error} />}
      </section>
      {last !== null && last.result !== null && phase !== 'running' && (
        <RunDetails run={last} result={last.result} />
      )}
      <ReasonDialog
        isOpen={confirming}
        title="Apply the IdP offboarding plan"
        confirmLabel="Apply now"
        appearance="danger"
        isBusy={starting === 'apply'}
        reasonHelp="Recorded in the audit log and in the Jira issue that reports the run."
        onClose={() => {
          if (starting === null) setConfirming(false);
        }}
        onConfirm={(reason) => void run(false, reason)}
      >
        <p>
          The proxy lists the realm again and deactivates every account it plans to (suspends access for
          accounts the organisation does not manage) — unless its circuit breaker stops the run. Protected
          accounts are never touched.{' '}
          {view.settings.idpSyncMaxDeactivations !== null &&
            `At most ${view.settings.idpSyncMaxDeactivations} deactivations, as set in Settings.`}
        </p>
        {lastDry !== null && words !== null && (
          <p>
            The last dry run, started {formatTime(lastDry.startedAt)}, said: {words.title}.
          </p>
        )}
        {startError !== null && <ErrorMessage error={startError} />}
      </ReasonDialog>
    </div>
  );
}
