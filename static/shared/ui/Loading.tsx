import { Inline } from '@atlaskit/primitives/compiled';
import Spinner from '@atlaskit/spinner';

/** A spinner with words, announced politely to screen readers. */
export function Loading({ label }: { label: string }) {
  return (
    <div role="status" aria-live="polite">
      <Inline space="space.100" alignBlock="center">
        <Spinner size="medium" label={label} />
        <span>{label}</span>
      </Inline>
    </div>
  );
}
