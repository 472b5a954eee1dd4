import {
  Component,
  lazy,
  Suspense,
  type ComponentType,
  type LazyExoticComponent,
  type ReactNode,
} from 'react';
import { Loading } from './Loading';

/**
 * Code loaded on demand: each admin tab, and the issue action's dialog, is its own chunk, so a page's first
 * load carries React and the frame, not every table, form and dialog. The chunks are relative files of the
 * page's own resources (static/vite.config.mts sets `base: './'`), as Custom UI's CSP requires.
 */
export interface LazyPart<P extends object> {
  /** The part's component; read it when rendering, as `reload` replaces it. */
  Component: LazyExoticComponent<ComponentType<P>>;
  /** Forgets a failed load, so the next render fetches the chunk again. */
  reload: () => void;
}

/** `React.lazy` keeps a failed import for good; `reload` swaps in a fresh loader for another attempt. */
export function lazyPart<P extends object>(load: () => Promise<ComponentType<P>>): LazyPart<P> {
  const fresh = () => lazy(async () => ({ default: await load() }));
  const part: LazyPart<P> = {
    Component: fresh(),
    reload: () => {
      part.Component = fresh();
    },
  };
  return part;
}

interface LazyBoundaryProps {
  /** What is loading, in words: "Loading {label}…". */
  label: string;
  /** What failed to load, for the error: "this tab", "this dialog". */
  what: string;
  onRetry: () => void;
  /** Renders the part; called at each render, so a retry picks up the reloaded component. */
  children: () => ReactNode;
}

/** Shows a loading state while a part's chunk is fetched, and a way forward if it cannot be. */
export class LazyBoundary extends Component<LazyBoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  private retry = () => {
    this.props.onRetry();
    this.setState({ failed: false });
  };

  override render() {
    if (this.state.failed) {
      return (
        <div role="alert" className="su-card">
          <p>
            <strong>The code for {this.props.what} could not be loaded.</strong>
          </p>
          <p>The connection may have dropped, or the app was updated since the page opened.</p>
          <p>
            <button type="button" onClick={this.retry}>
              Try again
            </button>{' '}
            If it keeps failing, reload the page.
          </p>
        </div>
      );
    }
    return (
      <Suspense fallback={<Loading label={`Loading ${this.props.label}…`} />}>
        {this.props.children()}
      </Suspense>
    );
  }
}
