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

/** An export follows at most this many pages of 50 (10,000 entries) so one click stays bounded. */
const MAX_EXPORT_PAGES = 200;

type ActionOption = { label: string; value: AuditEntry['action'] | 'all' };
const ACTION_OPTIONS: ActionOption[] = [
  { value: 'all', label: 'All actions' },
  ...AuditAction.options.map((a) => ({ value: a, label: AUDIT_ACTION_LABEL[a] })),
];

interface AuditFilter {
  accountId: string;
  action: AuditEntry['action'] | 'all';
}

function payloadOf(filter: AuditFilter, cursor: string | undefined, limit: number) {
  return {
    limit,
    ...(filter.accountId !== '' ? { accountId: filter.accountId } : {}),
    ...(filter.action !== 'all' ? { action: filter.action } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

export function AuditSection() {
  const [accountText, setAccountText] = useState('');
  const [accountProblem, setAccountProblem] = useState<string | null>(null);
  const [filter, setFilter] = useState<AuditFilter>({ accountId: '', action: 'all' });
  const pages = useCursorPages(
    (cursor) => callAdmin('listAudit', payloadOf(filter, cursor, 20)),
    [filter.accountId, filter.action],
  );
  const [exporting, setExporting] = useState<number | null>(null);
  const [exportError, setExportError] = useState<UiError | null>(null);
  const [exportNote, setExportNote] = useState<string | null>(null);

  const applyAccount = (e: FormEvent) => {
    e.preventDefault();
    const value = accountText.trim();
    if (value !== '' && !AccountId.safeParse(value).success) {
      setAccountProblem('An account ID has 1–128 letters, digits, ":", "_" or "-".');
      return;
    }
    setAccountProblem(null);
    setFilter({ ...filter, accountId: value });
  };

  const exportCsv = async () => {
    setExporting(0);
    setExportError(null);
    setExportNote(null);
    try {
      const all = await loadAll(
        (cursor) => callAdmin('listAudit', payloadOf(filter, cursor, 50)),
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
        <form onSubmit={applyAccount} className="su-row su-grow" noValidate>
          <div className="su-grow">
            <Label htmlFor="audit-account">Account ID</Label>
            <Textfield
              id="audit-account"
              value={accountText}
              isInvalid={accountProblem !== null}
              aria-describedby={accountProblem !== null ? 'audit-account-problem' : undefined}
              onChange={(e) => setAccountText(e.currentTarget.value)}
              autoComplete="off"
            />
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
      {accountProblem !== null && (
        <div id="audit-account-problem">
          <FieldError>{accountProblem}</FieldError>
        </div>
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
                  filter.accountId !== '' || filter.action !== 'all'
                    ? 'Nothing matches the filter. Clear the account ID or choose “All actions”.'
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
