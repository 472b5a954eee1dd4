/**
 * Command-line flags of `npm run bench`, validated once. `--quick` is a smoke run: a small org and a
 * short latency, and it leaves docs/benchmarks.md alone unless `--report` names a file explicitly.
 * `--render-only` re-renders the report from a saved results file without measuring anything.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';

export interface MeasureOptions {
  accounts: number;
  inactiveFraction: number;
  /** Added by the simulator to every upstream request, every API family. */
  latencyMs: number;
  /** Parallel requests of the baseline script. */
  concurrency: number;
  /** Locked accounts unlocked through the proxy for the latency figures. */
  unlocks: number;
  quick: boolean;
}

export type BenchCommand =
  | {
      kind: 'measure';
      options: MeasureOptions;
      /** Markdown report destination; null prints only. */
      reportPath: string | null;
      /** Where the run's figures are saved for `--render-only`; null keeps none. */
      resultsPath: string | null;
    }
  | { kind: 'render'; resultsPath: string; reportPath: string };

export const DEFAULT_REPORT_PATH = 'docs/benchmarks.md';
export const DEFAULT_RESULTS_PATH = 'bench/last-run.json';

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
  results: z.string().min(1).optional(),
  'render-only': z.string().min(1).optional(),
});

const MEASURE_FLAGS = [
  'accounts',
  'inactive-fraction',
  'latency-ms',
  'concurrency',
  'unlocks',
  'quick',
] as const;

export class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError';
}

export const USAGE = `usage: npm run bench -- [--quick] [--accounts N] [--inactive-fraction F] [--latency-ms MS]
                        [--concurrency N] [--unlocks N] [--report PATH | --no-report] [--results PATH]
       npm run bench -- --render-only RESULTS.json [--report PATH]`;

const usage = (problem: string) => new BenchUsageError(`${problem}\n${USAGE}`);

export function parseBenchFlags(argv: readonly string[]): BenchCommand {
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
        results: { type: 'string' },
        'render-only': { type: 'string' },
      },
    }).values;
  } catch (err) {
    throw usage((err as Error).message);
  }
  const parsed = FlagsSchema.safeParse(values);
  if (!parsed.success) {
    throw usage(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
  }
  const f = parsed.data;
  if (f.report !== undefined && f['no-report']) throw usage('--report and --no-report exclude each other');

  const renderFrom = f['render-only'];
  if (renderFrom !== undefined) {
    const extra = [...MEASURE_FLAGS, 'no-report', 'results'].filter(
      (k) => f[k as keyof typeof f] !== undefined,
    );
    if (extra.length > 0)
      throw usage(`--render-only measures nothing; drop ${extra.map((k) => `--${k}`).join(', ')}`);
    return { kind: 'render', resultsPath: renderFrom, reportPath: f.report ?? DEFAULT_REPORT_PATH };
  }

  const quick = f.quick ?? false;
  const base = quick ? QUICK : FULL;
  const reportPath = f['no-report'] ? null : (f.report ?? (quick ? null : DEFAULT_REPORT_PATH));
  return {
    kind: 'measure',
    options: {
      accounts: f.accounts ?? base.accounts,
      inactiveFraction: f['inactive-fraction'] ?? base.inactiveFraction,
      latencyMs: f['latency-ms'] ?? base.latencyMs,
      concurrency: f.concurrency ?? base.concurrency,
      unlocks: f.unlocks ?? base.unlocks,
      quick,
    },
    reportPath,
    // The figures behind a written report are kept with it, so the page can be re-rendered later.
    resultsPath: f.results ?? (reportPath === null ? null : DEFAULT_RESULTS_PATH),
  };
}
