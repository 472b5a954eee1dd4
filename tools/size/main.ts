/**
 * `npm run size`: builds each page in memory, prints its initial and total JavaScript (raw and gzipped)
 * and what each lazily loaded part adds, and exits 1 when a page is over tools/size/budget.json.
 *
 * Usage: tsx tools/size/main.ts [--packages] [--json]
 *   --packages  also list the largest npm packages / folders in each page's initial JavaScript
 *   --json      print the measurements as JSON instead of the report (the budget still applies)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { buildPage, PAGES, REPO_ROOT } from './build-page';
import { formatReport, measurePage, overBudget, PageWeightError, type PageWeight } from './page-weight';

const BUDGET_FILE = path.join('tools', 'size', 'budget.json');

const Budget = z.strictObject({
  $comment: z.string(),
  pages: z.record(
    z.string(),
    z.strictObject({
      initialJsGzipKB: z.number().positive(),
      firstViewJsGzipKB: z.number().positive(),
      totalJsGzipKB: z.number().positive(),
      startup: z.array(z.string().min(1)),
    }),
  ),
});

function readBudget(): z.infer<typeof Budget> {
  const parsed = Budget.safeParse(JSON.parse(readFileSync(path.join(REPO_ROOT, BUDGET_FILE), 'utf8')));
  if (!parsed.success)
    throw new PageWeightError(`${BUDGET_FILE} is malformed: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const budget = readBudget();
  const weights: PageWeight[] = [];
  const packageLines: string[] = [];
  for (const page of PAGES) {
    const built = await buildPage(page);
    const weight = measurePage(page, built.html, built.files, budget.pages[page]?.startup ?? []);
    weights.push(weight);
    if (args.has('--packages')) {
      const initial = new Set(weight.initialFiles);
      const byOwner = new Map<string, number>();
      for (const p of built.parts) {
        if (initial.has(p.fileName)) byOwner.set(p.owner, (byOwner.get(p.owner) ?? 0) + p.bytes);
      }
      packageLines.push('', `${page}: largest parts of the initial JS (minified bytes, before gzip)`);
      for (const [owner, bytes] of [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
        packageLines.push(`  ${(bytes / 1000).toFixed(1).padStart(7)} kB  ${owner}`);
      }
    }
  }
  if (args.has('--json')) console.log(JSON.stringify(weights, null, 2));
  else console.log(formatReport(weights, budget.pages) + packageLines.join('\n'));

  const breaches = overBudget(weights, budget.pages);
  if (breaches.length > 0) {
    for (const b of breaches) {
      console.error(
        `${b.page}: ${b.what} is ${b.gzipKB.toFixed(1)} kB gzipped, over its budget of ${b.budgetKB} kB in ${BUDGET_FILE}. ` +
          `Load the new code lazily (see static/admin/src/App.tsx) or, if the growth is worth it, raise the budget in the same commit.`,
      );
    }
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
