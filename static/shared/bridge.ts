import type {
  AdminFunction,
  AdminResults,
  IssueActionFunction,
  IssueActionResults,
} from '../../src/contract/app/resolvers';
import { ResolverFailure, unwrapResult } from './errors';

/**
 * The pages' only way to the backend. @forge/bridge connects to its host when the module loads and throws
 * outside Jira, so it is loaded lazily: a page opened anywhere else shows an error instead of a blank frame.
 */
type Bridge = typeof import('@forge/bridge');

let loading: Promise<Bridge> | null = null;

export function loadBridge(): Promise<Bridge> {
  loading ??= import('@forge/bridge').catch(() => {
    loading = null;
    throw new ResolverFailure({
      code: 'bridge',
      message: 'This page is not running inside Jira, so it cannot reach the app.',
    });
  });
  return loading;
}

async function call<T>(key: string, payload: Record<string, unknown>): Promise<T> {
  const bridge = await loadBridge();
  let raw: unknown;
  try {
    raw = await bridge.invoke(key, payload);
  } catch {
    throw new ResolverFailure({ code: 'bridge', message: `Jira did not pass on the request (${key}).` });
  }
  return unwrapResult<T>(raw);
}

export function callAdmin<K extends AdminFunction>(
  key: K,
  payload: Record<string, unknown> = {},
): Promise<AdminResults[K]> {
  return call<AdminResults[K]>(key, payload);
}

export function callIssueAction<K extends IssueActionFunction>(
  key: K,
  payload: Record<string, unknown> = {},
): Promise<IssueActionResults[K]> {
  return call<IssueActionResults[K]>(key, payload);
}

/** Follows Jira's light/dark theme; a host without theming leaves the default (light) tokens. */
export async function enableTheme(): Promise<void> {
  try {
    const bridge = await loadBridge();
    await bridge.view.theme.enable();
  } catch {
    // Without a host theme the light token values from the stylesheet still apply.
  }
}
