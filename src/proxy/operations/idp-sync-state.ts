import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/**
 * What the IdP sync deactivated, so that the optional reactivation touches only those accounts.
 *
 * Why a file of our own: lifecycle disable accepts a `message`, a durable marker in Atlassian, but no
 * API reads it back, and Org v2 does not say who suspended a membership. Without a record, "deactivated
 * by this feature" could only be guessed from the audit log, which is an append-only trail for people,
 * not a state to query. The file is small (one entry per account currently deactivated by the sync),
 * replaced atomically (write + rename) so a crash leaves the old or the new version, never half of one,
 * and an entry is removed once the account is reactivated.
 */

export const IdpDeactivationRecord = z.object({
  accountId: z.string().min(1),
  email: z.string().nullable(),
  action: z.enum(['deactivate', 'suspend']),
  /** For `suspend`: the directories the sync suspended (only these are restored). */
  directoryIds: z.array(z.string()),
  at: z.string(),
  requestId: z.string(),
});
export type IdpDeactivationRecord = z.infer<typeof IdpDeactivationRecord>;

const StateFileSchema = z.object({ version: z.literal(1), deactivated: z.array(IdpDeactivationRecord) });

/** The state file exists but cannot be used; the sync refuses to overwrite what it cannot read. */
export class IdpSyncStateError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'IdpSyncStateError';
  }
}

export interface IdpSyncStateStore {
  load(): Promise<Map<string, IdpDeactivationRecord>>;
  save(records: ReadonlyMap<string, IdpDeactivationRecord>): Promise<void>;
  /** Where the records live, for the logs; null for memory. */
  readonly location: string | null;
}

export function fileStateStore(file: string): IdpSyncStateStore {
  return {
    location: file,
    async load() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
        throw new IdpSyncStateError('The IdP sync state file cannot be read.');
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new IdpSyncStateError('The IdP sync state file is not valid JSON.');
      }
      const state = StateFileSchema.safeParse(parsed);
      if (!state.success)
        throw new IdpSyncStateError('The IdP sync state file does not have the expected shape.');
      return new Map(state.data.deactivated.map((r) => [r.accountId, r]));
    },
    async save(records) {
      const body = {
        version: 1 as const,
        deactivated: [...records.values()].sort((a, b) => a.accountId.localeCompare(b.accountId)),
      };
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
      await rename(tmp, file);
    },
  };
}

/** For a proxy without a state file: reactivation is then off (config enforces it), so nothing depends on it. */
export function memoryStateStore(): IdpSyncStateStore {
  let records = new Map<string, IdpDeactivationRecord>();
  return {
    location: null,
    async load() {
      return new Map(records);
    },
    async save(next) {
      records = new Map(next);
    },
  };
}
