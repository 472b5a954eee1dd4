import SectionMessage from '@atlaskit/section-message';
import type { ActionResponse, UnlockResponse } from '../../../src/contract/proxy';
import { describeOutcome } from '../format';
import { StepList } from './StepList';

const APPEARANCE = {
  success: 'success',
  removed: 'error',
  moved: 'warning',
  new: 'information',
  inprogress: 'information',
  default: 'information',
} as const;

/** A preview or a result: the outcome in words, what blocks it, what to weigh, and every step. */
export function OutcomePanel({
  response,
  title,
}: {
  response: UnlockResponse | ActionResponse;
  title: string;
}) {
  const o = describeOutcome(response.outcome);
  return (
    <section aria-label={title} className="su-stack">
      <SectionMessage appearance={APPEARANCE[o.tone]} title={`${title}: ${o.label}`}>
        <p>{o.sentence}</p>
        {response.blockers.length > 0 && (
          <>
            <p>
              <strong>What stands in the way</strong>
            </p>
            <ul>
              {response.blockers.map((b) => (
                <li key={b.code}>{b.message}</li>
              ))}
            </ul>
          </>
        )}
        {response.warnings.length > 0 && (
          <>
            <p>
              <strong>Before you go ahead</strong>
            </p>
            <ul>
              {response.warnings.map((w) => (
                <li key={w.code}>{w.message}</li>
              ))}
            </ul>
          </>
        )}
      </SectionMessage>
      <StepList steps={response.steps} label={`${title} steps`} />
    </section>
  );
}
