import { z } from 'zod';
import { Flag, IsoTime } from '../../contract/app/records';
import { AccountId } from '../../contract/proxy';
import { KEYS, repository } from '../platform/repository';
import type { WatchEntry } from './domain/relock-rules';

/** One watched account as stored; checked against the rules' own type below. */
export const RelockWatchEntry = z.object({
  accountId: AccountId,
  email: z.string().nullable(),
  name: z.string().nullable(),
  unlockedAt: IsoTime,
  until: IsoTime,
  lastCheckedAt: IsoTime.nullable(),
  relocked: Flag.shape.relocked.unwrap().nullable(),
});
const _sameShape: z.infer<typeof RelockWatchEntry> extends WatchEntry ? true : never = true;
void _sameShape;

/** The re-lock watch's memory: one record per account unlocked through the app, while watched. */
export const watchStore = {
  get(accountId: string): Promise<WatchEntry | undefined> {
    return repository.get(KEYS.relockWatch(accountId), RelockWatchEntry);
  },

  save(entry: WatchEntry): Promise<void> {
    return repository.set(KEYS.relockWatch(entry.accountId), RelockWatchEntry.parse(entry));
  },

  delete(accountId: string): Promise<void> {
    return repository.delete(KEYS.relockWatch(accountId));
  },

  /** Every entry, in storage pages (bounded by scanAll). */
  async all(): Promise<WatchEntry[]> {
    const out: WatchEntry[] = [];
    for await (const { value } of repository.scanAll(KEYS.relockWatchPrefix, RelockWatchEntry)) {
      out.push(value);
    }
    return out;
  },
};
