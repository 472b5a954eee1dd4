import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { useEffect, useRef, useState } from 'react';
import type { CurrentBatch } from '../../../../src/contract/app/resolvers';
import { callAdmin } from '../../../shared/bridge';
import { toUiError, type UiError } from '../../../shared/errors';
import { formatTime, plural } from '../../../shared/format';
import { ErrorMessage } from '../../../shared/ui/ErrorMessage';
import { useBatchViews } from './batch-views';
import { countsInOrder, isFinal, settledCount, STATE_LABEL } from './batch-words';

const POLL_MS = 3000;

function finishedKey(c: CurrentBatch | null): string | null {
  return c !== null && isFinal(c.status.state) && c.completion?.state === 'done' ? c.record.batchId : null;
}

/**
 * The latest batch run any admin started, as the app remembers it (currentBatch): leaving the page and
 * coming back shows it running or finished, with the way back to its progress or report. Re-read while
 * it runs; `onFinished` fires when its completion (flags resolved, issues commented) is seen done.
 */
export function CurrentBatchCard({ onFinished }: { onFinished: () => void }) {
  const views = useBatchViews();
  const revision = views?.revision ?? 0;
  const [current, setCurrent] = useState<CurrentBatch | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const lastFinished = useRef<string | null | undefined>(undefined);
  const finished = useRef(onFinished);
  finished.current = onFinished;

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = async () => {
      let next: CurrentBatch | null;
      try {
        next = await callAdmin('currentBatch');
        if (!live) return;
        setCurrent(next);
        setError(null);
      } catch (err) {
        if (live) setError(toUiError(err));
        return;
      }
      const key = finishedKey(next);
      // The first read only sets the baseline; a batch that finishes while watched reloads the flags.
      if (lastFinished.current !== undefined && key !== null && key !== lastFinished.current)
        finished.current();
      lastFinished.current = key;
      if (next !== null && key === null) timer = setTimeout(() => void read(), POLL_MS);
    };
    void read();
    return () => {
      live = false;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [revision, attempt]);

  if (error !== null) return <ErrorMessage error={error} onRetry={() => setAttempt((a) => a + 1)} />;
  if (current === null) return null;
  const { record, status, completion } = current;
  const final = isFinal(status.state);
  return (
    <section aria-labelledby="batch-heading" className="su-card su-stack" data-testid="current-batch">
      <Heading size="small" as="h3" id="batch-heading">
        Latest batch unlock
      </Heading>
      <p>
        <strong>{record.title}</strong> — {STATE_LABEL[status.state]}: {settledCount(status)} of{' '}
        {plural(status.total, 'account')} done. Started {formatTime(record.startedAt)} by {record.startedBy}.
      </p>
      <p>
        {countsInOrder(status.counts)
          .map((c) => `${c.label} ${c.count}`)
          .join(', ')}
        {final &&
          (completion?.state === 'done'
            ? `. ${plural(completion.flagsResolved, 'flag')} resolved, ${plural(completion.issuesCommented, 'Jira issue')} commented.`
            : '. Resolving flags and commenting their Jira issues…')}
      </p>
      {views !== null && (
        <div>
          <Button onClick={() => views.showBatch(record.batchId)}>
            {final ? 'Show the report' : 'Show progress'}
          </Button>
        </div>
      )}
    </section>
  );
}
