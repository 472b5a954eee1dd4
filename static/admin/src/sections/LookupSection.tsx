import Button from '@atlaskit/button/new';
import { ErrorMessage as FieldError, Label } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import { useState, type FormEvent } from 'react';
import type {
  ActionResponse,
  Account,
  LookupResponse,
  ScimLink,
  UnlinkMethod,
  UnlockResponse,
} from '../../../../src/contract/proxy';
import { callAdmin } from '../../../shared/bridge';
import type { AdminPayload } from '../../../../src/contract/app/resolvers';
import { useAsyncAction } from '../../../shared/ui/use-async-action';
import { availableActions } from '../../../shared/diagnosis';
import { toUiError, type UiError } from '../../../shared/errors';
import { parseLookupInput } from '../../../shared/lookup';
import { DiagnosisPanel } from '../../../shared/ui/DiagnosisPanel';
import { ErrorMessage } from '../../../shared/ui/ErrorMessage';
import { Loading } from '../../../shared/ui/Loading';
import { OutcomePanel } from '../../../shared/ui/OutcomePanel';
import { ReasonDialog } from '../../../shared/ui/ReasonDialog';

export type ActionKind = 'unlock' | 'unlink' | 'reactivate';

const ACTION_WORDS: Record<ActionKind, { button: string; title: string; confirm: string }> = {
  unlock: { button: 'Unlock', title: 'Unlock the account', confirm: 'Unlock' },
  unlink: { button: 'Unlink only', title: 'Remove the SCIM links only', confirm: 'Unlink' },
  reactivate: { button: 'Reactivate only', title: 'Reactivate the account only', confirm: 'Reactivate' },
};

/** The reason recorded for the dry run that builds the preview; the real action records the admin's own. */
export const PREVIEW_REASON = 'Preview (dry run) from the SCIM Unlock admin page';

type MethodOption = { label: string; value: UnlinkMethod | 'default' };
const METHOD_OPTIONS: MethodOption[] = [
  { value: 'default', label: 'The default (Settings)' },
  { value: 'unlink', label: 'Unlink (keep the SCIM record)' },
  { value: 'delete', label: 'Delete the SCIM records in every directory' },
];

type DirectoryOption = { label: string; value: string };

function runAction(
  kind: ActionKind,
  accountId: string,
  reason: string,
  dryRun: boolean,
  method: UnlinkMethod | 'default',
  directoryId: string,
): Promise<{ response: UnlockResponse | ActionResponse; auditId: string | null }> {
  const base = { accountId, reason, dryRun };
  const withMethod = method === 'default' ? {} : { method };
  switch (kind) {
    case 'unlock':
      return callAdmin('unlock', { ...base, ...withMethod });
    case 'unlink':
      return callAdmin('unlink', {
        ...base,
        ...withMethod,
        ...(directoryId !== '' && method !== 'delete' ? { directoryId } : {}),
      });
    case 'reactivate':
      return callAdmin('reactivate', base);
  }
}

function AccountCard({ account }: { account: Account }) {
  return (
    <section aria-labelledby="account-heading" className="su-card">
      <Heading size="small" as="h3" id="account-heading">
        {account.name ?? account.email ?? account.accountId}
      </Heading>
      <dl>
        <dt>Account ID</dt>
        <dd>
          <code>{account.accountId}</code>
        </dd>
        <dt>Email</dt>
        <dd>{account.email ?? '(hidden by the person)'}</dd>
        <dt>Account status</dt>
        <dd>
          <Lozenge appearance={account.accountStatus === 'active' ? 'success' : 'removed'}>
            {account.accountStatus}
          </Lozenge>
          {account.pendingDeletion && (
            <>
              {' '}
              <Lozenge appearance="moved">pending deletion</Lozenge>
            </>
          )}
        </dd>
        <dt>Managed</dt>
        <dd>
          {account.claimStatus === 'managed' ? 'Yes (claimed domain)' : 'No (unclaimed domain)'}
          {account.managementSource !== null ? `, ${account.managementSource}` : ''}
        </dd>
        <dt>Directories</dt>
        <dd>
          {account.memberships.length === 0
            ? 'None'
            : account.memberships.map((m) => (
                <div key={m.directoryId}>
                  {m.directoryName ?? m.directoryId}:{' '}
                  <Lozenge appearance={m.membershipStatus === 'active' ? 'success' : 'moved'}>
                    {m.membershipStatus.replace('_', ' ')}
                  </Lozenge>
                </div>
              ))}
        </dd>
      </dl>
    </section>
  );
}

const RECORD_WORDS: Record<ScimLink['record'], string> = {
  known: 'Read',
  'no-key': 'Not readable (no SCIM key)',
  missing: 'Record missing',
  unreadable: 'Could not be read',
};

function ScimLinks({ links }: { links: ScimLink[] }) {
  return (
    <section aria-labelledby="links-heading" className="su-stack">
      <Heading size="small" as="h3" id="links-heading">
        SCIM links
      </Heading>
      {links.length === 0 ? (
        <p>No SCIM directory links this account.</p>
      ) : (
        <div className="su-table-wrap">
          <table className="su-table">
            <caption className="su-visually-hidden">SCIM links per directory</caption>
            <thead>
              <tr>
                <th scope="col">Directory</th>
                <th scope="col">SCIM user ID</th>
                <th scope="col">SCIM record</th>
                <th scope="col">Active in the IdP</th>
                <th scope="col">User name</th>
                <th scope="col">Groups</th>
              </tr>
            </thead>
            <tbody>
              {links.map((l) => (
                <tr key={`${l.directoryId}/${l.scimUserId}`}>
                  <td>{l.directoryName ?? l.directoryId}</td>
                  <td>
                    <code>{l.scimUserId}</code>
                  </td>
                  <td>{RECORD_WORDS[l.record]}</td>
                  <td>{l.active === null ? 'Unknown' : l.active ? 'Yes' : 'No'}</td>
                  <td>{l.userName ?? '—'}</td>
                  <td>
                    {l.groups === null
                      ? 'Unknown'
                      : l.groups.length === 0
                        ? 'None'
                        : l.groups.map((g) => g.displayName ?? g.id).join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

interface Preview {
  kind: ActionKind;
  response: UnlockResponse | ActionResponse | null;
  error: UiError | null;
}

function Actions({ result, onDone }: { result: LookupResponse; onDone: () => void }) {
  const account = result.account;
  const [method, setMethod] = useState<MethodOption>(METHOD_OPTIONS[0] as MethodOption);
  const [directory, setDirectory] = useState<DirectoryOption>({ value: '', label: 'Every linked directory' });
  const [preview, setPreview] = useState<Preview | null>(null);
  const [outcome, setOutcome] = useState<{
    kind: ActionKind;
    response: UnlockResponse | ActionResponse;
    auditId: string | null;
  } | null>(null);
  const {
    run: confirm,
    busy,
    error: runError,
    clearError: clearRunError,
  } = useAsyncAction(async (reason: string) => {
    if (preview === null || account === null) return;
    const r = await runAction(preview.kind, account.accountId, reason, false, method.value, directory.value);
    setOutcome({ kind: preview.kind, response: r.response, auditId: r.auditId });
    setPreview(null);
    onDone();
  });
  if (account === null) return null;
  const allowed = availableActions(result.diagnosis, result.scimLinks);
  const directoryOptions: DirectoryOption[] = [
    { value: '', label: 'Every linked directory' },
    ...[
      ...new Map(result.scimLinks.map((l) => [l.directoryId, l.directoryName ?? l.directoryId])).entries(),
    ].map(([value, label]) => ({ value, label })),
  ];

  const open = (kind: ActionKind) => {
    setPreview({ kind, response: null, error: null });
    clearRunError();
    runAction(kind, account.accountId, PREVIEW_REASON, true, method.value, directory.value)
      .then((r) => setPreview({ kind, response: r.response, error: null }))
      .catch((err: unknown) => setPreview({ kind, response: null, error: toUiError(err) }));
  };

  const blockedPreview =
    preview?.response?.outcome === 'blocked' ||
    preview?.response?.outcome === 'already-active' ||
    preview?.response?.outcome === 'no-op';

  return (
    <section aria-labelledby="actions-heading" className="su-stack">
      <Heading size="small" as="h3" id="actions-heading">
        Actions
      </Heading>
      <div className="su-row">
        <div className="su-field">
          <Label htmlFor="unlink-method">Unlink method</Label>
          <Select<MethodOption>
            inputId="unlink-method"
            options={METHOD_OPTIONS}
            value={method}
            onChange={(o) => o && setMethod(o)}
          />
        </div>
        {result.scimLinks.length > 1 && method.value !== 'delete' && (
          <div className="su-field">
            <Label htmlFor="unlink-directory">Directory for “Unlink only”</Label>
            <Select<DirectoryOption>
              inputId="unlink-directory"
              options={directoryOptions}
              value={directory}
              onChange={(o) => o && setDirectory(o)}
            />
          </div>
        )}
      </div>
      <div className="su-row">
        <Button appearance="primary" onClick={() => open('unlock')} isDisabled={!allowed.unlock}>
          {ACTION_WORDS.unlock.button}
        </Button>
        <Button onClick={() => open('unlink')} isDisabled={!allowed.unlink}>
          {ACTION_WORDS.unlink.button}
        </Button>
        <Button onClick={() => open('reactivate')} isDisabled={!allowed.reactivate}>
          {ACTION_WORDS.reactivate.button}
        </Button>
      </div>
      <p className="su-muted">
        Each action first shows a preview of its exact steps; nothing changes until you confirm.
      </p>
      {outcome !== null && (
        <div className="su-stack" data-testid="action-result">
          <OutcomePanel response={outcome.response} title={`${ACTION_WORDS[outcome.kind].button} result`} />
          {outcome.auditId === null && (
            <p className="su-muted">
              The app could not write its audit entry; the proxy’s audit log has the action.
            </p>
          )}
        </div>
      )}
      <ReasonDialog
        isOpen={preview !== null}
        title={preview === null ? '' : ACTION_WORDS[preview.kind].title}
        confirmLabel={preview === null ? '' : ACTION_WORDS[preview.kind].confirm}
        appearance={preview?.kind === 'unlink' && method.value === 'delete' ? 'danger' : 'primary'}
        isBusy={busy}
        canConfirm={preview?.response != null && !blockedPreview}
        onClose={() => {
          if (!busy) setPreview(null);
        }}
        onConfirm={(reason) => void confirm(reason)}
      >
        {preview?.response === null && preview.error === null && (
          <Loading label="Preparing a preview (dry run)" />
        )}
        {preview?.error != null && <ErrorMessage error={preview.error} onRetry={() => open(preview.kind)} />}
        {preview?.response != null && <OutcomePanel response={preview.response} title="Preview" />}
        {runError !== null && <ErrorMessage error={runError} />}
      </ReasonDialog>
    </section>
  );
}

export function LookupSection({ onChanged }: { onChanged: () => unknown }) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [result, setResult] = useState<LookupResponse | null>(null);
  const [lastQuery, setLastQuery] = useState<ReturnType<typeof parseLookupInput> | null>(null);
  const {
    run: fetchLookup,
    busy: loading,
    error,
  } = useAsyncAction(async (query: AdminPayload<'lookup'>) => {
    try {
      setResult(await callAdmin('lookup', query));
    } catch (err) {
      setResult(null);
      throw err;
    }
  });

  const lookUp = async (parsed: ReturnType<typeof parseLookupInput>) => {
    if ('problem' in parsed) {
      setProblem(parsed.problem);
      return;
    }
    setProblem(null);
    setLastQuery(parsed);
    await fetchLookup(parsed.query);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void lookUp(parseLookupInput(text));
  };

  return (
    <div className="su-stack">
      <Heading size="medium" as="h2">
        Look up an account
      </Heading>
      <form onSubmit={submit} className="su-row" noValidate>
        <div className="su-grow">
          <Label htmlFor="lookup-query">Email or account ID</Label>
          <Textfield
            id="lookup-query"
            name="lookup"
            value={text}
            isInvalid={problem !== null}
            aria-describedby={problem !== null ? 'lookup-problem' : undefined}
            onChange={(e) => setText(e.currentTarget.value)}
            autoComplete="off"
          />
        </div>
        <Button type="submit" appearance="primary" isLoading={loading}>
          Look up
        </Button>
      </form>
      {problem !== null && (
        <div id="lookup-problem">
          <FieldError>{problem}</FieldError>
        </div>
      )}
      {loading && <Loading label="Looking up the account" />}
      {error !== null && (
        <ErrorMessage error={error} onRetry={lastQuery !== null ? () => void lookUp(lastQuery) : undefined} />
      )}
      {result !== null && !loading && (
        <div className="su-stack" data-testid="lookup-result">
          {result.account !== null && <AccountCard account={result.account} />}
          <DiagnosisPanel
            account={result.account}
            scimLinks={result.scimLinks}
            diagnosis={result.diagnosis}
          />
          {result.account !== null && <ScimLinks links={result.scimLinks} />}
          <Actions
            key={result.account?.accountId ?? 'none'}
            result={result}
            onDone={() => {
              onChanged();
              if (lastQuery !== null && 'query' in lastQuery) {
                void callAdmin('lookup', lastQuery.query)
                  .then(setResult)
                  .catch(() => undefined);
              }
            }}
          />
        </div>
      )}
    </div>
  );
}
