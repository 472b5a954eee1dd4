import Button from '@atlaskit/button/new';
import { DynamicTableStateless } from '@atlaskit/dynamic-table';
import EmptyState from '@atlaskit/empty-state';
import { Label } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import Select from '@atlaskit/select';
import { useEffect, useRef, useState } from 'react';
import type { Flag, FlagStatus, ScanRun } from '../../../../src/contract/app/records';
import type { FlagSortKey } from '../../../../src/contract/app/resolvers';
import { callAdmin } from '../../../shared/bridge';
import { useAsyncAction } from '../../../shared/ui/use-async-action';
import { FLAG_STATUS_LABEL, FLAG_STATUS_TONE, formatAgo, formatTime, plural } from '../../../shared/format';
import { describeScanRun, isScanRunning } from '../../../shared/scan';
import { ErrorMessage } from '../../../shared/ui/ErrorMessage';
import { IssueLink } from '../../../shared/ui/links';
import { Loading } from '../../../shared/ui/Loading';
import { Pager } from '../../../shared/ui/Pager';
import { ReasonDialog } from '../../../shared/ui/ReasonDialog';
import type { OverviewState } from '../App';
import { IncidentCards } from '../incidents/IncidentCards';
import { CurrentBatchCard } from '../batches/CurrentBatchCard';
import { SelectBox, SelectionToolbar, UnlockRowAction } from '../batches/FlagBatchControls';
import { useFlagSelection } from '../batches/flag-selection';
import { useFlagPage } from '../flags/use-flag-page';
import {
  directoryOptions,
  statusOptions,
  type DirectoryOption,
  type StatusOption,
} from '../flags/flag-filters';

/** How often a running scan's progress is re-read. */
const SCAN_POLL_MS = 2000;

const STATUS_VALUES: Array<FlagStatus | 'all'> = ['all', 'open', 'dismissed', 'resolved', 'cleared'];

/** The columns the server can sort by (one index each); the table shows its sort on them. */
const SERVER_SORTS: readonly FlagSortKey[] = ['firstDetectedAt', 'lastSeenAt'];

function ScanPanel({ overview }: { overview: OverviewState }) {
  const [runId, setRunId] = useState<string | null>(null);
  const {
    run: start,
    busy: starting,
    error,
  } = useAsyncAction(async () => {
    const started = await callAdmin('scanNow');
    setRunId(started.runId);
    await overview.reload();
  });
  const lastRun: ScanRun | null = overview.overview?.scan.lastRun ?? null;
  const running = lastRun !== null && isScanRunning(lastRun);
  const waiting = runId !== null && (lastRun === null || lastRun.runId !== runId || running);

  // Poll the overview while our scan (or any scan) runs, so its progress stays visible.
  const reloadOverview = overview.reload;
  useEffect(() => {
    if (!waiting && !running) return;
    const timer = setInterval(() => void reloadOverview(), SCAN_POLL_MS);
    return () => clearInterval(timer);
  }, [waiting, running, reloadOverview]);

  const words = lastRun === null ? null : describeScanRun(lastRun);
  return (
    <section aria-labelledby="scan-heading" className="su-card su-stack">
      <Heading size="small" as="h3" id="scan-heading">
        Scan
      </Heading>
      {overview.error !== null && overview.overview === null ? (
        <ErrorMessage error={overview.error} onRetry={() => void overview.reload()} />
      ) : overview.overview === null ? (
        <Loading label="Loading the last scan" />
      ) : (
        <>
          <p>
            {lastRun === null
              ? 'No scan has run yet.'
              : `Last scan started ${formatAgo(lastRun.startedAt, new Date())} (${formatTime(lastRun.startedAt)}).`}{' '}
            {overview.overview.settings.scanEnabled
              ? `Automatic scans run ${overview.overview.settings.cadence.replace(/-/g, ' ')}.`
              : 'Automatic scans are off.'}
          </p>
          {overview.overview.relockedByIdp > 0 && (
            <p data-testid="relock-count">
              <strong>{overview.overview.relockedByIdp} re-locked by the IdP</strong>: accounts unlocked here
              that an identity provider linked or deactivated again. Their flags are marked Re-locked and say
              what to fix in the IdP.
            </p>
          )}
          {words !== null && (
            <div role="status" aria-live="polite" data-testid="scan-status">
              {running ? <Loading label={words.title} /> : <strong>{words.title}</strong>}
              <p>{words.detail}</p>
            </div>
          )}
        </>
      )}
      {error !== null && <ErrorMessage error={error} />}
      <div>
        <Button
          appearance="primary"
          onClick={() => void start()}
          isLoading={starting}
          isDisabled={running || waiting}
        >
          Scan now
        </Button>
      </div>
    </section>
  );
}

export function FlagsSection({ overview }: { overview: OverviewState }) {
  const flagPage = useFlagPage();
  const { query, setQuery, result, isLoading, error, reload } = flagPage;
  const [dismissing, setDismissing] = useState<Flag | null>(null);
  const selection = useFlagSelection();
  const {
    run: dismiss,
    busy: dismissBusy,
    error: dismissError,
    clearError: clearDismissError,
  } = useAsyncAction(async (reason: string) => {
    if (dismissing === null) return;
    await callAdmin('dismissFlag', { accountId: dismissing.accountId, reason });
    setDismissing(null);
    await reload();
  });

  // A finished scan changes the flags: reload the page when the last run stops running.
  const lastRun = overview.overview?.scan.lastRun ?? null;
  const finishedKey =
    lastRun !== null && !isScanRunning(lastRun) ? `${lastRun.runId}:${lastRun.status}` : null;
  // Only a newly finished run reloads here; the page's own query changes load through useFlagPage.
  const reloadRef = useRef(reload);
  reloadRef.current = reload;
  const seenRun = useRef(finishedKey);
  useEffect(() => {
    if (finishedKey !== null && finishedKey !== seenRun.current) void reloadRef.current();
    seenRun.current = finishedKey;
  }, [finishedKey]);

  const counts = result?.counts ?? null;
  const shown = result?.items ?? [];
  const statusChoices = statusOptions(counts);
  const directoryChoices = directoryOptions(result?.directories ?? []);

  const head = {
    cells: [
      { key: 'select', content: <span className="su-visually-hidden">Select</span> },
      { key: 'name', content: 'Name' },
      { key: 'email', content: 'Email' },
      { key: 'status', content: 'Status' },
      { key: 'confidence', content: 'Confidence' },
      { key: 'reason', content: 'Why flagged' },
      { key: 'firstDetectedAt', content: 'First detected', isSortable: true },
      { key: 'lastSeenAt', content: 'Last seen', isSortable: true },
      { key: 'issue', content: 'Jira issue' },
      { key: 'actions', content: 'Actions' },
    ],
  };
  // The server sorted the page; the sortable cells' keys are the sorted values, so the table's own
  // (stable) sort of the page agrees with it.
  const rows = shown.map((f) => ({
    key: f.accountId,
    cells: [
      { key: 'select', content: <SelectBox flag={f} selection={selection} /> },
      { key: 'name', content: f.name ?? <span className="su-muted">(no name)</span> },
      { key: 'email', content: f.email ?? <span className="su-muted">(hidden)</span> },
      {
        key: 'status',
        content: (
          <>
            <Lozenge appearance={FLAG_STATUS_TONE[f.status]}>{FLAG_STATUS_LABEL[f.status]}</Lozenge>
            {f.relocked !== undefined && (f.status === 'open' || f.status === 'dismissed') && (
              <span title={`Re-locked by ${f.relocked.directoryName ?? f.relocked.directoryId}`}>
                {' '}
                <Lozenge appearance="removed">Re-locked</Lozenge>
              </span>
            )}
          </>
        ),
      },
      { key: 'confidence', content: f.confidence },
      { key: 'reason', content: f.reason },
      { key: f.firstDetectedAt, content: formatTime(f.firstDetectedAt) },
      { key: f.lastSeenAt, content: formatTime(f.lastSeenAt) },
      {
        key: 'issue',
        content:
          f.issue !== null ? (
            <IssueLink issueKey={f.issue.key} />
          ) : f.post.lastError !== null ? (
            <span title={f.post.lastError}>Not posted (failed)</span>
          ) : (
            <span className="su-muted">Not posted</span>
          ),
      },
      {
        key: 'actions',
        content:
          f.status === 'open' ? (
            <div className="su-row">
              <UnlockRowAction flag={f} />
              <Button
                appearance="subtle"
                aria-label={`Dismiss the flag for ${f.name ?? f.email ?? f.accountId}`}
                onClick={() => {
                  clearDismissError();
                  setDismissing(f);
                }}
              >
                Dismiss
              </Button>
            </div>
          ) : f.dismissed !== null ? (
            <span className="su-muted" title={f.dismissed.reason}>
              Dismissed {formatTime(f.dismissed.at)}
            </span>
          ) : null,
      },
    ],
  }));

  return (
    <div className="su-stack">
      <Heading size="medium" as="h2">
        Flagged accounts
      </Heading>
      <ScanPanel overview={overview} />
      <IncidentCards lastRun={overview.overview?.scan.lastRun ?? null} />
      <CurrentBatchCard
        onFinished={() => {
          selection.clear();
          void reload();
        }}
      />
      <dl className="su-stats" aria-label="Flag counts">
        {STATUS_VALUES.map((v) => (
          <div key={v}>
            <dt>{v === 'all' ? 'All flags' : FLAG_STATUS_LABEL[v]}</dt>
            <dd>{counts === null ? '…' : counts[v]}</dd>
          </div>
        ))}
      </dl>
      {error !== null && <ErrorMessage error={error} onRetry={() => void reload()} />}
      <div className="su-row">
        <div className="su-field">
          <Label htmlFor="flag-status">Status</Label>
          <Select<StatusOption>
            inputId="flag-status"
            options={statusChoices}
            value={statusChoices.find((o) => o.value === query.status) ?? null}
            // Directories are listed per status, so a new status starts with every directory.
            onChange={(o) => setQuery({ ...query, status: o?.value ?? 'all', directoryId: null })}
          />
        </div>
        <div className="su-field">
          <Label htmlFor="flag-directory">Directory</Label>
          <Select<DirectoryOption>
            inputId="flag-directory"
            options={directoryChoices}
            isDisabled={query.status === 'all'}
            value={directoryChoices.find((o) => o.value === query.directoryId) ?? directoryChoices[0] ?? null}
            onChange={(o) => setQuery({ ...query, directoryId: o?.value ?? null })}
          />
        </div>
        <Button onClick={() => void reload()} isDisabled={isLoading}>
          Refresh
        </Button>
      </div>
      <p className="su-muted" aria-live="polite" data-testid="flag-page-summary">
        {result === null
          ? ''
          : `Page ${flagPage.shownPage}: ${plural(shown.length, 'account')} of ${result.total}` +
            (query.status === 'all' && query.directoryId === null ? '.' : ' matching the filter.')}
        {query.status === 'all' ? ' Choose a status to filter by directory.' : ''}
      </p>
      <SelectionToolbar
        selection={selection}
        matching={result?.total ?? 0}
        loadMatching={() =>
          callAdmin('listFlagIds', {
            ...(query.status === 'all' ? {} : { status: query.status }),
            ...(query.status !== 'all' && query.directoryId !== null
              ? { directoryId: query.directoryId }
              : {}),
          })
        }
      />
      <div className="su-table-wrap">
        <DynamicTableStateless
          label="Flagged accounts"
          head={head}
          rows={rows}
          isLoading={isLoading && result !== null}
          loadingLabel="Loading flagged accounts"
          sortKey={query.sort}
          sortOrder={query.order === 'asc' ? 'ASC' : 'DESC'}
          onSort={(d: { key: string; sortOrder: 'ASC' | 'DESC' }) => {
            const sort = SERVER_SORTS.find((k) => k === d.key);
            if (sort !== undefined)
              setQuery({ ...query, sort, order: d.sortOrder === 'ASC' ? 'asc' : 'desc' });
          }}
          emptyView={
            result === null ? (
              <Loading label="Loading flagged accounts" />
            ) : (
              <EmptyState
                header={result.counts.all === 0 ? 'No flagged accounts' : 'No account matches the filter'}
                description={
                  result.counts.all === 0
                    ? 'The scan has not found any account that SCIM deactivated and still holds. Run "Scan now" to check again.'
                    : 'Change the status or the directory to see more accounts.'
                }
                headingLevel={3}
              />
            )
          }
        />
      </div>
      <Pager
        label="Flagged accounts pages"
        page={flagPage.page}
        hasNext={flagPage.hasNext}
        isLoading={isLoading}
        onPrevious={flagPage.previous}
        onNext={flagPage.next}
      />
      <ReasonDialog
        isOpen={dismissing !== null}
        title="Dismiss the flag"
        confirmLabel="Dismiss flag"
        appearance="warning"
        isBusy={dismissBusy}
        onClose={() => {
          if (!dismissBusy) setDismissing(null);
        }}
        onConfirm={(reason) => void dismiss(reason)}
      >
        {dismissing !== null && (
          <p>
            The flag for {dismissing.name ?? dismissing.email ?? dismissing.accountId} stays dismissed while
            later scans keep finding the account; if it is cleared and later found locked again, a new flag
            opens. No issue is posted for a dismissed flag, and nothing changes in Atlassian.
          </p>
        )}
        {dismissError !== null && <ErrorMessage error={dismissError} />}
      </ReasonDialog>
    </div>
  );
}
