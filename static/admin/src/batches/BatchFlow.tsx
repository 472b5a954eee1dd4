import { plural } from '../../../shared/format';
import type { BatchFlowView } from './BatchFlowProvider';
import { PasteListDialog } from './PasteListDialog';
import { PreviewDialog } from './PreviewDialog';
import { ProgressDialog } from './ProgressDialog';

/**
 * The batch flow's dialogs (a lazy chunk of the admin page): paste a list → preview and reason → progress
 * and report. Each step hands over to the next through `onOpen`, so the provider keeps one dialog open.
 */
export function BatchFlow(props: {
  view: BatchFlowView;
  onOpen: (view: BatchFlowView) => void;
  onChanged: () => void;
  onClose: () => void;
}) {
  const { view, onOpen, onChanged, onClose } = props;
  switch (view.kind) {
    case 'paste':
      return (
        <PasteListDialog
          onClose={onClose}
          onSubmit={(accounts) =>
            onOpen({
              kind: 'intent',
              intent: {
                accounts,
                title: `Unlock ${plural(accounts.length, 'account')} from a list`,
                source: 'list',
              },
            })
          }
        />
      );
    case 'intent':
      return (
        <PreviewDialog
          intent={view.intent}
          onClose={onClose}
          onStarted={(batchId) => {
            onChanged();
            onOpen({ kind: 'batch', batchId });
          }}
        />
      );
    case 'batch':
      return <ProgressDialog batchId={view.batchId} onChanged={onChanged} onClose={onClose} />;
  }
}
