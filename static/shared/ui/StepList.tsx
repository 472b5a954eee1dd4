import Lozenge from '@atlaskit/lozenge';
import type { Step } from '../../../src/contract/proxy';
import { STEP_ACTION_LABEL, STEP_STATUS_LABEL, STEP_STATUS_TONE } from '../format';

/** The steps of an action (planned in a preview, with outcomes after a run), in the order they run. */
export function StepList({ steps, label }: { steps: Step[]; label: string }) {
  if (steps.length === 0) return <p>No steps: nothing would be changed.</p>;
  return (
    <ol aria-label={label} className="su-steps">
      {steps.map((s, i) => (
        <li key={`${s.action}-${s.target}-${i}`}>
          <div className="su-step-head">
            <strong>{STEP_ACTION_LABEL[s.action]}</strong>{' '}
            <Lozenge appearance={STEP_STATUS_TONE[s.status]}>{STEP_STATUS_LABEL[s.status]}</Lozenge>
          </div>
          <div className="su-muted">{s.target}</div>
          {s.detail !== '' && <div>{s.detail}</div>}
          {s.call !== null && (
            <code className="su-call">
              {s.call.method} {s.call.path}
              {s.call.status !== null ? ` → ${s.call.status}` : ''}
            </code>
          )}
        </li>
      ))}
    </ol>
  );
}
