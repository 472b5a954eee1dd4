import {
  FLAG_IDS_MAX,
  FLAG_PAGE_MAX,
  type FlagCounts,
  type FlagIds,
  type FlagPage,
  type ListFlagsQuery,
  type Page,
} from '../../contract/app/resolvers';
import { ConflictError, NotFoundError } from '../platform/errors';
import type { Flag } from '../../contract/app/records';
import { audit } from '../audit/audit-log';
import { flagStore, type FlagQuery } from './flag-store';

/**
 * The app's flags: one record per account in the `flag` custom entity, with counters per status and per
 * status and directory kept in the same transaction as every write (flag-store.ts).
 */
export const flags = {
  get(accountId: string): Promise<Flag | undefined> {
    return flagStore.get(accountId);
  },

  /** Writes the flag and moves its counts along when its status or directory changed. */
  save(flag: Flag): Promise<void> {
    return flagStore.save(flag);
  },

  /** One page of one index, newest last seen first unless asked otherwise. */
  async list(
    q: Omit<FlagQuery, 'sort' | 'order'> & Partial<Pick<FlagQuery, 'sort' | 'order'>>,
  ): Promise<Page<Flag>> {
    const page = await flagStore.page({ ...q, sort: q.sort ?? 'lastSeenAt', order: q.order ?? 'desc' });
    return { items: page.items.map((e) => e.value), nextCursor: page.nextCursor };
  },

  /**
   * The admin page's Flags tab: one index query for the page and the counters for its counts — never a
   * read of every flag.
   */
  async page(q: ListFlagsQuery): Promise<FlagPage> {
    const listed = q.status ?? 'open';
    const inDirectory =
      q.directoryId !== undefined && q.status !== undefined
        ? { status: q.status, directoryId: q.directoryId }
        : undefined;
    const [page, { counts, directory }, directories] = await Promise.all([
      flags.list(q),
      flagStore.counts(inDirectory),
      flagStore.directories(listed),
    ]);
    const total = directory ?? (q.status === undefined ? counts.all : counts[q.status]);
    return { ...page, total, counts, directories };
  },

  /** The account ids a filter matches, at most FLAG_IDS_MAX (a batch's most): bounded index pages. */
  async accountIds(q: Pick<ListFlagsQuery, 'status' | 'directoryId'>): Promise<FlagIds> {
    const accountIds: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < FLAG_IDS_MAX / FLAG_PAGE_MAX + 1; i++) {
      const page = await flags.list({
        ...q,
        sort: 'lastSeenAt',
        order: 'desc',
        limit: FLAG_PAGE_MAX,
        ...(cursor === undefined ? {} : { cursor }),
      });
      accountIds.push(...page.items.map((f) => f.accountId));
      if (accountIds.length > FLAG_IDS_MAX)
        return { accountIds: accountIds.slice(0, FLAG_IDS_MAX), capped: true };
      if (page.nextCursor === null) return { accountIds, capped: false };
      cursor = page.nextCursor;
    }
    return { accountIds: accountIds.slice(0, FLAG_IDS_MAX), capped: true };
  },

  async counts(): Promise<FlagCounts> {
    return (await flagStore.counts()).counts;
  },

  /** Open and dismissed flags a scan started at `runStartedAt` has not seen (the ones it clears). */
  async *unseenSince(runStartedAt: string): AsyncGenerator<Flag> {
    for (const status of ['open', 'dismissed'] as const) yield* flagStore.seenBefore(status, runStartedAt);
  },

  async dismiss(accountId: string, actor: string, reason: string, now = new Date()): Promise<Flag> {
    const flag = await flags.get(accountId);
    if (flag === undefined) throw new NotFoundError('There is no flag for that account.');
    if (flag.status !== 'open') {
      throw new ConflictError(`Only open flags can be dismissed; this one is ${flag.status}.`, {
        status: flag.status,
      });
    }
    const next: Flag = {
      ...flag,
      status: 'dismissed',
      dismissed: { by: actor, at: now.toISOString(), reason },
    };
    await flags.save(next);
    await audit.recordQuietly({
      actor,
      action: 'flag-dismissed',
      outcome: 'success',
      accountId,
      summary: `Flag dismissed: ${reason}`,
      issueKey: flag.issue?.key ?? null,
    });
    return next;
  },

  /** After a successful unlock the flag is closed; a later sighting opens a new episode. */
  async resolve(accountId: string): Promise<Flag | null> {
    const flag = await flags.get(accountId);
    if (flag === undefined || (flag.status !== 'open' && flag.status !== 'dismissed')) return null;
    const next: Flag = { ...flag, status: 'resolved' };
    await flags.save(next);
    return next;
  },
};
