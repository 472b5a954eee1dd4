/**
 * Small pieces shared by the typed clients: validating caller input against a zod schema before any
 * request is made, enums that tolerate values Atlassian adds later, and cursor paging with a loop guard.
 */
import { z } from 'zod';
import {
  AtlassianInvalidRequestError,
  AtlassianResponseShapeError,
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

/**
 * Walks cursor pages. A cursor seen twice would loop forever against a misbehaving server, so it is
 * reported as a shape error of the listing operation instead.
 */
export async function* walkPages<T>(
  operationId: OperationId,
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  startCursor?: string,
): AsyncGenerator<T, void, undefined> {
  const seen = new Set<string>();
  let cursor = startCursor;
  for (;;) {
    const page = await fetchPage(cursor);
    yield* page.data;
    if (page.nextCursor === undefined || page.nextCursor === '') return;
    if (seen.has(page.nextCursor)) {
      throw new AtlassianResponseShapeError(contextFor(operationId), 200, [
        'links.next: cursor repeated; paging stopped',
      ]);
    }
    seen.add(page.nextCursor);
    cursor = page.nextCursor;
  }
}
