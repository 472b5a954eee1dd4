import { LazyBoundary, lazyPart } from '../../shared/ui/lazy';
import { mount } from '../../shared/ui/mount';

// The dialog's code is its own chunk: the frame says it is loading as soon as React runs, and the chunk
// downloads alongside @forge/bridge, which mount() starts loading at once (static/shared/ui/theme.ts).
const Dialog = lazyPart(() => import('./IssueAction').then((m) => m.IssueAction));

mount(
  <LazyBoundary label="the account" what="this dialog" onRetry={Dialog.reload}>
    {() => <Dialog.Component />}
  </LazyBoundary>,
);
