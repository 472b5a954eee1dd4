import type Resolver from '@forge/resolver';
import { z } from 'zod';
import { AccountId } from '../../contract/proxy';
import {
  ADMIN_RESOLVERS,
  ISSUE_ACTION_RESOLVERS,
  type AdminFunction,
  type AdminParsedPayload,
  type AdminResult,
  type IssueActionFunction,
  type IssueActionParsedPayload,
  type IssueActionResult,
  type ResolverResult,
} from '../../contract/app/resolvers';
import { ForbiddenError, InvalidInputError, toErrorBody } from '../platform/errors';
import { jira } from '../platform/jira';
import { IssueKey, IssueId, type IssueRef } from '../../contract/app/records';

/**
 * The shape every resolver shares: authorise on the server-side principal, validate the payload, call a
 * service, and answer `{ data }` or `{ error }`. Authorisation comes first, so a non-admin learns nothing
 * about which payloads would have been valid, and nothing runs before both checks pass.
 */

export interface Caller {
  accountId: string;
}

/** What @forge/resolver passes as `context` (only the fields the app reads, all checked). */
const ResolverContext = z
  .object({
    accountId: z.string().optional(),
    extension: z
      .object({
        issue: z.object({ key: z.unknown(), id: z.unknown() }).loose().optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

export function callerOf(context: unknown): Caller {
  const parsed = ResolverContext.safeParse(context);
  const accountId = parsed.success ? parsed.data.accountId : undefined;
  if (accountId === undefined || !AccountId.safeParse(accountId).success) {
    throw new ForbiddenError('Sign in to Jira to use this.');
  }
  return { accountId };
}

/** The issue the issue action was opened on, from the platform's extension context. */
export function issueOf(context: unknown): IssueRef {
  const parsed = ResolverContext.safeParse(context);
  const issue = parsed.success ? parsed.data.extension?.issue : undefined;
  const key = IssueKey.safeParse(issue?.key);
  const id = IssueId.safeParse(typeof issue?.id === 'number' ? String(issue.id) : issue?.id);
  if (!key.success || !id.success) throw new InvalidInputError('This action must be opened from an issue.');
  return { key: key.data, id: id.data };
}

export async function requireAdmin(): Promise<void> {
  if (!(await jira.callerIsAdmin())) throw new ForbiddenError();
}

export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  const parsed = schema.safeParse(payload ?? {});
  if (!parsed.success) throw InvalidInputError.fromZod(parsed.error);
  return parsed.data;
}

export async function answer<T>(work: () => Promise<T>): Promise<ResolverResult<T>> {
  try {
    return { data: await work() };
  } catch (err) {
    if (err instanceof z.ZodError) return { error: InvalidInputError.fromZod(err).toBody() };
    if (!(err instanceof Error) || !('code' in err)) {
      console.error('resolver failed', { error: err instanceof Error ? err.name : typeof err });
    }
    return { error: toErrorBody(err) };
  }
}

type Request = { payload: unknown; context: unknown };

/** An admin-page resolver: Jira ADMINISTER is checked server-side on every call. */
export function defineAdmin<K extends AdminFunction>(
  resolver: Resolver,
  key: K,
  handle: (payload: AdminParsedPayload<K>, caller: Caller) => Promise<AdminResult<K>>,
): void {
  const schema: z.ZodType = ADMIN_RESOLVERS[key].payload;
  resolver.define(key, ({ payload, context }: Request) =>
    answer(async () => {
      const caller = callerOf(context);
      await requireAdmin();
      // The schema is the table's entry for K, so its output is AdminParsedPayload<K>; TypeScript cannot
      // follow zod's types through a generic index, hence the one cast.
      return handle(parsePayload(schema, payload) as AdminParsedPayload<K>, caller);
    }),
  );
}

/**
 * An issue-action resolver. The handler decides when the payload is parsed (`payload()`), because each
 * one checks first that the caller may see the issue, and a non-admin must learn nothing before that.
 */
export function defineIssueAction<K extends IssueActionFunction>(
  resolver: Resolver,
  key: K,
  handle: (context: unknown, payload: () => IssueActionParsedPayload<K>) => Promise<IssueActionResult<K>>,
): void {
  const schema: z.ZodType = ISSUE_ACTION_RESOLVERS[key].payload;
  resolver.define(key, ({ payload, context }: Request) =>
    // As in defineAdmin: the schema is the table's entry for K.
    answer(() => handle(context, () => parsePayload(schema, payload) as IssueActionParsedPayload<K>)),
  );
}
