import { KnownCandidate } from '../../contract/app/records';
import { mapConcurrent } from '../../lib/map-concurrent';
import { KEYS, repository } from '../platform/repository';

/** The incremental scan's memory: one record per deactivated managed account it verified. */
export const knownCandidates = {
  get(accountId: string): Promise<KnownCandidate | undefined> {
    return repository.get(KEYS.known(accountId), KnownCandidate);
  },

  async getMany(accountIds: readonly string[], concurrency: number): Promise<Map<string, KnownCandidate>> {
    const found = await mapConcurrent(accountIds, concurrency, (id) => knownCandidates.get(id));
    const out = new Map<string, KnownCandidate>();
    found.forEach((k, i) => {
      const id = accountIds[i];
      if (k !== undefined && id !== undefined) out.set(id, k);
    });
    return out;
  },

  save(known: KnownCandidate): Promise<void> {
    return repository.set(KEYS.known(known.accountId), known);
  },

  delete(accountId: string): Promise<void> {
    return repository.delete(KEYS.known(accountId));
  },

  /** Every record, in storage pages (bounded by scanAll). */
  async all(): Promise<KnownCandidate[]> {
    const out: KnownCandidate[] = [];
    for await (const { value } of repository.scanAll(KEYS.knownPrefix, KnownCandidate)) out.push(value);
    return out;
  },
};
