import { useCallback, useEffect, useRef, useState } from 'react';
import type { FlagStatus } from '../../../../src/contract/app/records';
import type { FlagPage, FlagSortKey, SortOrder } from '../../../../src/contract/app/resolvers';
import { callAdmin } from '../../../shared/bridge';
import { toUiError, type UiError } from '../../../shared/errors';

/**
 * The Flags tab's data: one server page at a time. The filter and sort go to `listFlags`, which answers
 * from one index query plus the maintained counters, so the browser never holds more than one page.
 * The cursors of the pages already seen are kept (a stack), so "Previous page" asks for exactly that
 * page again; any change of filter or sort starts again at page 1.
 */

export const FLAGS_PER_PAGE = 20;

export interface FlagQuery {
  status: FlagStatus | 'all';
  /** Only with a status: the server's indexes partition directories by status. */
  directoryId: string | null;
  sort: FlagSortKey;
  order: SortOrder;
}

export const DEFAULT_FLAG_QUERY: FlagQuery = {
  status: 'open',
  directoryId: null,
  sort: 'lastSeenAt',
  order: 'desc',
};

export interface FlagPageState {
  query: FlagQuery;
  setQuery: (q: FlagQuery) => void;
  result: FlagPage | null;
  /** 1-based: the page asked for (the pager's position). */
  page: number;
  /** The number of the page `result` holds; lags `page` while the next one loads. */
  shownPage: number;
  hasNext: boolean;
  isLoading: boolean;
  error: UiError | null;
  next: () => void;
  previous: () => void;
  reload: () => Promise<void>;
}

/** A directory filter is meaningless without a status (and refused by the resolver): drop it. */
export function normaliseQuery(q: FlagQuery): FlagQuery {
  return q.status === 'all' && q.directoryId !== null ? { ...q, directoryId: null } : q;
}

export function useFlagPage(initial: FlagQuery = DEFAULT_FLAG_QUERY): FlagPageState {
  const [state, setState] = useState<{ query: FlagQuery; cursors: Array<string | undefined> }>({
    query: initial,
    cursors: [undefined],
  });
  const [shown, setShown] = useState<{ page: FlagPage; number: number } | null>(null);
  const [isLoading, setLoading] = useState(true);
  const [error, setError] = useState<UiError | null>(null);
  // Each fetch gets a number; only the latest one's answer is shown.
  const latest = useRef(0);

  const load = useCallback(async (query: FlagQuery, cursor: string | undefined, number: number) => {
    const ticket = ++latest.current;
    setLoading(true);
    setError(null);
    try {
      const page = await callAdmin('listFlags', {
        ...(query.status === 'all' ? {} : { status: query.status }),
        ...(query.status !== 'all' && query.directoryId !== null ? { directoryId: query.directoryId } : {}),
        sort: query.sort,
        order: query.order,
        limit: FLAGS_PER_PAGE,
        ...(cursor === undefined ? {} : { cursor }),
      });
      if (ticket === latest.current) setShown({ page, number });
    } catch (err) {
      if (ticket === latest.current) setError(toUiError(err));
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }, []);

  const cursor = state.cursors[state.cursors.length - 1];
  const number = state.cursors.length;
  useEffect(() => {
    void load(state.query, cursor, number);
  }, [load, state.query, cursor, number]);

  const result = shown?.page ?? null;
  const nextCursor = result?.nextCursor ?? null;
  const next = useCallback(() => {
    if (nextCursor !== null) setState((s) => ({ ...s, cursors: [...s.cursors, nextCursor] }));
  }, [nextCursor]);
  const previous = useCallback(
    () => setState((s) => (s.cursors.length > 1 ? { ...s, cursors: s.cursors.slice(0, -1) } : s)),
    [],
  );
  const setQuery = useCallback(
    (q: FlagQuery) => setState({ query: normaliseQuery(q), cursors: [undefined] }),
    [],
  );
  const reload = useCallback(() => load(state.query, cursor, number), [load, state.query, cursor, number]);

  return {
    query: state.query,
    setQuery,
    result,
    page: number,
    shownPage: shown?.number ?? 0,
    hasNext: nextCursor !== null,
    isLoading,
    error,
    next,
    previous,
    reload,
  };
}
