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

const RecordV1 = z.object({
  accountId: z.string().min(1),
  email: z.string().nullable(),
  action: z.enum(['deactivate', 'suspend']),
  /** For `suspend`: the directories the sync suspended (only these are restored). */
  directoryIds: z.array(z.string()),
  at: z.string(),
  requestId: z.string(),
});

export const IdpDeactivationRecord = RecordV1.extend({
  /**
   * The Keycloak user whose disabling led to the change. A reactivation needs this very user back
   * (enabled, email verified): an email address can pass to another person, a Keycloak user id cannot.
   * Null when no single user can be named — the account was deactivated because no realm user held its
   * email, several did, or the record was written before ids were kept (file version 1) — and a null
   * id never justifies a reactivation.
   */
  keycloakUserId: z.string().min(1).nullable(),
});
export type IdpDeactivationRecord = z.infer<typeof IdpDeactivationRecord>;

const STATE_VERSION = 2;
const StateFileSchema = z.object({
  version: z.literal(STATE_VERSION),
  deactivated: z.array(IdpDeactivationRecord),
});
/** Written by earlier versions: records without the Keycloak user id. Read, never written. */
const StateFileV1Schema = z.object({ version: z.literal(1), deactivated: z.array(RecordV1) });

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
      if (state.success) return new Map(state.data.deactivated.map((r) => [r.accountId, r]));
      const old = StateFileV1Schema.safeParse(parsed);
      if (old.success) {
        return new Map(old.data.deactivated.map((r) => [r.accountId, { ...r, keycloakUserId: null }]));
      }
      throw new IdpSyncStateError('The IdP sync state file does not have the expected shape.');
    },
    async save(records) {
      const body = {
        version: STATE_VERSION,
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
