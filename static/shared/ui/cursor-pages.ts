import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '../../../src/contract/app/resolvers';
import { toUiError, type UiError } from '../errors';

export interface CursorPages<T> {
  items: T[];
  page: number;
  hasNext: boolean;
  isLoading: boolean;
  error: UiError | null;
  next: () => void;
  previous: () => void;
  reload: () => void;
}

/**
 * Cursor paging for the backend's list resolvers. The cursors of the pages already seen are kept, so
 * "Previous page" refetches exactly that page. A change of `deps` (a filter) starts again at page 1.
 */
export function useCursorPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  deps: readonly unknown[],
): CursorPages<T> {
  const depsKey = JSON.stringify(deps);
  const [stack, setStack] = useState<{ key: string; cursors: Array<string | undefined> }>({
    key: depsKey,
    cursors: [undefined],
  });
  // A new filter starts again at page 1 (state derived during render, so no extra fetch).
  if (stack.key !== depsKey) setStack({ key: depsKey, cursors: [undefined] });
  const [result, setResult] = useState<Page<T> | null>(null);
  const [isLoading, setLoading] = useState(true);
  const [error, setError] = useState<UiError | null>(null);
  const [tick, setTick] = useState(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(null);
    fetchRef
      .current(stack.cursors[stack.cursors.length - 1])
      .then((p) => {
        if (live) setResult(p);
      })
      .catch((err: unknown) => {
        if (live) setError(toUiError(err));
      })
      .finally(() => {
        if (live) setLoading(false);
      });
    return () => {
      live = false;
    };
  }, [stack, tick]);

  const nextCursor = result?.nextCursor ?? null;
  const next = useCallback(() => {
    if (nextCursor !== null) setStack((s) => ({ ...s, cursors: [...s.cursors, nextCursor] }));
  }, [nextCursor]);
  const previous = useCallback(
    () => setStack((s) => (s.cursors.length > 1 ? { ...s, cursors: s.cursors.slice(0, -1) } : s)),
    [],
  );
  const reload = useCallback(() => setTick((t) => t + 1), []);

  return {
    items: result?.items ?? [],
    page: stack.cursors.length,
    hasNext: nextCursor !== null,
    isLoading,
    error,
    next,
    previous,
    reload,
  };
}

/** Follows every cursor (up to `maxPages`) and returns all items, for counts, sorting and export. */
export async function loadAll<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  maxPages: number,
  onProgress?: (loaded: number) => void,
): Promise<{ items: T[]; truncated: boolean }> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i += 1) {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    onProgress?.(items.length);
    if (page.nextCursor === null) return { items, truncated: false };
    cursor = page.nextCursor;
  }
  return { items, truncated: true };
}
