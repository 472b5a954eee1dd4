/**
 * One run's figures as data: what the report renders, and what a full run saves next to it so the page
 * can be re-rendered (`--render-only`) without repeating a long measurement. Only counts and timings
 * are kept — no account data — and a saved file is validated before it is rendered.
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism, cpus, platform, release, totalmem } from 'node:os';
import { z } from 'zod';

const count = z.number().int().min(0);
const ms = z.number().min(0);

const FamilyCountsSchema = z.strictObject({
  org: count,
  scimLinks: count,
  scim: count,
  userManagement: count,
});

const CallTallySchema = z.strictObject({ total: count, byApi: FamilyCountsSchema });

export const MachineSchema = z.strictObject({
  nproc: z.number().int().min(1),
  cpuModel: z.string(),
  memoryGiB: count,
  node: z.string(),
  os: z.string(),
});
export type Machine = z.infer<typeof MachineSchema>;

export const UnlockSampleSchema = z.strictObject({
  accountId: z.string(),
  dryRunMs: ms,
  dryRunCalls: count,
  /** Upstream mutations the dry run said it would make. */
  plannedMutations: count,
  unlockMs: ms,
  unlockCalls: count,
  /** Mutations the real unlock made (steps with an upstream call that were done). */
  mutations: count,
  /** The operations of the sent calls, in completion order, to show what each round trip is. */
  dryRunOperations: z.array(z.string()),
  unlockOperations: z.array(z.string()),
});
export type UnlockSample = z.infer<typeof UnlockSampleSchema>;

const IncrementalRunSchema = z.strictObject({
  calls: CallTallySchema,
  pages: count,
  verifyCalls: count,
  candidates: count,
  verified: count,
  rechecked: count,
  reread: count,
  cleared: count,
  flagged: count,
  wallMs: ms,
});

export const BenchResultsSchema = z.strictObject({
  options: z.strictObject({
    accounts: count,
    inactiveFraction: z.number().min(0).max(1),
    latencyMs: count,
    concurrency: z.number().int().min(1),
    unlocks: count,
    quick: z.boolean(),
  }),
  command: z.string(),
  date: z.string(),
  machine: MachineSchema,
  seedMs: ms,
  /** Parallel per-candidate reads inside one proxy scan page (the proxy's own setting). */
  proxyScanConcurrency: z.number().int().min(1),
  /** The proxy's UNLINK_METHOD: how unlock removes the SCIM hold. */
  unlinkMethod: z.string(),
  baseline: z.strictObject({
    locked: count,
    accountsSeen: count,
    withoutEmail: count,
    searchPages: count,
    lookups: count,
    wallMs: ms,
    calls: CallTallySchema,
  }),
  proxy: z.strictObject({
    found: count,
    pages: count,
    byConfidence: z.strictObject({ high: count, medium: count, low: count }),
    wallMs: ms,
    calls: CallTallySchema,
  }),
  /** Size of the set both approaches found (the run stops when they differ). */
  lockedAgreed: count,
  /** The incremental scan (bench/incremental-scan.ts): first scan, rescan after churn, steady rescan. */
  incremental: z.strictObject({
    intervalHours: ms,
    windowHours: ms,
    churn: z.strictObject({ reactivated: count, newlyLocked: count }),
    first: IncrementalRunSchema,
    rescan: IncrementalRunSchema,
    steady: IncrementalRunSchema,
  }),
  unlocks: z.array(UnlockSampleSchema).min(1),
});
export type BenchResults = z.infer<typeof BenchResultsSchema>;

export function describeMachine(): Machine {
  return {
    nproc: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    os: `${platform()} ${release()}`,
  };
}

export class ResultsFileError extends Error {
  override readonly name = 'ResultsFileError';
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

export function serializeResults(results: BenchResults): string {
  return `${JSON.stringify(results, null, 2)}\n`;
}

export async function loadResults(path: string): Promise<BenchResults> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch {
    throw new ResultsFileError(path, 'cannot be read as JSON');
  }
  const parsed = BenchResultsSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ResultsFileError(path, `is not a bench results file (${issues.join('; ')})`);
  }
  return parsed.data;
}
