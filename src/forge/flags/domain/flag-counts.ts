import { DIRECTORY_ID_PATTERN } from '../../../contract/proxy/ids';
import type { Flag, FlagStatus } from '../../../contract/app/records';
import { NO_DIRECTORY } from '../../../contract/app/resolvers';

/**
 * The rules behind the flag entity's maintained counters (flag-store.ts). Pure, so the arithmetic has
 * table tests; storage, guards and retries live in flag-store.ts.
 *
 * A flag row counts toward exactly two counters once it is `counted`: its status, and its status within
 * its primary directory. A write moves the row from one (status, directory) slot to another, so it changes
 * at most four counters by one.
 */

/** The directory of a flag without evidence (flags stored before the incremental scan, or no links). */
export { NO_DIRECTORY };

/**
 * The directory a flag is listed under: the first linked directory whose SCIM record is deactivated (the
 * one that locks the account), else the first link's. One directory per flag keeps the index and the
 * counters exact; a flag locked by two directories is rare and is still found under the first one.
 */
export function primaryDirectory(flag: Flag): { directoryId: string; directoryName: string | null } {
  const links = flag.evidence?.links ?? [];
  const link = links.find((l) => l.active === false) ?? links[0];
  if (link === undefined || !DIRECTORY_ID_PATTERN.test(link.directoryId)) {
    return { directoryId: NO_DIRECTORY, directoryName: null };
  }
  return { directoryId: link.directoryId, directoryName: link.directoryName };
}

/** Where a stored row counts, or null while it is not counted yet (just created). */
export interface Slot {
  status: FlagStatus;
  directoryId: string;
}

export function statusCounterKey(status: FlagStatus): string {
  return `status:${status}`;
}

export function directoryCounterKey(status: FlagStatus, directoryId: string): string {
  return `dir:${status}:${directoryId}`;
}

/** The counter changes (key → delta) for a row moving from `from` to `to`; nothing when both are equal. */
export function counterDeltas(from: Slot | null, to: Slot): Map<string, number> {
  const deltas = new Map<string, number>();
  const add = (key: string, d: number) => {
    const v = (deltas.get(key) ?? 0) + d;
    if (v === 0) deltas.delete(key);
    else deltas.set(key, v);
  };
  if (from !== null) {
    add(statusCounterKey(from.status), -1);
    add(directoryCounterKey(from.status, from.directoryId), -1);
  }
  add(statusCounterKey(to.status), 1);
  add(directoryCounterKey(to.status, to.directoryId), 1);
  return deltas;
}
