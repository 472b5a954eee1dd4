import type {
  AdminFunction,
  AdminPayload,
  AdminResult,
  IssueActionFunction,
  IssueActionPayload,
  IssueActionResult,
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

/** The payload argument, optional when every field of the key's payload is. */
type PayloadArg<P> = Record<never, never> extends P ? [payload?: P] : [payload: P];

async function call<T>(key: string, payload: object): Promise<T> {
  const bridge = await loadBridge();
  let raw: unknown;
  try {
    raw = await bridge.invoke(key, payload);
  } catch {
    throw new ResolverFailure({ code: 'bridge', message: `Jira did not pass on the request (${key}).` });
  }
  return unwrapResult<T>(raw);
}

/**
 * An admin resolver by key: the payload is typed from the key's schema in src/contract/app/resolvers.ts
 * and the answer is that key's result type, so the page and the resolver cannot disagree silently.
 */
export function callAdmin<K extends AdminFunction>(
  key: K,
  ...[payload]: PayloadArg<AdminPayload<K>>
): Promise<AdminResult<K>> {
  return call<AdminResult<K>>(key, payload ?? {});
}

/** An issue-action resolver by key, typed like callAdmin. */
export function callIssueAction<K extends IssueActionFunction>(
  key: K,
  ...[payload]: PayloadArg<IssueActionPayload<K>>
): Promise<IssueActionResult<K>> {
  return call<IssueActionResult<K>>(key, payload ?? {});
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
