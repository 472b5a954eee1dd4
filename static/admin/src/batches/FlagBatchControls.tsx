import Button from '@atlaskit/button/new';
import { MAX_BATCH_ACCOUNTS } from '../../../../src/contract/proxy';
import type { Flag } from '../../../../src/contract/app/records';
import { plural } from '../../../shared/format';
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

export function SelectionToolbar(props: { selection: FlagSelection; matching: readonly string[] }) {
  const { selection, matching } = props;
  const start = useBatchFlow();
  const views = useBatchViews();
  const n = selection.selected.size;
  const tooMany = n > MAX_BATCH_ACCOUNTS;
  return (
    <div className="su-row" role="toolbar" aria-label="Unlock flagged accounts">
      <span aria-live="polite" data-testid="selection-count">
        {n === 0 ? 'No account selected.' : `${plural(n, 'account')} selected.`}
        {tooMany &&
          ` A batch takes at most ${MAX_BATCH_ACCOUNTS.toLocaleString('en')}: narrow the selection.`}
      </span>
      <Button onClick={() => selection.selectAll(matching)} isDisabled={matching.length === 0}>
        {`Select all ${matching.length} matching the filter`}
      </Button>
      <Button onClick={selection.clear} isDisabled={n === 0}>
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
    </div>
  );
}
