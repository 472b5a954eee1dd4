/**
 * Command-line flags of `npm run bench`, validated once. `--quick` is a smoke run: a small org and a
 * short latency, and it leaves docs/benchmarks.md alone unless `--report` names a file explicitly.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';

export interface BenchOptions {
  accounts: number;
  inactiveFraction: number;
  /** Added by the simulator to every upstream request, every API family. */
  latencyMs: number;
  /** Parallel requests of the baseline script. */
  concurrency: number;
  /** Locked accounts unlocked through the proxy for the latency figures. */
  unlocks: number;
  quick: boolean;
  /** Markdown report destination; null prints only. */
  reportPath: string | null;
}

export const DEFAULT_REPORT_PATH = 'docs/benchmarks.md';

const FULL = { accounts: 100_000, inactiveFraction: 0.02, latencyMs: 50, concurrency: 8, unlocks: 20 };
const QUICK = { accounts: 2_000, inactiveFraction: 0.02, latencyMs: 5, concurrency: 8, unlocks: 5 };

const intFlag = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const FlagsSchema = z.strictObject({
  accounts: intFlag(10, 1_000_000).optional(),
  'inactive-fraction': z.coerce.number().gt(0).max(0.9).optional(),
  'latency-ms': intFlag(0, 10_000).optional(),
  concurrency: intFlag(1, 256).optional(),
  unlocks: intFlag(1, 1_000).optional(),
  quick: z.boolean().optional(),
  report: z.string().min(1).optional(),
  'no-report': z.boolean().optional(),
});

export class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError';
}

export const USAGE = `usage: npm run bench -- [--quick] [--accounts N] [--inactive-fraction F] [--latency-ms MS]
                        [--concurrency N] [--unlocks N] [--report PATH | --no-report]`;

export function parseBenchFlags(argv: readonly string[]): BenchOptions {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        accounts: { type: 'string' },
        'inactive-fraction': { type: 'string' },
        'latency-ms': { type: 'string' },
        concurrency: { type: 'string' },
        unlocks: { type: 'string' },
        quick: { type: 'boolean' },
        report: { type: 'string' },
        'no-report': { type: 'boolean' },
      },
    }).values;
  } catch (err) {
    throw new BenchUsageError(`${(err as Error).message}\n${USAGE}`);
  }
  const parsed = FlagsSchema.safeParse(values);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ');
    throw new BenchUsageError(`${issues}\n${USAGE}`);
  }
  const f = parsed.data;
  if (f.report !== undefined && f['no-report']) {
    throw new BenchUsageError(`--report and --no-report exclude each other\n${USAGE}`);
  }
  const quick = f.quick ?? false;
  const base = quick ? QUICK : FULL;
  const defaultReport = quick ? null : DEFAULT_REPORT_PATH;
  return {
    accounts: f.accounts ?? base.accounts,
    inactiveFraction: f['inactive-fraction'] ?? base.inactiveFraction,
    latencyMs: f['latency-ms'] ?? base.latencyMs,
    concurrency: f.concurrency ?? base.concurrency,
    unlocks: f.unlocks ?? base.unlocks,
    quick,
    reportPath: f['no-report'] ? null : (f.report ?? defaultReport),
  };
}
