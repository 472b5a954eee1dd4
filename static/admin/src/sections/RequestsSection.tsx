import Button from '@atlaskit/button/new';
import { DynamicTableStateless } from '@atlaskit/dynamic-table';
import EmptyState from '@atlaskit/empty-state';
import { Label } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import Select from '@atlaskit/select';
import { useState } from 'react';
import type { UnlockResponse } from '../../../../src/contract/proxy';
import type { RequestOutcome, RequestSort } from '../../../../src/contract/app/resolvers';
import type { RequestStatus, UnlockRequestRecord } from '../../../../src/contract/app/records';
import { callAdmin } from '../../../shared/bridge';
import { useAsyncAction } from '../../../shared/ui/use-async-action';
import { toUiError, type UiError } from '../../../shared/errors';
import { formatTime, REQUEST_STATUS_LABEL, REQUEST_STATUS_TONE } from '../../../shared/format';
import { useCursorPages } from '../../../shared/ui/cursor-pages';
import { ErrorMessage } from '../../../shared/ui/ErrorMessage';
import { IssueLink } from '../../../shared/ui/links';
import { Loading } from '../../../shared/ui/Loading';
import { OutcomePanel } from '../../../shared/ui/OutcomePanel';
import { Pager } from '../../../shared/ui/Pager';
import { ReasonDialog } from '../../../shared/ui/ReasonDialog';
import { PREVIEW_REASON } from './LookupSection';

const PAGE_SIZE = 20;

type StatusOption = { label: string; value: RequestStatus | 'all' };
const STATUS_OPTIONS: StatusOption[] = [
  { value: 'pending', label: 'Pending' },
  { value: 'all', label: 'All' },
  { value: 'approved', label: 'Approved' },
  { value: 'done', label: 'Done' },
  { value: 'failed', label: 'Failed' },
  { value: 'denied', label: 'Denied' },
];

type SortOption = { label: string; value: RequestSort };
const SORT_OPTIONS: SortOption[] = [
  { value: 'oldest', label: 'Oldest first' },
  { value: 'newest', label: 'Newest first' },
];
/** Pending requests are a queue (oldest first); history reads newest first. */
const defaultSort = (status: StatusOption['value']): SortOption =>
  SORT_OPTIONS[status === 'pending' ? 0 : 1] as SortOption;

type Decision =
  | { kind: 'approve'; request: UnlockRequestRecord; preview: UnlockResponse | null; error: UiError | null }
  | { kind: 'deny'; request: UnlockRequestRecord };

/** Everyone who asked: the first requester's reason, then each person who joined, with theirs. */
function Reasons({ request }: { request: UnlockRequestRecord }) {
  if (request.additionalRequesters.length === 0) return <>{request.reason}</>;
  return (
    <ul aria-label={`Requesters for ${request.accountId}`}>
      {[{ accountId: request.requestedBy, reason: request.reason }, ...request.additionalRequesters].map(
        (r) => (
          <li key={r.accountId}>
            <code>{r.accountId}</code>: {r.reason}
          </li>
        ),
      )}
    </ul>
  );
}

function OutcomeOf({ outcome }: { outcome: RequestOutcome }) {
  return (
    <div className="su-stack" data-testid="request-result">
      {outcome.unlock !== null && <OutcomePanel response={outcome.unlock} title="Unlock result" />}
      {outcome.unlockError !== null && <ErrorMessage error={outcome.unlockError} />}
    </div>
  );
}

export function RequestsSection({ onChanged }: { onChanged: () => unknown }) {
  const [status, setStatus] = useState<StatusOption>(STATUS_OPTIONS[0] as StatusOption);
  const [sort, setSort] = useState<SortOption>(defaultSort(status.value));
  // The server's maintained counts; the browser holds one page of requests.
  const [counts, setCounts] = useState<{ total: number; byStatus: Record<RequestStatus, number> } | null>(
    null,
  );
  const pages = useCursorPages(
    (cursor) =>
      callAdmin('listRequests', {
        limit: PAGE_SIZE,
        sort: sort.value,
        ...(status.value === 'all' ? {} : { status: status.value }),
        ...(cursor ? { cursor } : {}),
      }).then((p) => {
        setCounts({ total: p.total, byStatus: p.counts });
        return p;
      }),
    [status.value, sort.value],
  );
  const labelOf = (o: StatusOption) => {
    if (counts === null) return o.label;
    const n =
      o.value === 'all'
        ? Object.values(counts.byStatus).reduce((a, b) => a + b, 0)
        : counts.byStatus[o.value];
    return `${o.label} (${n})`;
  };
  const [decision, setDecision] = useState<Decision | null>(null);
  const [result, setResult] = useState<
    { kind: 'approved'; outcome: RequestOutcome } | { kind: 'denied'; request: UnlockRequestRecord } | null
  >(null);
  const {
    run: confirm,
    busy,
    error,
    clearError,
  } = useAsyncAction(async (reason: string) => {
    if (decision === null) return;
    if (decision.kind === 'approve') {
      const outcome = await callAdmin('approveRequest', {
        requestId: decision.request.id,
        ...(reason !== '' ? { reason } : {}),
      });
      setResult({ kind: 'approved', outcome });
    } else {
      const request = await callAdmin('denyRequest', { requestId: decision.request.id, reason });
      setResult({ kind: 'denied', request });
    }
    setDecision(null);
    pages.reload();
    onChanged();
  });

  const approve = (request: UnlockRequestRecord) => {
    clearError();
    setDecision({ kind: 'approve', request, preview: null, error: null });
    callAdmin('unlock', { accountId: request.accountId, reason: PREVIEW_REASON, dryRun: true })
      .then((r) => setDecision({ kind: 'approve', request, preview: r.response, error: null }))
      .catch((err: unknown) =>
        setDecision({ kind: 'approve', request, preview: null, error: toUiError(err) }),
      );
  };

  const head = {
    cells: [
      { key: 'requestedAt', content: 'Requested' },
      { key: 'account', content: 'Account ID' },
      { key: 'issue', content: 'Issue' },
      { key: 'reason', content: 'Reason' },
      { key: 'status', content: 'Status' },
      { key: 'actions', content: 'Decision' },
    ],
  };
  const rows = pages.items.map((r) => ({
    key: r.id,
    cells: [
      { key: 'requestedAt', content: formatTime(r.requestedAt) },
      { key: 'account', content: <code>{r.accountId}</code> },
      { key: 'issue', content: <IssueLink issueKey={r.issue.key} /> },
      { key: 'reason', content: <Reasons request={r} /> },
      {
        key: 'status',
        content: (
          <>
            <Lozenge appearance={REQUEST_STATUS_TONE[r.status]}>{REQUEST_STATUS_LABEL[r.status]}</Lozenge>
            {r.remaining.length > 0 && <div className="su-muted">Left to do: {r.remaining.join('; ')}</div>}
          </>
        ),
      },
      {
        key: 'actions',
        content:
          r.status === 'pending' ? (
            <div className="su-row">
              <Button
                appearance="primary"
                onClick={() => approve(r)}
                aria-label={`Approve request for ${r.accountId} (${r.issue.key})`}
              >
                Approve
              </Button>
              <Button
                onClick={() => {
                  clearError();
                  setDecision({ kind: 'deny', request: r });
                }}
                aria-label={`Deny request for ${r.accountId} (${r.issue.key})`}
              >
                Deny
              </Button>
            </div>
          ) : (
            <span className="su-muted">
              {(() => {
                const last = r.history[r.history.length - 1];
                return last ? `${REQUEST_STATUS_LABEL[last.status]} ${formatTime(last.at)}` : '';
              })()}
            </span>
          ),
      },
    ],
  }));

  return (
    <div className="su-stack">
      <Heading size="medium" as="h2">
        Unlock requests
      </Heading>
      <p className="su-muted">
        Requests come from the “Request account unlock” action on Jira issues. Approving runs the unlock.
      </p>
      <div className="su-row">
        <div className="su-field">
          <Label htmlFor="request-status">Status</Label>
          <Select<StatusOption>
            inputId="request-status"
            options={STATUS_OPTIONS}
            value={status}
            getOptionLabel={labelOf}
            onChange={(o) => {
              if (o === null) return;
              setStatus(o);
              setSort(defaultSort(o.value));
            }}
          />
        </div>
        <div className="su-field">
          <Label htmlFor="request-sort">Order</Label>
          <Select<SortOption>
            inputId="request-sort"
            options={SORT_OPTIONS}
            value={sort}
            onChange={(o) => o && setSort(o)}
          />
        </div>
        <Button onClick={pages.reload} isDisabled={pages.isLoading}>
          Refresh
        </Button>
      </div>
      {counts !== null && (
        <p className="su-muted" data-testid="request-count">
          {counts.total} {counts.total === 1 ? 'request' : 'requests'} · page {pages.page} of{' '}
          {Math.max(1, Math.ceil(counts.total / PAGE_SIZE))}
        </p>
      )}
      {result?.kind === 'approved' && <OutcomeOf outcome={result.outcome} />}
      {result?.kind === 'denied' && (
        <p role="status" data-testid="request-result">
          Request for {result.request.accountId} denied; the issue {result.request.issue.key} has a comment
          with the reason.
        </p>
      )}
      {pages.error !== null && <ErrorMessage error={pages.error} onRetry={pages.reload} />}
      <div className="su-table-wrap">
        <DynamicTableStateless
          label="Unlock requests"
          head={head}
          rows={rows}
          isLoading={pages.isLoading && pages.items.length > 0}
          loadingLabel="Loading requests"
          emptyView={
            pages.isLoading ? (
              <Loading label="Loading requests" />
            ) : (
              <EmptyState
                header={status.value === 'pending' ? 'No pending requests' : 'No requests'}
                description="When someone uses “Request account unlock” on a Jira issue, the request appears here."
                headingLevel={3}
              />
            )
          }
        />
      </div>
      <Pager
        label="Request pages"
        page={pages.page}
        hasNext={pages.hasNext}
        isLoading={pages.isLoading}
        onPrevious={pages.previous}
        onNext={pages.next}
      />
      <ReasonDialog
        isOpen={decision !== null}
        title={
          decision === null
            ? ''
            : decision.kind === 'approve'
              ? `Approve the request for ${decision.request.accountId}`
              : `Deny the request for ${decision.request.accountId}`
        }
        confirmLabel={decision?.kind === 'deny' ? 'Deny request' : 'Approve and unlock'}
        appearance={decision?.kind === 'deny' ? 'warning' : 'primary'}
        reasonRequired={decision?.kind === 'deny'}
        reasonHelp="Recorded in the audit log and added as a comment on every issue the request was asked from."
        isBusy={busy}
        canConfirm={
          decision?.kind === 'deny' ||
          (decision?.kind === 'approve' &&
            decision.preview !== null &&
            decision.preview.outcome !== 'blocked')
        }
        onClose={() => {
          if (!busy) setDecision(null);
        }}
        onConfirm={(reason) => void confirm(reason)}
      >
        {decision !== null && (
          <p>
            Requested {formatTime(decision.request.requestedAt)} on{' '}
            <IssueLink issueKey={decision.request.issue.key} />: “{decision.request.reason}”
          </p>
        )}
        {decision !== null && decision.request.additionalRequesters.length > 0 && (
          <p>
            {decision.request.additionalRequesters.length} more{' '}
            {decision.request.additionalRequesters.length === 1 ? 'person' : 'people'} asked too; the decision
            answers them all.
          </p>
        )}
        {decision?.kind === 'approve' && decision.preview === null && decision.error === null && (
          <Loading label="Preparing a preview (dry run)" />
        )}
        {decision?.kind === 'approve' && decision.error !== null && (
          <ErrorMessage error={decision.error} onRetry={() => approve(decision.request)} />
        )}
        {decision?.kind === 'approve' && decision.preview !== null && (
          <OutcomePanel response={decision.preview} title="Preview" />
        )}
        {error !== null && <ErrorMessage error={error} />}
      </ReasonDialog>
    </div>
  );
}
