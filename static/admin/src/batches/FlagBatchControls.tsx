import Button from '@atlaskit/button/new';
import { useState } from 'react';
import { MAX_BATCH_ACCOUNTS } from '../../../../src/contract/proxy';
import type { Flag } from '../../../../src/contract/app/records';
import type { FlagIds } from '../../../../src/contract/app/resolvers';
import { plural } from '../../../shared/format';
import { ErrorMessage } from '../../../shared/ui/ErrorMessage';
import { useAsyncAction } from '../../../shared/ui/use-async-action';
import { useBatchFlow } from './batch-intent';
import { useBatchViews } from './batch-views';
import type { FlagSelection } from './flag-selection';

/** The Flags table's batch controls: the selection column, the toolbar and the row action. */

export function flagLabel(f: Pick<Flag, 'name' | 'email' | 'accountId'>): string {
  return f.name ?? f.email ?? f.accountId;
}

export function SelectBox({ flag, selection }: { flag: Flag; selection: FlagSelection }) {
  return (
    <input
      type="checkbox"
      className="su-select"
      aria-label={`Select ${flagLabel(flag)}`}
      checked={selection.isSelected(flag.accountId)}
      onChange={() => selection.toggle(flag.accountId)}
    />
  );
}

/**
 * "Unlock…" on a row is a batch of one: the same preview, reason and progress as a selection, and the
 * batch's completion resolves the flag and comments its issue, as a single unlock from Look up does.
 */
export function UnlockRowAction({ flag }: { flag: Flag }) {
  const start = useBatchFlow();
  if (start === null) return null;
  return (
    <Button
      appearance="subtle"
      aria-label={`Unlock ${flagLabel(flag)}…`}
      onClick={() =>
        start({ accounts: [flag.accountId], title: `Unlock ${flagLabel(flag)}`, source: 'flags' })
      }
    >
      Unlock…
    </Button>
  );
}

export function SelectionToolbar(props: {
  selection: FlagSelection;
  /** How many flags the filter matches (the server's count). */
  matching: number;
  /** The matching account ids, read from the server (at most a batch's 1,000). */
  loadMatching: () => Promise<FlagIds>;
}) {
  const { selection, matching, loadMatching } = props;
  const start = useBatchFlow();
  const views = useBatchViews();
  const n = selection.selected.size;
  const tooMany = n > MAX_BATCH_ACCOUNTS;
  const [capped, setCapped] = useState(false);
  const {
    run: selectAll,
    busy: selecting,
    error: selectError,
  } = useAsyncAction(async () => {
    const ids = await loadMatching();
    selection.selectAll(ids.accountIds);
    setCapped(ids.capped);
  });
  return (
    <div className="su-row" role="toolbar" aria-label="Unlock flagged accounts">
      <span aria-live="polite" data-testid="selection-count">
        {n === 0 ? 'No account selected.' : `${plural(n, 'account')} selected.`}
        {tooMany &&
          ` A batch takes at most ${MAX_BATCH_ACCOUNTS.toLocaleString('en')}: narrow the selection.`}
        {capped &&
          n > 0 &&
          ` More match the filter: the first ${MAX_BATCH_ACCOUNTS.toLocaleString('en')} (last seen first) are selected.`}
      </span>
      <Button onClick={() => void selectAll()} isDisabled={matching === 0} isLoading={selecting}>
        {`Select all ${matching} matching the filter`}
      </Button>
      <Button
        onClick={() => {
          selection.clear();
          setCapped(false);
        }}
        isDisabled={n === 0}
      >
        Clear selection
      </Button>
      {start !== null && (
        <Button
          appearance="primary"
          isDisabled={n === 0 || tooMany}
          onClick={() =>
            start({
              accounts: [...selection.selected],
              title: `Unlock ${plural(n, 'selected account')}`,
              source: 'flags',
            })
          }
        >
          Unlock selected…
        </Button>
      )}
      {views !== null && <Button onClick={views.pasteList}>Unlock a list…</Button>}
      {selectError !== null && <ErrorMessage error={selectError} onRetry={() => void selectAll()} />}
    </div>
  );
}
