import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { toUiError, type UiError } from '../errors';

/**
 * The busy/error state of one asynchronous step of a page (a load, a save, a button's call), so each
 * page states only what the step does. `run` never throws: a failure becomes `error`, in words
 * (static/shared/errors.ts), and `run` resolves to undefined.
 */
export interface AsyncAction<A extends unknown[], T> {
  run: (...args: A) => Promise<T | undefined>;
  /** The arguments of the run in flight, or null: tells a page which of several buttons is busy. */
  pending: A | null;
  busy: boolean;
  error: UiError | null;
  clearError: () => void;
}

export interface AsyncActionOptions {
  /**
   * Keep the last error on screen while the step runs again (a load that is retried or polled), and
   * replace it only once the run ends; by default a new run clears it at once (a button's action).
   */
  keepErrorWhileBusy?: boolean;
}

export function useAsyncAction<A extends unknown[], T>(
  action: (...args: A) => Promise<T>,
  { keepErrorWhileBusy = false }: AsyncActionOptions = {},
): AsyncAction<A, T> {
  const [pending, setPending] = useState<A | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  // `run` stays the same function across renders (effects list it as a dependency) yet always calls
  // the latest `action`, which closes over the latest state.
  const latest = useRef(action);
  useLayoutEffect(() => {
    latest.current = action;
  });
  const run = useCallback(
    async (...args: A): Promise<T | undefined> => {
      setPending(args);
      if (!keepErrorWhileBusy) setError(null);
      try {
        const value = await latest.current(...args);
        setError(null);
        return value;
      } catch (err) {
        setError(toUiError(err));
        return undefined;
      } finally {
        setPending(null);
      }
    },
    [keepErrorWhileBusy],
  );
  const clearError = useCallback(() => setError(null), []);
  return { run, pending, busy: pending !== null, error, clearError };
}
