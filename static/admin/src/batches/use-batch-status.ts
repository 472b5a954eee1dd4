import { useEffect, useRef, useState } from 'react';
import type { BatchStatus } from '../../../../src/contract/proxy';
import { callAdmin } from '../../../shared/bridge';
import { toUiError, type UiError } from '../../../shared/errors';
import { isFinal } from './batch-words';

/**
 * A batch's status, re-read every `intervalMs` until it is final. The proxy runs the batch; the page only
 * watches it, so closing the page loses nothing. A failed read is shown and the polling goes on (the
 * proxy may be restarting), so the view recovers by itself.
 */
export function useBatchStatus(
  batchId: string | null,
  intervalMs: number,
  initial: BatchStatus | null = null,
): { status: BatchStatus | null; error: UiError | null; tick: number } {
  const [status, setStatus] = useState<BatchStatus | null>(initial);
  const [error, setError] = useState<UiError | null>(null);
  // Counts the reads, so a view showing per-account results reloads them along with the counts.
  const [tick, setTick] = useState(0);
  const finalRef = useRef(false);
  useEffect(() => {
    if (batchId === null) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    finalRef.current = false;
    const read = async () => {
      try {
        const s = await callAdmin('getBatch', { batchId });
        if (!live) return;
        setStatus(s);
        setError(null);
        finalRef.current = isFinal(s.state);
      } catch (err) {
        if (live) setError(toUiError(err));
      }
      if (!live) return;
      setTick((t) => t + 1);
      if (!finalRef.current) timer = setTimeout(() => void read(), intervalMs);
    };
    void read();
    return () => {
      live = false;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [batchId, intervalMs]);
  return { status, error, tick };
}
