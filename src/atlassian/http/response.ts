/**
 * What a successful `call` returns, and the one way clients read a body out of it: through a zod
 * schema, so a 2xx answer missing what the code needs becomes an AtlassianResponseShapeError rather
 * than an `undefined` deep inside business logic.
 */
import type { z } from 'zod';
import { AtlassianResponseShapeError, type AtlassianErrorContext } from '../errors';
import type { OperationId } from '../operations';

export interface AtlassianResponse {
  operationId: OperationId;
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty body. */
  body: unknown;
  /** True when a non-empty body was not JSON (body is then undefined). */
  nonJsonBody: boolean;
  /** Context for errors raised while interpreting this response. */
  context: AtlassianErrorContext;
}

/** Formats zod issues as `path: message` without echoing the offending values. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)';
    return `${path}: ${issue.message}`;
  });
}

export function readBody<S extends z.ZodType>(response: AtlassianResponse, schema: S): z.output<S> {
  if (response.nonJsonBody) {
    throw new AtlassianResponseShapeError(response.context, response.status, ['(body): expected JSON']);
  }
  const parsed = schema.safeParse(response.body);
  if (!parsed.success) {
    throw new AtlassianResponseShapeError(
      response.context,
      response.status,
      describeIssues(parsed.error.issues),
    );
  }
  return parsed.data;
}
