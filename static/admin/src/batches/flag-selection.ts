import { useCallback, useMemo, useState } from 'react';

/**
 * The Flags table's selection: account ids, kept across filters and pages so "select all N matching the
 * filter" and then narrowing the filter does not silently drop accounts the admin chose.
 */
export interface FlagSelection {
  selected: ReadonlySet<string>;
  isSelected: (accountId: string) => boolean;
  toggle: (accountId: string) => void;
  selectAll: (accountIds: readonly string[]) => void;
  clear: () => void;
}

export function useFlagSelection(): FlagSelection {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const toggle = useCallback((accountId: string) => {
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(accountId)) next.delete(accountId);
      else next.add(accountId);
      return next;
    });
  }, []);
  const selectAll = useCallback((ids: readonly string[]) => setSelected(new Set(ids)), []);
  const clear = useCallback(() => setSelected(new Set()), []);
  return useMemo(
    () => ({ selected, isSelected: (id: string) => selected.has(id), toggle, selectAll, clear }),
    [selected, toggle, selectAll, clear],
  );
}
