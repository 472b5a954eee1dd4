import Button from '@atlaskit/button/new';
import { ErrorMessage as FieldError, HelperMessage, Label } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import Textfield from '@atlaskit/textfield';
import { useEffect, useState, type FormEvent } from 'react';
import type {
  AccountSource,
  AdminUnlockContext,
  LockState,
  MyRequest,
  RequestOutcome,
  RequestReceipt,
  RequesterUnlockContext,
  UnlockContext,
} from '../../../src/contract/app/resolvers';
import type { UnlockRequestRecord } from '../../../src/contract/app/records';
import { callIssueAction, loadBridge } from '../../shared/bridge';
import { useAsyncAction } from '../../shared/ui/use-async-action';
import { formatTime, REQUEST_STATUS_LABEL, REQUEST_STATUS_TONE, type Tone } from '../../shared/format';
import { checkReason, REASON_MAX_LENGTH } from '../../shared/reason';
import { DiagnosisPanel } from '../../shared/ui/DiagnosisPanel';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { Loading } from '../../shared/ui/Loading';
import { OutcomePanel } from '../../shared/ui/OutcomePanel';

/**
 * "Request account unlock". Two views, as the resolver decides them: a Jira administrator sees the
 * diagnosis, the open request with everyone's reasons, and "Unlock now"; anyone else sees the person's
 * name, whether they are locked, and their own request, which is all they need to ask for help.
 */

type Done = { kind: 'requested'; receipt: RequestReceipt } | { kind: 'unlocked'; outcome: RequestOutcome };

const SOURCE_LABEL: Record<AccountSource, string> = {
  flag: 'The scan that flagged this account',
  reporter: 'The issue’s reporter',
};

const LOCK_LABEL: Record<LockState, string> = {
  locked: 'Locked',
  'not-locked': 'Not locked',
  unknown: 'Could not be checked right now',
};

const LOCK_TONE: Record<LockState, Tone> = { locked: 'removed', 'not-locked': 'success', unknown: 'default' };

function closeModal() {
  void loadBridge()
    .then((b) => b.view.close())
    .catch(() => undefined);
}

function StatusLozenge({ status }: { status: UnlockRequestRecord['status'] }) {
  return <Lozenge appearance={REQUEST_STATUS_TONE[status]}>{REQUEST_STATUS_LABEL[status]}</Lozenge>;
}

/** The admin's view of the open request: every requester with their own reason. */
function OpenRequest({ request }: { request: UnlockRequestRecord }) {
  const askers = [
    { accountId: request.requestedBy, at: request.requestedAt, reason: request.reason },
    ...request.additionalRequesters,
  ];
  return (
    <SectionMessage appearance="information" title="An unlock request is already open">
      <p>
        Status: <StatusLozenge status={request.status} />
      </p>
      <ul aria-label="People who asked">
        {askers.map((a) => (
          <li key={a.accountId}>
            <code>{a.accountId}</code>, {formatTime(a.at)}: “{a.reason}”
          </li>
        ))}
      </ul>
      <p>Approve or deny it on the SCIM Unlock admin page, or unlock the account now.</p>
    </SectionMessage>
  );
}

/** The requester's own request: its status and their own reason, nothing from anyone else. */
function MyRequestPanel({ request }: { request: MyRequest }) {
  const open = request.status === 'pending' || request.status === 'approved';
  return (
    <SectionMessage appearance={open ? 'information' : 'discovery'} title="Your unlock request">
      <p>
        Status: <StatusLozenge status={request.status} />
      </p>
      <p>
        You asked {formatTime(request.askedAt)}: “{request.reason}”
      </p>
      <p>
        {open
          ? 'A Jira administrator decides on it; the decision is added to this issue as a comment.'
          : 'It has been decided; the comments on this issue say how. You can ask again below.'}
      </p>
    </SectionMessage>
  );
}

function Outcome({ done }: { done: Done }) {
  if (done.kind === 'requested') {
    return (
      <SectionMessage appearance="success" title="Unlock requested">
        <p>
          A Jira administrator reviews the request and the decision is added to this issue as a comment. Only
          administrators and you can see your reason.
        </p>
        {!done.receipt.commented && (
          <p>
            Your note on this issue could not be added (you may not be allowed to comment here); the request
            is recorded all the same.
          </p>
        )}
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
          The open request is now <StatusLozenge status={o.request.status} />.
        </p>
      )}
    </div>
  );
}

function AdminAccount({ ctx }: { ctx: AdminUnlockContext }) {
  return (
    <>
      <section aria-labelledby="affected-heading" className="su-card">
        <Heading size="small" as="h2" id="affected-heading">
          Affected account
        </Heading>
        {ctx.accountId === null ? (
          <p>This issue names no account: the app did not post it and it has no reporter.</p>
        ) : (
          <dl>
            <dt>Name</dt>
            <dd>{ctx.displayName ?? '(unknown)'}</dd>
            <dt>Account ID</dt>
            <dd>
              <code>{ctx.accountId}</code>
            </dd>
            <dt>From</dt>
            <dd>{SOURCE_LABEL[ctx.source]}</dd>
          </dl>
        )}
      </section>
      {ctx.diagnosis !== null && <DiagnosisPanel account={null} scimLinks={[]} diagnosis={ctx.diagnosis} />}
      {ctx.diagnosisError !== null && (
        <SectionMessage appearance="warning" title="The current state could not be checked">
          <p>{ctx.diagnosisError.message}</p>
        </SectionMessage>
      )}
    </>
  );
}

function RequesterAccount({ ctx }: { ctx: RequesterUnlockContext }) {
  return (
    <section aria-labelledby="affected-heading" className="su-card">
      <Heading size="small" as="h2" id="affected-heading">
        Affected account
      </Heading>
      {ctx.person === null ? (
        <p>This issue names no account: the app did not post it and it has no reporter.</p>
      ) : (
        <dl>
          <dt>Name</dt>
          <dd>{ctx.person.displayName ?? '(unknown)'}</dd>
          <dt>Account</dt>
          <dd>
            <Lozenge appearance={LOCK_TONE[ctx.person.lock]}>{LOCK_LABEL[ctx.person.lock]}</Lozenge>
          </dd>
          <dt>From</dt>
          <dd>{SOURCE_LABEL[ctx.source]}</dd>
        </dl>
      )}
    </section>
  );
}

/** Whether the request form is offered: someone to ask for, and no open request of the caller's own. */
function canAsk(ctx: UnlockContext): boolean {
  if (ctx.view === 'admin') return ctx.accountId !== null && ctx.openRequest === null;
  if (ctx.person === null || ctx.person.lock === 'not-locked') return false;
  return ctx.myRequest === null || !['pending', 'approved'].includes(ctx.myRequest.status);
}

export function IssueAction() {
  const [ctx, setCtx] = useState<UnlockContext | null>(null);
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const [confirmUnlock, setConfirmUnlock] = useState(false);
  const [done, setDone] = useState<Done | null>(null);

  const { run: load, error: loadError } = useAsyncAction(async () =>
    setCtx(await callIssueAction('getUnlockContext')),
  );
  const {
    run: call,
    pending,
    error: actionError,
  } = useAsyncAction(async (kind: 'request' | 'unlock') => {
    if (kind === 'request') {
      setDone({
        kind: 'requested',
        receipt: await callIssueAction('requestUnlock', { reason: reason.trim() }),
      });
    } else {
      setDone({ kind: 'unlocked', outcome: await callIssueAction('unlockNow', { reason: reason.trim() }) });
    }
    setConfirmUnlock(false);
  });
  const busy = pending?.[0] ?? null;
  useEffect(() => {
    void load();
  }, [load]);

  const problem = checkReason(reason, true);

  const act = async (kind: 'request' | 'unlock') => {
    setTouched(true);
    if (problem !== null) return;
    await call(kind);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void act('request');
  };

  const ask = ctx !== null && canAsk(ctx);
  const canUnlockNow = ctx?.view === 'admin' && ctx.accountId !== null;
  const showForm = done === null && (ask || canUnlockNow);

  return (
    <main className="su-page su-stack">
      <Heading size="medium" as="h1">
        Request account unlock
      </Heading>
      {loadError !== null && <ErrorMessage error={loadError} onRetry={() => void load()} />}
      {ctx === null && loadError === null && <Loading label="Loading the account" />}
      {ctx !== null && (
        <>
          {ctx.view === 'admin' ? <AdminAccount ctx={ctx} /> : <RequesterAccount ctx={ctx} />}
          {done !== null && (
            <div role="status" data-testid="issue-action-result">
              <Outcome done={done} />
            </div>
          )}
          {done === null && ctx.view === 'admin' && ctx.openRequest !== null && (
            <OpenRequest request={ctx.openRequest} />
          )}
          {done === null && ctx.view === 'requester' && ctx.myRequest !== null && (
            <MyRequestPanel request={ctx.myRequest} />
          )}
          {done === null && ctx.view === 'requester' && ctx.person?.lock === 'not-locked' && (
            <p>This account is not locked, so there is nothing to unlock.</p>
          )}
          {showForm && (
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
                      Why the account should be unlocked. Only Jira administrators and you see it.
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
                {ask && !confirmUnlock && (
                  <Button
                    type="submit"
                    appearance="primary"
                    isLoading={busy === 'request'}
                    isDisabled={busy !== null}
                  >
                    Request unlock
                  </Button>
                )}
                {canUnlockNow && !confirmUnlock && (
                  <Button
                    appearance={ask ? 'default' : 'primary'}
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
