import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { LazyBoundary, lazyPart } from '../../../shared/ui/lazy';
import { BatchIntentContext, type BatchIntent } from './batch-intent';
import { BatchViewsContext, type BatchViews } from './batch-views';

/** What the flow's dialog shows: a new batch to preview, a batch already started, or the paste-a-list form. */
export type BatchFlowView =
  { kind: 'intent'; intent: BatchIntent } | { kind: 'batch'; batchId: string } | { kind: 'paste' };

// The dialogs are their own chunk, fetched when an admin first opens one (static/shared/ui/lazy.tsx).
const Flow = lazyPart(() => import('./BatchFlow').then((m) => m.BatchFlow));

/**
 * Mounted once around the admin page: every entry point (Flags selection, row action, incident card,
 * pasted list) asks this provider, which owns the one dialog, so all of them lead to the same preview,
 * reason, progress and report.
 */
export function BatchFlowProvider({ children }: { children: ReactNode }) {
  const [view, setView] = useState<{ view: BatchFlowView; key: number } | null>(null);
  const [revision, setRevision] = useState(0);
  const keys = useRef(0);
  const open = useCallback((next: BatchFlowView) => {
    keys.current += 1;
    setView({ view: next, key: keys.current });
  }, []);
  const start = useCallback((intent: BatchIntent) => open({ kind: 'intent', intent }), [open]);
  const views: BatchViews = useMemo(
    () => ({
      showBatch: (batchId: string) => open({ kind: 'batch', batchId }),
      pasteList: () => open({ kind: 'paste' }),
      revision,
    }),
    [open, revision],
  );
  const changed = useCallback(() => setRevision((r) => r + 1), []);
  const close = useCallback(() => setView(null), []);
  return (
    <BatchIntentContext.Provider value={start}>
      <BatchViewsContext.Provider value={views}>
        {children}
        {view !== null && (
          <LazyBoundary what="the batch unlock" label="batch unlock" onRetry={Flow.reload}>
            {() => (
              <Flow.Component
                key={view.key}
                view={view.view}
                onOpen={open}
                onChanged={changed}
                onClose={close}
              />
            )}
          </LazyBoundary>
        )}
      </BatchViewsContext.Provider>
    </BatchIntentContext.Provider>
  );
}
