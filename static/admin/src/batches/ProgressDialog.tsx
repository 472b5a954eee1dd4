import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import Modal, {
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
  ModalTransition,
} from '@atlaskit/modal-dialog';
import { useEffect, useRef, useState } from 'react';
import type { BatchAccountResult, BatchStatus } from '../../../../src/contract/proxy';
import type { CurrentBatch } from '../../../../src/contract/app/resolvers';
import { callAdmin } from '../../../shared/bridge';
import { formatTime, plural } from '../../../shared/format';
import { loadAll, useCursorPages } from '../../../shared/ui/cursor-pages';
import { downloadText } from '../../../shared/ui/download';
import { ErrorMessage } from '../../../shared/ui/ErrorMessage';
import { Loading } from '../../../shared/ui/Loading';
import { Pager } from '../../../shared/ui/Pager';
import { useAsyncAction } from '../../../shared/ui/use-async-action';
import { batchCsv, batchFileName } from './batch-csv';
import {
  countsInOrder,
  isFinal,
  OUTCOME_LABEL,
  OUTCOME_TONE,
  settledCount,
  STATE_LABEL,
} from './batch-words';
import { useBatchStatus } from './use-batch-status';

const PROGRESS_POLL_MS = 2000;
const ROWS_PER_PAGE = 25;
/** Results pages of 200 for the CSV: 1,000 accounts take 5; 10 bounds the loop. */
const EXPORT_PAGE_SIZE = 200;
const EXPORT_MAX_PAGES = 10;
/** After the batch ends the app resolves flags and comments issues; re-read until that is done. */
const COMPLETION_POLL_MS = 2000;
const COMPLETION_MAX_READS = 30;

async function accountsPage(batchId: string, limit: number, cursor: string | undefined) {
  const page = await callAdmin('listBatchAccounts', { batchId, limit, ...(cursor ? { cursor } : {}) });
  return { items: page.results, nextCursor: page.nextCursor };
}

/** The app's own record and completion of this batch, when it is the latest one (currentBatch). */
function useCompletion(batchId: string, final: boolean): CurrentBatch | null {
  const [current, setCurrent] = useState<CurrentBatch | null>(null);
  useEffect(() => {
    let live = true;
    let reads = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = async () => {
      reads += 1;
      let c: CurrentBatch | null = null;
      try {
        c = await callAdmin('currentBatch');
      } catch {
        // The completion line is a courtesy; the batch's own status is shown either way.
      }
      if (!live) return;
      const mine = c !== null && c.record.batchId === batchId ? c : null;
      setCurrent(mine);
      const waiting = final && mine !== null && mine.completion?.state !== 'done';
      if (waiting && reads < COMPLETION_MAX_READS) timer = setTimeout(() => void read(), COMPLETION_POLL_MS);
    };
    void read();
    return () => {
      live = false;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [batchId, final]);
  return current;
}

function Counts({ status }: { status: BatchStatus }) {
  const counts = countsInOrder(status.counts);
  return (
    <dl className="su-stats" aria-label="Accounts by outcome">
      {counts.map((c) => (
        <div key={c.outcome}>
          <dt>{c.label}</dt>
          <dd>{c.count}</dd>
        </div>
      ))}
    </dl>
  );
}

function ResultsTable(props: { rows: BatchAccountResult[] }) {
  return (
    <table className="su-table" aria-label="Accounts in this batch">
      <thead>
        <tr>
          <th scope="col">Account</th>
          <th scope="col">Outcome</th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr key={r.ref}>
            <td>{r.ref}</td>
            <td>
              <Lozenge appearance={OUTCOME_TONE[r.outcome]}>{OUTCOME_LABEL[r.outcome]}</Lozenge>
            </td>
            <td>
              {[r.blockers.join(', '), r.detail ?? '', r.resumed ? 'verified after a proxy restart' : '']
                .filter((s) => s !== '')
                .join(' — ')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A batch being run or finished: progress, counts, per-account outcomes as they land, then the report. */
export function ProgressDialog(props: { batchId: string; onChanged: () => void; onClose: () => void }) {
  const { batchId, onChanged } = props;
  const { status, error, tick } = useBatchStatus(batchId, PROGRESS_POLL_MS);
  const final = status !== null && isFinal(status.state);
  const current = useCompletion(batchId, final);
  const pages = useCursorPages((cursor) => accountsPage(batchId, ROWS_PER_PAGE, cursor), [batchId]);

  // Each status read brings new outcomes; the page in view is read again with it, up to the final read.
  const reloadPage = pages.reload;
  const lastReload = useRef(0);
  useEffect(() => {
    if (tick > 1 && tick !== lastReload.current) {
      lastReload.current = tick;
      reloadPage();
    }
  }, [tick, reloadPage]);
  // The views behind the dialog (current-batch card, flags) reload once the batch ends.
  const completionDone = current?.completion?.state === 'done';
  useEffect(() => {
    if (final) onChanged();
  }, [final, completionDone, onChanged]);

  const cancel = useAsyncAction(() => callAdmin('cancelBatch', { batchId }));
  const exportCsv = useAsyncAction(async () => {
    const all = await loadAll((cursor) => accountsPage(batchId, EXPORT_PAGE_SIZE, cursor), EXPORT_MAX_PAGES);
    downloadText(batchFileName(batchId, new Date()), batchCsv(all.items));
  });

  const title = current?.record.title ?? 'Batch unlock';
  const settled = status === null ? 0 : settledCount(status);
  return (
    <ModalTransition>
      <Modal onClose={props.onClose} width="x-large" shouldScrollInViewport label={title}>
        <ModalHeader hasCloseButton>
          <ModalTitle>{title}</ModalTitle>
        </ModalHeader>
        <ModalBody>
          <div className="su-stack" data-testid="batch-progress">
            {status === null ? (
              error !== null ? (
                <ErrorMessage error={error} />
              ) : (
                <Loading label="Reading the batch…" />
              )
            ) : (
              <>
                <p>
                  <strong>{STATE_LABEL[status.state]}</strong>
                  {' — '}
                  {`${settled} of ${plural(status.total, 'account')} done.`}{' '}
                  {current !== null &&
                    `Started ${formatTime(current.record.startedAt)} by ${current.record.startedBy}. `}
                  Reason: {status.reason}
                </p>
                <progress
                  className="su-progress"
                  max={Math.max(1, status.total)}
                  value={settled}
                  aria-label="Accounts done"
                />
                <div role="status" aria-live="polite">
                  <Counts status={status} />
                </div>
                {status.blockedBy.length > 0 && (
                  <p>
                    Blocked by: {status.blockedBy.map((b) => `${b.blocker} (${b.count})`).join(', ')}. Look up
                    one of these accounts for what to fix.
                  </p>
                )}
                {status.resumes > 0 && (
                  <p className="su-muted">
                    The proxy restarted {plural(status.resumes, 'time')} during this batch; interrupted
                    accounts were verified by a fresh read.
                  </p>
                )}
                {final && (
                  <p data-testid="batch-completion">
                    {current?.completion?.state === 'done'
                      ? `${plural(current.completion.flagsResolved, 'flag')} resolved, ${plural(current.completion.issuesCommented, 'Jira issue')} commented${current.completion.commentsFailed > 0 ? `, ${current.completion.commentsFailed} comment(s) failed` : ''}.`
                      : current !== null
                        ? 'Resolving the flags of unlocked accounts and commenting their Jira issues…'
                        : ''}
                  </p>
                )}
                {error !== null && <ErrorMessage error={error} />}
              </>
            )}
            {pages.error !== null && <ErrorMessage error={pages.error} onRetry={pages.reload} />}
            <ResultsTable rows={pages.items} />
            <Pager
              label="Batch accounts pages"
              page={pages.page}
              hasNext={pages.hasNext}
              isLoading={pages.isLoading}
              onPrevious={pages.previous}
              onNext={pages.next}
            />
            {cancel.error !== null && <ErrorMessage error={cancel.error} />}
            {exportCsv.error !== null && <ErrorMessage error={exportCsv.error} />}
          </div>
        </ModalBody>
        <ModalFooter>
          {!final && (
            <Button
              appearance="warning"
              onClick={() => void cancel.run()}
              isLoading={cancel.busy}
              isDisabled={status?.state !== 'running'}
            >
              Cancel the batch
            </Button>
          )}
          {final && (
            <Button onClick={() => void exportCsv.run()} isLoading={exportCsv.busy}>
              Download CSV
            </Button>
          )}
          <Button appearance="primary" onClick={props.onClose}>
            Close
          </Button>
        </ModalFooter>
      </Modal>
    </ModalTransition>
  );
}
