import type { Page } from '../../contract/app/resolvers';
import { ConflictError, NotFoundError } from '../platform/errors';
import { Flag, type FlagStatus } from '../../contract/app/records';
import { KEYS, repository } from '../platform/repository';
import { audit } from '../audit/audit-log';

export const flags = {
  get(accountId: string): Promise<Flag | undefined> {
    return repository.get(KEYS.flag(accountId), Flag);
  },

  save(flag: Flag): Promise<void> {
    return repository.set(KEYS.flag(flag.accountId), flag);
  },

  /**
   * Flags are keyed by account, so a status filter is applied to each storage page; a page can hold fewer
   * than `limit` items while `nextCursor` still points further.
   */
  async list(opts: {
    status?: FlagStatus | undefined;
    cursor?: string | undefined;
    limit: number;
  }): Promise<Page<Flag>> {
    const page = await repository.query(KEYS.flagPrefix, Flag, { cursor: opts.cursor, limit: opts.limit });
    const items = page.items
      .map((e) => e.value)
      .filter((f) => opts.status === undefined || f.status === opts.status);
    return { items, nextCursor: page.nextCursor };
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
