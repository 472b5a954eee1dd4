/**
 * Small pieces shared by the typed clients: validating caller input against a zod schema before any
 * request is made, enums that tolerate values Atlassian adds later, and bounded cursor paging.
 */
import { z } from 'zod';
import { WalkBudget, type WalkBounds, type WalkStop } from '../../lib/walk-budget';
import {
  AtlassianInvalidRequestError,
  AtlassianListingStoppedError,
  type AtlassianErrorContext,
} from '../errors';
import { describeIssues } from '../http/response';
import { OPERATIONS, type OperationId } from '../operations';

function contextFor(operationId: OperationId): AtlassianErrorContext {
  const op = OPERATIONS[operationId];
  return { operationId, api: op.api, method: op.method, url: op.path };
}

/** Parses caller input; a violation is refused before anything is sent. */
export function validateInput<S extends z.ZodType>(
  operationId: OperationId,
  schema: S,
  input: unknown,
): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error.issues);
    throw new AtlassianInvalidRequestError(
      `${operationId}: invalid request: ${issues.join('; ')}`,
      contextFor(operationId),
      issues,
    );
  }
  return parsed.data;
}

/** A string enum that keeps autocomplete for known values but accepts new ones instead of failing. */
export function openEnum<const T extends readonly string[]>(
  _values: T,
): z.ZodType<T[number] | (string & {})> {
  return z.string() as z.ZodType<T[number] | (string & {})>;
}

export interface Page<T> {
  data: T[];
  /** Cursor for the next page; undefined on the last page. */
  nextCursor?: string;
}

export interface WalkOptions {
  bounds: WalkBounds;
  now?: () => number;
  /** The caller's deadline: the walk stops before the next page once it fires. */
  signal?: AbortSignal;
  startCursor?: string;
}

/**
 * Walks cursor pages. Org v2 reports no total, so the walk is bounded by the configured page ceiling
 * and time (src/lib/walk-budget.ts); a cursor seen twice would loop for ever and stops it at once.
 * Either way the walk ends with AtlassianListingStoppedError naming the operation and the pages read.
 */
export async function* walkPages<T>(
  operationId: OperationId,
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  opts: WalkOptions,
): AsyncGenerator<T, void, undefined> {
  const budget = new WalkBudget({
    operation: operationId,
    bounds: opts.bounds,
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const stopped = (stop: WalkStop) => new AtlassianListingStoppedError(contextFor(operationId), stop);
  const seen = new Set<string>();
  let cursor = opts.startCursor;
  for (;;) {
    const stop = budget.nextPage();
    if (stop) throw stopped(stop);
    const page = await fetchPage(cursor);
    yield* page.data;
    if (page.nextCursor === undefined || page.nextCursor === '') return;
    if (seen.has(page.nextCursor)) throw stopped(budget.cursorRepeated());
    seen.add(page.nextCursor);
    cursor = page.nextCursor;
  }
}
