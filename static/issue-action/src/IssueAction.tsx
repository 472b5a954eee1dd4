import Button from '@atlaskit/button/new';
import { ErrorMessage as FieldError, HelperMessage, Label } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import Textfield from '@atlaskit/textfield';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { RequestOutcome, UnlockContext } from '../../../src/forge/contract';
import type { UnlockRequestRecord } from '../../../src/forge/records';
import { callIssueAction, loadBridge } from '../../shared/bridge';
import { toUiError, type UiError } from '../../shared/errors';
import { formatTime, REQUEST_STATUS_LABEL, REQUEST_STATUS_TONE } from '../../shared/format';
import { checkReason, REASON_MAX_LENGTH } from '../../shared/reason';
import { DiagnosisPanel } from '../../shared/ui/DiagnosisPanel';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { Loading } from '../../shared/ui/Loading';
import { OutcomePanel } from '../../shared/ui/OutcomePanel';

type Done =
  { kind: 'requested'; request: UnlockRequestRecord } | { kind: 'unlocked'; outcome: RequestOutcome };

function closeModal() {
  void loadBridge()
    .then((b) => b.view.close())
    .catch(() => undefined);
}

function OpenRequest({ request }: { request: UnlockRequestRecord }) {
  return (
    <SectionMessage appearance="information" title="An unlock request is already open">
      <p>
        Requested {formatTime(request.requestedAt)}:{' '}
        <Lozenge appearance={REQUEST_STATUS_TONE[request.status]}>
          {REQUEST_STATUS_LABEL[request.status]}
        </Lozenge>
      </p>
      <p>“{request.reason}”</p>
      <p>
        A Jira administrator reviews it on the SCIM Unlock admin page; this issue gets a comment with the
        decision.
      </p>
    </SectionMessage>
  );
}

function Outcome({ done }: { done: Done }) {
  if (done.kind === 'requested') {
    return (
      <SectionMessage appearance="success" title="Unlock requested">
        <p>
          The request is waiting for a Jira administrator. This issue got a comment, and it will get another
          one with the decision.
        </p>
      </SectionMessage>
    );
  }
  const o = done.outcome;
  return (
    <div className="su-stack">
      {o.unlock !== null && <OutcomePanel response={o.unlock} title="Unlock" />}
      {o.unlockError !== null && <ErrorMessage error={o.unlockError} />}
      {o.request !== null && (
        <p>
          The open request is now{' '}
          <Lozenge appearance={REQUEST_STATUS_TONE[o.request.status]}>
            {REQUEST_STATUS_LABEL[o.request.status]}
          </Lozenge>
          .
        </p>
      )}
    </div>
  );
}

export function IssueAction() {
  const [ctx, setCtx] = useState<UnlockContext | null>(null);
  const [loadError, setLoadError] = useState<UiError | null>(null);
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState<'request' | 'unlock' | null>(null);
  const [confirmUnlock, setConfirmUnlock] = useState(false);
  const [actionError, setActionError] = useState<UiError | null>(null);
  const [done, setDone] = useState<Done | null>(null);

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      setCtx(await callIssueAction('getUnlockContext'));
    } catch (err) {
      setLoadError(toUiError(err));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const problem = checkReason(reason, true);

  const act = async (kind: 'request' | 'unlock') => {
    setTouched(true);
    if (problem !== null) return;
    setBusy(kind);
    setActionError(null);
    try {
      if (kind === 'request') {
        setDone({
          kind: 'requested',
          request: await callIssueAction('requestUnlock', { reason: reason.trim() }),
        });
      } else {
        setDone({ kind: 'unlocked', outcome: await callIssueAction('unlockNow', { reason: reason.trim() }) });
      }
      setConfirmUnlock(false);
    } catch (err) {
      setActionError(toUiError(err));
    } finally {
      setBusy(null);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void act('request');
  };

  return (
    <main className="su-page su-stack">
      <Heading size="medium" as="h1">
        Request account unlock
      </Heading>
      {loadError !== null && <ErrorMessage error={loadError} onRetry={() => void load()} />}
      {ctx === null && loadError === null && <Loading label="Loading the account" />}
      {ctx !== null && (
        <>
          <section aria-labelledby="affected-heading" className="su-card">
            <Heading size="small" as="h2" id="affected-heading">
              Affected account
            </Heading>
            {ctx.accountId === null ? (
              <p>This issue names no account: it has no flagged account and no reporter.</p>
            ) : (
              <dl>
                <dt>Name</dt>
                <dd>{ctx.displayName ?? '(unknown)'}</dd>
                <dt>Account ID</dt>
                <dd>
                  <code>{ctx.accountId}</code>
                </dd>
                <dt>From</dt>
                <dd>
                  {ctx.source === 'flag' ? 'The scan that flagged this account' : 'The issue’s reporter'}
                </dd>
              </dl>
            )}
          </section>
          {ctx.diagnosis !== null && (
            <DiagnosisPanel account={null} scimLinks={[]} diagnosis={ctx.diagnosis} />
          )}
          {ctx.diagnosisError !== null && (
            <SectionMessage appearance="warning" title="The current state could not be checked">
              <p>{ctx.diagnosisError.message}</p>
              <p>You can still request the unlock; an administrator checks the account before acting.</p>
            </SectionMessage>
          )}
          {done !== null && (
            <div role="status" data-testid="issue-action-result">
              <Outcome done={done} />
            </div>
          )}
          {done === null && ctx.openRequest !== null && <OpenRequest request={ctx.openRequest} />}
          {done === null && ctx.accountId !== null && (
            <form onSubmit={submit} className="su-stack" noValidate>
              <div>
                <Label htmlFor="unlock-reason">Reason</Label>
                <Textfield
                  id="unlock-reason"
                  name="reason"
                  value={reason}
                  maxLength={REASON_MAX_LENGTH}
                  isInvalid={touched && problem !== null}
                  aria-describedby="unlock-reason-help"
                  onChange={(e) => setReason(e.currentTarget.value)}
                  onBlur={() => setTouched(true)}
                />
                <div id="unlock-reason-help">
                  {touched && problem !== null ? (
                    <FieldError>{problem}</FieldError>
                  ) : (
                    <HelperMessage>
                      Why the account should be unlocked; it is added to this issue as a comment.
                    </HelperMessage>
                  )}
                </div>
              </div>
              {actionError !== null && <ErrorMessage error={actionError} />}
              {confirmUnlock && (
                <SectionMessage appearance="warning" title="Unlock this account now?">
                  <p>
                    This removes the account’s SCIM links and reactivates it right away, without a request.
                    The identity provider may lock it again unless its assignment is fixed.
                  </p>
                </SectionMessage>
              )}
              <div className="su-row">
                {ctx.openRequest === null && !confirmUnlock && (
                  <Button
                    type="submit"
                    appearance="primary"
                    isLoading={busy === 'request'}
                    isDisabled={busy !== null}
                  >
                    Request unlock
                  </Button>
                )}
                {ctx.callerIsAdmin && !confirmUnlock && (
                  <Button
                    appearance={ctx.openRequest === null ? 'default' : 'primary'}
                    onClick={() => {
                      setTouched(true);
                      if (problem === null) setConfirmUnlock(true);
                    }}
                    isDisabled={busy !== null}
                  >
                    Unlock now
                  </Button>
                )}
                {confirmUnlock && (
                  <>
                    <Button
                      appearance="warning"
                      onClick={() => void act('unlock')}
                      isLoading={busy === 'unlock'}
                    >
                      Confirm unlock
                    </Button>
                    <Button
                      appearance="subtle"
                      onClick={() => setConfirmUnlock(false)}
                      isDisabled={busy !== null}
                    >
                      Back
                    </Button>
                  </>
                )}
              </div>
            </form>
          )}
        </>
      )}
      <div>
        <Button appearance="subtle" onClick={closeModal}>
          Close
        </Button>
      </div>
    </main>
  );
}
