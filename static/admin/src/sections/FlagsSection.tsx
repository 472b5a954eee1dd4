import Button from '@atlaskit/button/new';
import { DynamicTableStateless } from '@atlaskit/dynamic-table';
import EmptyState from '@atlaskit/empty-state';
import { Label } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import { useEffect, useMemo, useState } from 'react';
import type { Flag, FlagStatus, ScanRun } from '../../../../src/contract/app/records';
import { callAdmin } from '../../../shared/bridge';
import { useAsyncAction } from '../../../shared/ui/use-async-action';
import { FLAG_STATUS_LABEL, FLAG_STATUS_TONE, formatAgo, formatTime, plural } from '../../../shared/format';
import { describeScanRun, isScanRunning } from '../../../shared/scan';
import {
  countFlags,
  filterFlags,
  sortRanks,
  type FlagFilter,
  type FlagSortKey,
  type SortOrder,
} from '../../../shared/table';
import { loadAll } from '../../../shared/ui/cursor-pages';
import { ErrorMessage } from '../../../shared/ui/ErrorMessage';
import { IssueLink } from '../../../shared/ui/links';
import { Loading } from '../../../shared/ui/Loading';
import { ReasonDialog } from '../../../shared/ui/ReasonDialog';
import type { OverviewState } from '../App';

/** Flags are fetched 50 at a time; beyond this many the table says it shows only the first ones. */
const MAX_FLAG_PAGES = 40;
const ROWS_PER_PAGE = 20;
/** How often a running scan's progress is re-read. */
const SCAN_POLL_MS = 2000;

type StatusOption = { label: string; value: FlagStatus | 'all' };
const STATUS_VALUES: Array<FlagStatus | 'all'> = ['all', 'open', 'dismissed', 'resolved', 'cleared'];

const SORT_KEYS: FlagSortKey[] = [
  'name',
  'email',
  'status',
  'confidence',
  'firstDetectedAt',
  'lastSeenAt',
  'issue',
];

function useFlags() {
  const [flags, setFlags] = useState<Flag[] | null>(null);
  const [truncated, setTruncated] = useState(false);
  const [started, setStarted] = useState(false);
  const {
    run: reload,
    busy,
    error,
  } = useAsyncAction(
    async () => {
      setStarted(true);
      const all = await loadAll(
        (cursor) => callAdmin('listFlags', { limit: 50, ...(cursor ? { cursor } : {}) }),
        MAX_FLAG_PAGES,
      );
      setFlags(all.items);
      setTruncated(all.truncated);
    },
    { keepErrorWhileBusy: true },
  );
  useEffect(() => {
    void reload();
  }, [reload]);
  // Loading from the first render, before the effect has started the first load.
  return { flags, truncated, error, isLoading: busy || !started, reload };
}

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
  const { flags, truncated, error, isLoading, reload } = useFlags();
  const [filter, setFilter] = useState<FlagFilter>({ text: '', status: 'open' });
  const [sortKey, setSortKey] = useState<FlagSortKey>('lastSeenAt');
  const [sortOrder, setSortOrder] = useState<SortOrder>('DESC');
  const [page, setPage] = useState(1);
  const [dismissing, setDismissing] = useState<Flag | null>(null);
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

  // A finished scan changes the flags: reload them when the last run stops running.
  const lastRun = overview.overview?.scan.lastRun ?? null;
  const finishedKey =
    lastRun !== null && !isScanRunning(lastRun) ? `${lastRun.runId}:${lastRun.status}` : null;
  useEffect(() => {
    if (finishedKey !== null) void reload();
  }, [finishedKey, reload]);

  const counts = useMemo(() => countFlags(flags ?? []), [flags]);
  const shown = useMemo(() => filterFlags(flags ?? [], filter), [flags, filter]);
  const ranks = useMemo(() => {
    const out = {} as Record<FlagSortKey, Map<string, number>>;
    for (const k of SORT_KEYS) out[k] = sortRanks(shown, k);
    return out;
  }, [shown]);

  const statusOptions: StatusOption[] = STATUS_VALUES.map((v) => ({
    value: v,
    label: `${v === 'all' ? 'All' : FLAG_STATUS_LABEL[v]} (${counts[v]})`,
  }));

  const head = {
    cells: [
      { key: 'name', content: 'Name', isSortable: true },
      { key: 'email', content: 'Email', isSortable: true },
      { key: 'status', content: 'Status', isSortable: true },
      { key: 'confidence', content: 'Confidence', isSortable: true },
      { key: 'reason', content: 'Why flagged' },
      { key: 'firstDetectedAt', content: 'First detected', isSortable: true },
      { key: 'lastSeenAt', content: 'Last seen', isSortable: true },
      { key: 'issue', content: 'Jira issue', isSortable: true },
      { key: 'actions', content: 'Actions' },
    ],
  };
  const rank = (k: FlagSortKey, f: Flag) => ranks[k].get(f.accountId) ?? 0;
  const rows = shown.map((f) => ({
    key: f.accountId,
    cells: [
      { key: rank('name', f), content: f.name ?? <span className="su-muted">(no name)</span> },
      { key: rank('email', f), content: f.email ?? <span className="su-muted">(hidden)</span> },
      {
        key: rank('status', f),
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
      { key: rank('confidence', f), content: f.confidence },
      { key: 'reason', content: f.reason },
      { key: rank('firstDetectedAt', f), content: formatTime(f.firstDetectedAt) },
      { key: rank('lastSeenAt', f), content: formatTime(f.lastSeenAt) },
      {
        key: rank('issue', f),
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
      <dl className="su-stats" aria-label="Flag counts">
        {STATUS_VALUES.map((v) => (
          <div key={v}>
            <dt>{v === 'all' ? 'All flags' : FLAG_STATUS_LABEL[v]}</dt>
            <dd>{flags === null ? '…' : counts[v]}</dd>
          </div>
        ))}
      </dl>
      {error !== null && <ErrorMessage error={error} onRetry={() => void reload()} />}
      {truncated && (
        <SectionMessage appearance="warning" title="Only part of the list is shown">
          <p>
            More than {flags?.length ?? 0} accounts are flagged; the table, counts and sorting cover the first{' '}
            {flags?.length ?? 0}.
          </p>
        </SectionMessage>
      )}
      <div className="su-row">
        <div className="su-grow">
          <Label htmlFor="flag-filter">Filter accounts</Label>
          <Textfield
            id="flag-filter"
            placeholder="Name, email, account ID or issue key"
            value={filter.text}
            onChange={(e) => {
              setFilter({ ...filter, text: e.currentTarget.value });
              setPage(1);
            }}
          />
        </div>
        <div className="su-field">
          <Label htmlFor="flag-status">Status</Label>
          <Select<StatusOption>
            inputId="flag-status"
            options={statusOptions}
            value={statusOptions.find((o) => o.value === filter.status) ?? null}
            onChange={(o) => {
              setFilter({ ...filter, status: o?.value ?? 'all' });
              setPage(1);
            }}
          />
        </div>
        <Button onClick={() => void reload()} isDisabled={isLoading}>
          Refresh
        </Button>
      </div>
      <p className="su-muted" aria-live="polite">
        {flags === null ? '' : `Showing ${plural(shown.length, 'account')} of ${counts.all}.`}
      </p>
      <div className="su-table-wrap">
        <DynamicTableStateless
          label="Flagged accounts"
          head={head}
          rows={rows}
          isLoading={isLoading && flags !== null}
          loadingLabel="Loading flagged accounts"
          rowsPerPage={ROWS_PER_PAGE}
          page={page}
          onSetPage={setPage}
          sortKey={sortKey}
          sortOrder={sortOrder}
          onSort={(d: { key: FlagSortKey; sortOrder: SortOrder }) => {
            setSortKey(d.key);
            setSortOrder(d.sortOrder);
          }}
          emptyView={
            flags === null ? (
              <Loading label="Loading flagged accounts" />
            ) : (
              <EmptyState
                header={counts.all === 0 ? 'No flagged accounts' : 'No account matches the filter'}
                description={
                  counts.all === 0
                    ? 'The scan has not found any account that SCIM deactivated and still holds. Run "Scan now" to check again.'
                    : 'Change the filter or the status to see more accounts.'
                }
                headingLevel={3}
              />
            )
          }
        />
      </div>
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
