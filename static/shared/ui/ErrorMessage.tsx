import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import { describeError, type UiError } from '../errors';

/** Every failure on both pages renders through here: what happened, then what to do about it. */
export function ErrorMessage({ error, onRetry }: { error: UiError; onRetry?: () => void }) {
  const view = describeError(error);
  return (
    <SectionMessage
      appearance="error"
      title={view.title}
      actions={onRetry ? <SectionMessageAction onClick={onRetry}>Try again</SectionMessageAction> : undefined}
    >
      <p>{view.message}</p>
      {view.fields.length > 0 && (
        <ul>
          {view.fields.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      )}
      <p>{view.hint}</p>
    </SectionMessage>
  );
}
