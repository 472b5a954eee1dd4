import Button from '@atlaskit/button/new';
import { DynamicTableStateless } from '@atlaskit/dynamic-table';
import EmptyState from '@atlaskit/empty-state';
import { ErrorMessage as FieldError, Label } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import { useState, type FormEvent } from 'react';
import { AccountId } from '../../../../src/contract/proxy';
import { AuditAction, type AuditEntry } from '../../../../src/contract/app/records';
import { AuditActor } from '../../../../src/contract/app/resolvers';
import { callAdmin } from '../../../shared/bridge';
import { auditCsv, auditFileName } from '../../../shared/csv';
import { toUiError, type UiError } from '../../../shared/errors';
import { AUDIT_ACTION_LABEL, AUDIT_OUTCOME_TONE, formatTime } from '../../../shared/format';
import { loadAll, useCursorPages } from '../../../shared/ui/cursor-pages';
import { downloadText } from '../../../shared/ui/download';
import { ErrorMessage } from '../../../shared/ui/ErrorMessage';
import { IssueLink } from '../../../shared/ui/links';
import { Loading } from '../../../shared/ui/Loading';
import { Pager } from '../../../shared/ui/Pager';

/** An export follows at most this many pages of 100 (10,000 entries) so one click stays bounded. */
const MAX_EXPORT_PAGES = 100;
const PAGE_SIZE = 25;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

type ActionOption = { label: string; value: AuditEntry['action'] | 'all' };
const ACTION_OPTIONS: ActionOption[] = [
  { value: 'all', label: 'All actions' },
  ...AuditAction.options.map((a) => ({ value: a, label: AUDIT_ACTION_LABEL[a] })),
];

/** Empty strings mean "any"; days are UTC calendar days (the table shows UTC times). */
interface AuditFilter {
  accountId: string;
  actor: string;
  from: string;
  to: string;
  action: AuditEntry['action'] | 'all';
}

type TextFilter = Omit<AuditFilter, 'action'>;
const NO_FILTER: AuditFilter = { accountId: '', actor: '', from: '', to: '', action: 'all' };

function payloadOf(filter: AuditFilter, cursor: string | undefined, limit: number) {
  return {
    limit,
    ...(filter.accountId !== '' ? { accountId: filter.accountId } : {}),
    ...(filter.actor !== '' ? { actor: filter.actor } : {}),
    ...(filter.from !== '' ? { from: `${filter.from}T00:00:00.000Z` } : {}),
    ...(filter.to !== '' ? { to: `${filter.to}T23:59:59.999Z` } : {}),
    ...(filter.action !== 'all' ? { action: filter.action } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

/** What is wrong with the typed filters, in words, or null. */
function problemOf(f: TextFilter): string | null {
  if (f.accountId !== '' && !AccountId.safeParse(f.accountId).success) {
    return 'An account ID has 1–128 letters, digits, ":", "_" or "-".';
  }
  if (f.actor !== '' && !AuditActor.safeParse(f.actor).success) {
    return 'The actor is an account ID, or "app" for scheduled work.';
  }
  if ((f.from !== '' && !DAY.test(f.from)) || (f.to !== '' && !DAY.test(f.to))) {
    return 'Dates are written YYYY-MM-DD.';
  }
  if (f.from !== '' && f.to !== '' && f.from > f.to) return 'The “from” day is after the “to” day.';
  return null;
}

const isFiltered = (f: AuditFilter) =>
  f.accountId !== '' || f.actor !== '' || f.from !== '' || f.to !== '' || f.action !== 'all';

export function AuditSection() {
  const [typed, setTyped] = useState<TextFilter>(NO_FILTER);
  const [filterProblem, setFilterProblem] = useState<string | null>(null);
  const [filter, setFilter] = useState<AuditFilter>(NO_FILTER);
  // The server's maintained count for this filter (null when it keeps none); the browser holds one page.
  const [count, setCount] = useState<number | null>(null);
  const pages = useCursorPages(
    (cursor) =>
      callAdmin('listAudit', payloadOf(filter, cursor, PAGE_SIZE)).then((p) => {
        setCount(p.count);
        return p;
      }),
    [filter.accountId, filter.actor, filter.from, filter.to, filter.action],
  );
  const [exporting, setExporting] = useState<number | null>(null);
  const [exportError, setExportError] = useState<UiError | null>(null);
  const [exportNote, setExportNote] = useState<string | null>(null);

  const applyFilter = (e: FormEvent) => {
    e.preventDefault();
    const next: TextFilter = {
      accountId: typed.accountId.trim(),
      actor: typed.actor.trim(),
      from: typed.from.trim(),
      to: typed.to.trim(),
    };
    const problem = problemOf(next);
    setFilterProblem(problem);
    if (problem === null) setFilter({ ...filter, ...next });
  };
  const field = (name: keyof TextFilter) => ({
    id: `audit-${name}`,
    value: typed[name],
    isInvalid: filterProblem !== null,
    'aria-describedby': filterProblem !== null ? 'audit-filter-problem' : undefined,
    onChange: (e: FormEvent<HTMLInputElement>) => setTyped({ ...typed, [name]: e.currentTarget.value }),
    autoComplete: 'off',
  });

  const exportCsv = async () => {
    setExporting(0);
    setExportError(null);
    setExportNote(null);
    try {
      const all = await loadAll(
        (cursor) => callAdmin('listAudit', payloadOf(filter, cursor, 100)),
        MAX_EXPORT_PAGES,
        setExporting,
      );
      const name = auditFileName(new Date(), {
        ...(filter.accountId !== '' ? { accountId: filter.accountId } : {}),
        ...(filter.action !== 'all' ? { action: filter.action } : {}),
      });
      downloadText(name, auditCsv(all.items));
      setExportNote(
        `Exported ${all.items.length} entries to ${name}.${all.truncated ? ' The export stopped at its limit; narrow the filter to export the rest.' : ''}`,
      );
    } catch (err) {
      setExportError(toUiError(err));
    } finally {
      setExporting(null);
    }
  };

  const head = {
    cells: [
      { key: 'at', content: 'Time' },
      { key: 'actor', content: 'Actor' },
      { key: 'action', content: 'Action' },
      { key: 'account', content: 'Account ID' },
      { key: 'outcome', content: 'Outcome' },
      { key: 'summary', content: 'Summary' },
      { key: 'issue', content: 'Issue' },
    ],
  };
  const rows = pages.items.map((e) => ({
    key: e.id,
    cells: [
      { key: 'at', content: formatTime(e.at) },
      { key: 'actor', content: e.actor },
      { key: 'action', content: AUDIT_ACTION_LABEL[e.action] },
      { key: 'account', content: e.accountId === null ? '—' : <code>{e.accountId}</code> },
      {
        key: 'outcome',
        content: (
          <>
            <Lozenge appearance={AUDIT_OUTCOME_TONE[e.outcome]}>{e.outcome}</Lozenge>
            {e.dryRun && (
              <>
                {' '}
                <Lozenge appearance="new">dry run</Lozenge>
              </>
            )}
          </>
        ),
      },
      {
        key: 'summary',
        content: (
          <>
            {e.summary}
            {e.remaining.length > 0 && <div className="su-muted">Left to do: {e.remaining.join('; ')}</div>}
          </>
        ),
      },
      { key: 'issue', content: e.issueKey === null ? '—' : <IssueLink issueKey={e.issueKey} /> },
    ],
  }));

  return (
    <div className="su-stack">
      <Heading size="medium" as="h2">
        Audit log
      </Heading>
      <div className="su-row">
        <form onSubmit={applyFilter} className="su-row su-grow" noValidate>
          <div className="su-grow">
            <Label htmlFor="audit-accountId">Account ID</Label>
            <Textfield {...field('accountId')} />
          </div>
          <div className="su-grow">
            <Label htmlFor="audit-actor">Actor</Label>
            <Textfield {...field('actor')} placeholder="account ID or app" />
          </div>
          <div>
            <Label htmlFor="audit-from">From (UTC day)</Label>
            <Textfield {...field('from')} type="date" />
          </div>
          <div>
            <Label htmlFor="audit-to">To (UTC day)</Label>
            <Textfield {...field('to')} type="date" />
          </div>
          <Button type="submit">Filter</Button>
        </form>
        <div className="su-field">
          <Label htmlFor="audit-action">Action</Label>
          <Select<ActionOption>
            inputId="audit-action"
            options={ACTION_OPTIONS}
            value={ACTION_OPTIONS.find((o) => o.value === filter.action) ?? null}
            onChange={(o) => setFilter({ ...filter, action: o?.value ?? 'all' })}
          />
        </div>
        <Button onClick={() => void exportCsv()} isLoading={exporting !== null}>
          Export CSV
        </Button>
      </div>
      {filterProblem !== null && (
        <div id="audit-filter-problem">
          <FieldError>{filterProblem}</FieldError>
        </div>
      )}
      {/* The server keeps counts for no filter and for an action alone; other filters page without one. */}
      {count !== null && (
        <p className="su-muted" data-testid="audit-count">
          {`${count} ${count === 1 ? 'entry' : 'entries'}${isFiltered(filter) ? ' match' : ''} · page ${pages.page} of ${Math.max(1, Math.ceil(count / PAGE_SIZE))}`}
        </p>
      )}
      <div role="status" aria-live="polite">
        {exporting !== null && `Exporting… ${exporting} entries read.`}
        {exportNote}
      </div>
      {exportError !== null && <ErrorMessage error={exportError} onRetry={() => void exportCsv()} />}
      {pages.error !== null && <ErrorMessage error={pages.error} onRetry={pages.reload} />}
      <div className="su-table-wrap">
        <DynamicTableStateless
          label="Audit log"
          head={head}
          rows={rows}
          isLoading={pages.isLoading && pages.items.length > 0}
          loadingLabel="Loading the audit log"
          emptyView={
            pages.isLoading ? (
              <Loading label="Loading the audit log" />
            ) : (
              <EmptyState
                header="No audit entries"
                description={
                  isFiltered(filter)
                    ? 'Nothing matches the filter. Clear the fields or choose “All actions”.'
                    : 'Every action taken through the app (and every scan) is recorded here.'
                }
                headingLevel={3}
              />
            )
          }
        />
      </div>
      <Pager
        label="Audit pages"
        page={pages.page}
        hasNext={pages.hasNext}
        isLoading={pages.isLoading}
        onPrevious={pages.previous}
        onNext={pages.next}
      />
    </div>
  );
}
