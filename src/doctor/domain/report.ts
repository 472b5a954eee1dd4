/**
 * The doctor's report: the shape `scim-unlock doctor --json` prints. Scripts and CI depend on it, so it
 * is versioned; fields are only ever added within a version.
 */
import { z } from 'zod';

export const REPORT_VERSION = 1;

export const CHECK_STATUSES = ['pass', 'warn', 'fail', 'skip'] as const;
export const CheckStatus = z.enum(CHECK_STATUSES);
export type CheckStatus = z.infer<typeof CheckStatus>;

export const DoctorCheck = z
  .object({
    /** Stable identifier, e.g. `org-key`, `scim-key:<directory id>`, `config:<VARIABLE>`. */
    id: z.string().min(1),
    title: z.string().min(1),
    status: CheckStatus,
    /** Whether the exit code depends on it (pass or warn needed). */
    required: z.boolean(),
    /** What was found, in words; never a secret. */
    detail: z.string(),
    /** What to do, naming the variable to change; null when there is nothing to do. */
    fix: z.string().nullable(),
    /** The environment variables this check concerns. */
    variables: z.array(z.string()),
  })
  .strict();
export type DoctorCheck = z.infer<typeof DoctorCheck>;

export const FACT_ANSWERS = ['yes', 'no', 'unknown'] as const;
export const FactAnswer = z.enum(FACT_ANSWERS);
export type FactAnswer = z.infer<typeof FactAnswer>;

/** A point Atlassian's documentation leaves open, as this org's answers showed it. */
export const LearnedFact = z
  .object({
    id: z.string().min(1),
    question: z.string().min(1),
    answer: FactAnswer,
    /** The observation the answer rests on (status codes, header names), never a value that is secret. */
    evidence: z.string(),
  })
  .strict();
export type LearnedFact = z.infer<typeof LearnedFact>;

export const DoctorReport = z
  .object({
    version: z.literal(REPORT_VERSION),
    /** True when every required check passed (exit code 0). */
    ok: z.boolean(),
    exitCode: z.union([z.literal(0), z.literal(1)]),
    summary: z
      .object({
        pass: z.number().int().min(0),
        warn: z.number().int().min(0),
        fail: z.number().int().min(0),
        skip: z.number().int().min(0),
      })
      .strict(),
    checks: z.array(DoctorCheck),
    facts: z.array(LearnedFact),
  })
  .strict();
export type DoctorReport = z.infer<typeof DoctorReport>;

/** A required check counts as passed when it passed or passed with a warning; skipped is not passed. */
export function requiredCheckPassed(check: Pick<DoctorCheck, 'status'>): boolean {
  return check.status === 'pass' || check.status === 'warn';
}

/** 0 when every required check passed, 1 otherwise. */
export function exitCodeOf(checks: readonly Pick<DoctorCheck, 'status' | 'required'>[]): 0 | 1 {
  return checks.every((c) => !c.required || requiredCheckPassed(c)) ? 0 : 1;
}

export function buildReport(checks: readonly DoctorCheck[], facts: readonly LearnedFact[]): DoctorReport {
  const summary = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const c of checks) summary[c.status] += 1;
  const exitCode = exitCodeOf(checks);
  return {
    version: REPORT_VERSION,
    ok: exitCode === 0,
    exitCode,
    summary,
    checks: [...checks],
    facts: [...facts],
  };
}
