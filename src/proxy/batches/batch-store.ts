import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { BatchAccountResult, BatchId, BatchPreview, BatchState, UnlinkMethod } from '../../contract/proxy';

/**
 * One JSON file per batch in BATCH_STATE_DIR, replaced atomically (write a temp file, flush it, rename):
 * a crash leaves the previous or the next version, never half of one. The runner persists an account as
 * `started` before its first upstream mutation and its outcome after, so a restart can tell done, not
 * started and unknown apart.
 *
 * Writes are coalesced: while one write is under way, further requests wait for the next write, which
 * carries all of their changes; a caller's `save` resolves only once a write begun after its call ends.
 */
export const BatchRecord = z.object({
  version: z.literal(1),
  id: BatchId,
  state: BatchState,
  dryRun: z.boolean(),
  reason: z.string(),
  method: UnlinkMethod,
  createdBy: z.object({ kind: z.enum(['forge', 'token']), id: z.string() }),
  installationId: z.string().nullable(),
  requestId: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  duplicates: z.number().int().min(0),
  resumes: z.number().int().min(0),
  /** Dry runs: upstream calls of the reads per API family, and the expected mutations. */
  callsByApi: z.record(z.string(), z.number()),
  preview: BatchPreview.nullable(),
  accounts: z.array(BatchAccountResult),
});
export type BatchRecord = z.infer<typeof BatchRecord>;

export class BatchStateError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'BatchStateError';
  }
}

export interface BatchStore {
  readonly dir: string;
  /** Every readable batch file; an unreadable one is reported, never overwritten. */
  loadAll(): Promise<{ records: BatchRecord[]; unreadable: string[] }>;
  save(record: BatchRecord): Promise<void>;
  /**
   * Deletes a batch's file once any write of it under way has ended, so a late write cannot bring it
   * back. Deleting a file that is already gone is not an error.
   */
  remove(id: string): Promise<void>;
}

const FILE = /^(b-[a-z0-9]{8,40})\.json$/;

export function createBatchStore(dir: string): BatchStore {
  const writers = new Map<string, { running: Promise<void> | null; next: Promise<void> | null }>();
  let dirReady: Promise<void> | null = null;

  async function writeNow(record: BatchRecord): Promise<void> {
    dirReady ??= mkdir(dir, { recursive: true, mode: 0o700 }).then(() => undefined);
    await dirReady;
    const target = path.join(dir, `${record.id}.json`);
    const temp = `${target}.${process.pid}.tmp`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(JSON.stringify(record));
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  }

  return {
    dir,
    async loadAll() {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], unreadable: [] };
        throw new BatchStateError('The batch state directory cannot be read.');
      }
      const records: BatchRecord[] = [];
      const unreadable: string[] = [];
      for (const name of names.sort()) {
        if (!FILE.test(name)) continue;
        try {
          records.push(BatchRecord.parse(JSON.parse(await readFile(path.join(dir, name), 'utf8'))));
        } catch {
          unreadable.push(name);
        }
      }
      return { records, unreadable };
    },
    save(record) {
      let w = writers.get(record.id);
      if (!w) {
        w = { running: null, next: null };
        writers.set(record.id, w);
      }
      const slot = w;
      if (slot.next) return slot.next;
      const start = (): Promise<void> => {
        // Serialised at the moment the write starts, so it carries every change made before.
        const text = BatchRecord.parse(record);
        const p = writeNow(text).finally(() => {
          if (slot.running === p) slot.running = null;
        });
        slot.running = p;
        return p;
      };
      if (!slot.running) return start();
      const next = slot.running
        .catch(() => undefined)
        .then(() => {
          slot.next = null;
          return start();
        });
      slot.next = next;
      return next;
    },
    async remove(id) {
      const slot = writers.get(id);
      if (slot) await Promise.all([slot.running, slot.next].map((p) => p?.catch(() => undefined)));
      writers.delete(id);
      try {
        await unlink(path.join(dir, `${id}.json`));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
          throw new BatchStateError('A finished batch file could not be deleted.');
      }
    },
  };
}
