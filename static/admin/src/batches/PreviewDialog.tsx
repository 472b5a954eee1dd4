import { useEffect, useRef, useState } from 'react';
import type { BatchPreview, BatchStatus } from '../../../../src/contract/proxy';
import { callAdmin } from '../../../shared/bridge';
import { toUiError, type UiError } from '../../../shared/errors';
import { plural } from '../../../shared/format';
import { ErrorMessage } from '../../../shared/ui/ErrorMessage';
import { Loading } from '../../../shared/ui/Loading';
import { ReasonDialog } from '../../../shared/ui/ReasonDialog';
import { useAsyncAction } from '../../../shared/ui/use-async-action';
import type { BatchIntent } from './batch-intent';
import { describeDuration, isFinal } from './batch-words';
import { useBatchStatus } from './use-batch-status';

/** The dry run reads every account; its audit line says it was only a preview. */
const PREVIEW_REASON = 'Preview before a batch unlock (nothing changes)';
const PREVIEW_POLL_MS = 1000;

function PreviewSummary({ status, preview }: { status: BatchStatus; preview: BatchPreview }) {
  const runs = preview.willUnlock + preview.unreadable;
  return (
    <div className="su-card su-stack" data-testid="batch-preview">
      <dl aria-label="Preview">
        <div>
          <dt>Will unlock</dt>
          <dd>{preview.willUnlock}</dd>
        </div>
        <div>
          <dt>Already active</dt>
          <dd>{preview.alreadyActive}</dd>
        </div>
        <div>
          <dt>Blocked</dt>
          <dd>
            {preview.blocked}
            {preview.blockedBy.length > 0 && (
              <ul aria-label="Blocked, by blocker">
                {preview.blockedBy.map((b) => (
                  <li key={b.blocker}>
                    {b.blocker}: {b.count}
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        <div>
          <dt>Not found</dt>
          <dd>{preview.notFound}</dd>
        </div>
        {preview.unreadable > 0 && (
          <div>
            <dt>Could not be read (tried again in the run)</dt>
            <dd>{preview.unreadable}</dd>
          </div>
        )}
        <div>
          <dt>Upstream calls</dt>
          <dd>
            {preview.upstreamCalls.total}
            {Object.keys(preview.upstreamCalls.byApi).length > 0 &&
              ` (${Object.entries(preview.upstreamCalls.byApi)
                .map(([api, n]) => `${api} ${n}`)
                .join(', ')})`}
          </dd>
        </div>
        <div>
          <dt>Time estimate</dt>
          <dd>{describeDuration(preview.estimatedSeconds)} under the current rate limit</dd>
        </div>
      </dl>
      {status.duplicates > 0 && (
        <p className="su-muted">{plural(status.duplicates, 'duplicate')} in the list counted once.</p>
      )}
      <p>
        {runs === 0
          ? 'No account in this list can be unlocked, so there is nothing to run.'
          : `Confirming unlocks ${plural(runs, 'account')} in the org-admin proxy, in the background: you can leave this page and come back to follow it. Each account is read again just before it is changed, and audited.`}
      </p>
    </div>
  );
}

/** The combined preview of a batch, then the reason; confirming starts the real run. */
export function PreviewDialog(props: {
  intent: BatchIntent;
  onStarted: (batchId: string) => void;
  onClose: () => void;
}) {
  const { intent, onStarted } = props;
  // Kept in a ref so a remount of the same dialog (React's strict mode) does not start a second preview.
  const starting = useRef<Promise<BatchStatus> | null>(null);
  const [previewId, setPreviewId] = useState<string | null>(null);
  const [startError, setStartError] = useState<UiError | null>(null);
  useEffect(() => {
    starting.current ??= callAdmin('startBatch', {
      accounts: intent.accounts,
      reason: PREVIEW_REASON,
      dryRun: true,
    });
    let live = true;
    starting.current.then(
      (s) => live && setPreviewId(s.id),
      (err: unknown) => live && setStartError(toUiError(err)),
    );
    return () => {
      live = false;
    };
  }, [intent]);
  const { status, error: pollError } = useBatchStatus(previewId, PREVIEW_POLL_MS);
  const preview = status !== null && isFinal(status.state) ? status.preview : null;
  const runs = preview === null ? 0 : preview.willUnlock + preview.unreadable;
  const {
    run,
    busy,
    error: runError,
  } = useAsyncAction(async (reason: string) => {
    const started = await callAdmin('startBatch', {
      accounts: intent.accounts,
      reason,
      title: intent.title,
      source: intent.source,
    });
    onStarted(started.id);
  });

  return (
    <ReasonDialog
      isOpen
      title={intent.title}
      confirmLabel={preview === null ? 'Unlock' : `Unlock ${plural(runs, 'account')}`}
      canConfirm={runs > 0}
      isBusy={busy}
      reasonHelp="Recorded in the audit log for the batch and each account, and in the comments on their Jira issues."
      onClose={() => {
        if (!busy) props.onClose();
      }}
      onConfirm={(reason) => void run(reason)}
    >
      <p>
        {plural(intent.accounts.length, 'account')} {intent.accounts.length === 1 ? 'is' : 'are'} checked
        first; nothing changes until you confirm.
      </p>
      {startError !== null && <ErrorMessage error={startError} />}
      {pollError !== null && <ErrorMessage error={pollError} />}
      {startError === null && preview === null && (
        <Loading label={`Reading ${plural(intent.accounts.length, 'account')} for the preview…`} />
      )}
      {status !== null && preview !== null && <PreviewSummary status={status} preview={preview} />}
      {runError !== null && <ErrorMessage error={runError} />}
    </ReasonDialog>
  );
}
