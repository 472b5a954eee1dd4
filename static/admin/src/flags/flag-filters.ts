import type { FlagStatus } from '../../../../src/contract/app/records';
import {
  NO_DIRECTORY,
  type DirectoryFlagCount,
  type FlagCounts,
} from '../../../../src/contract/app/resolvers';
import { FLAG_STATUS_LABEL } from '../../../shared/format';

/** The Flags tab's filter choices, labelled with the server's counts. Pure, so the labels have tests. */

export type StatusOption = { label: string; value: FlagStatus | 'all' };
export type DirectoryOption = { label: string; value: string | null };

const STATUS_VALUES: Array<FlagStatus | 'all'> = ['all', 'open', 'dismissed', 'resolved', 'cleared'];

export function statusOptions(counts: FlagCounts | null): StatusOption[] {
  return STATUS_VALUES.map((v) => {
    const label = v === 'all' ? 'All' : FLAG_STATUS_LABEL[v];
    return { value: v, label: counts === null ? label : `${label} (${counts[v]})` };
  });
}

/** "All directories" first, then each directory holding flags of the chosen status, by name. */
export function directoryOptions(directories: readonly DirectoryFlagCount[]): DirectoryOption[] {
  const named = directories
    .map((d) => ({
      value: d.directoryId,
      label: `${d.directoryId === NO_DIRECTORY ? 'No SCIM link evidence' : (d.directoryName ?? d.directoryId)} (${d.count})`,
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return [{ value: null, label: 'All directories' }, ...named];
}
