import type { ErrorCode } from '../../src/contract/app/errors';

/**
 * Resolver errors turned into words a person can act on. The server's message says what happened; the
 * hint says what to do next, which depends only on the error's code.
 */

/** `bridge` covers failures before any resolver answered: no Jira host, or the invoke itself failed. */
export type UiErrorCode = ErrorCode | 'bridge';

export interface UiError {
  code: UiErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export interface ErrorView {
  title: string;
  message: string;
  hint: string;
  /** One line per rejected field, for invalid-input errors. */
  fields: string[];
}

const VIEWS: Record<UiErrorCode, { title: string; hint: string }> = {
  forbidden: {
    title: 'You are not allowed to do this',
    hint: 'Ask a Jira administrator to do it, or to grant you the Administer Jira permission.',
  },
  'invalid-input': { title: 'Some values are not valid', hint: 'Correct the values below and try again.' },
  'not-found': {
    title: 'Not found',
    hint: 'It may have been removed or changed since the page loaded. Reload and check the value.',
  },
  conflict: {
    title: 'Someone changed this first',
    hint: 'Reload to see the current state, then try again if it is still needed.',
  },
  'not-configured': {
    title: 'Setup is not finished',
    hint: 'An administrator needs to finish the configuration (the Settings tab, or the proxy’s configuration).',
  },
  'policy-refused': {
    title: 'Refused by policy',
    hint: 'The org-admin proxy’s policy does not allow this for this account. Ask whoever runs the proxy.',
  },
  'rate-limited': {
    title: 'Too many requests right now',
    hint: 'Atlassian is limiting requests. Wait a minute, then try again.',
  },
  unavailable: {
    title: 'A service could not be reached',
    hint: 'Try again in a few minutes. If it keeps failing, check that the org-admin proxy is running.',
  },
  'upstream-error': {
    title: 'An Atlassian service answered with an error',
    hint: 'Try again. If it persists, check the audit log here and the proxy’s logs.',
  },
  'storage-error': { title: 'The app’s storage did not answer', hint: 'Wait a moment and try again.' },
  internal: {
    title: 'Something went wrong in the app',
    hint: 'Try again. If it keeps happening, check the app’s logs.',
  },
  bridge: {
    title: 'Jira could not be reached',
    hint: 'Reload the page. This page only works when opened from Jira.',
  },
};

function fieldLines(details: Record<string, unknown> | undefined): string[] {
  const fields = details?.['fields'];
  if (!Array.isArray(fields)) return [];
  const out: string[] = [];
  for (const f of fields) {
    if (typeof f !== 'object' || f === null) continue;
    const path = (f as { path?: unknown }).path;
    const message = (f as { message?: unknown }).message;
    if (typeof path === 'string' && typeof message === 'string') out.push(`${path}: ${message}`);
  }
  return out;
}

export function describeError(error: UiError): ErrorView {
  const view = VIEWS[error.code] ?? VIEWS.internal;
  return {
    title: view.title,
    message: error.message.trim() === '' ? view.title : error.message,
    hint: view.hint,
    fields: error.code === 'invalid-input' ? fieldLines(error.details) : [],
  };
}

/** Thrown by the bridge helpers so components can catch one type and render it with describeError. */
export class ResolverFailure extends Error {
  readonly error: UiError;
  constructor(error: UiError) {
    super(error.message);
    this.name = 'ResolverFailure';
    this.error = error;
  }
}

/** Anything caught in a page becomes a UiError; unknown throwables never show their own text. */
export function toUiError(err: unknown): UiError {
  if (err instanceof ResolverFailure) return err.error;
  return { code: 'bridge', message: 'The request to Jira did not complete.' };
}

/** Checks a resolver's `{ data } | { error }` answer, so a malformed answer is an error, never data. */
export function unwrapResult<T>(result: unknown): T {
  if (typeof result === 'object' && result !== null) {
    if ('error' in result) {
      const e = (result as { error: unknown }).error;
      if (typeof e === 'object' && e !== null) {
        const code = (e as { code?: unknown }).code;
        const message = (e as { message?: unknown }).message;
        const details = (e as { details?: unknown }).details;
        throw new ResolverFailure({
          code: typeof code === 'string' && code in VIEWS ? (code as UiErrorCode) : 'internal',
          message: typeof message === 'string' ? message : 'The app reported an error.',
          ...(typeof details === 'object' && details !== null
            ? { details: details as Record<string, unknown> }
            : {}),
        });
      }
    }
    if ('data' in result) return (result as { data: T }).data;
  }
  throw new ResolverFailure({
    code: 'internal',
    message: 'The app answered in a form this page does not understand.',
  });
}
