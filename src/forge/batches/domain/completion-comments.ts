/**
 * Which issue comments a finished batch owes: one per posted issue, naming the accounts of that issue the
 * batch unlocked (an incident issue speaks for many accounts; it gets one comment, not one per member).
 * Pure, so the grouping and the wording are table-tested.
 */

export interface ResolvedFlag {
  accountId: string;
  /** How the comment names the account: its name and email as the flag knows them. */
  label: string;
  issueKey: string | null;
}

export interface IssueComment {
  issueKey: string;
  accounts: Array<{ accountId: string; label: string }>;
}

/** A flag's words for an account: "Name <email>", whichever parts it has, else the account id. */
export function accountLabel(flag: { accountId: string; name: string | null; email: string | null }): string {
  if (flag.name !== null && flag.email !== null) return `${flag.name} <${flag.email}>`;
  return flag.name ?? flag.email ?? flag.accountId;
}

/** Flags without an issue are skipped; issues keep the order in which their first account came. */
export function groupByIssue(resolved: readonly ResolvedFlag[]): IssueComment[] {
  const byIssue = new Map<string, IssueComment>();
  for (const f of resolved) {
    if (f.issueKey === null) continue;
    const entry = byIssue.get(f.issueKey) ?? { issueKey: f.issueKey, accounts: [] };
    if (!entry.accounts.some((a) => a.accountId === f.accountId)) {
      entry.accounts.push({ accountId: f.accountId, label: f.label });
    }
    byIssue.set(f.issueKey, entry);
  }
  return [...byIssue.values()];
}

export interface CommentWords {
  message: string;
  details: string[];
}

/** What the comment says; the actor's mention comes before `message` (src/forge/content/adf.ts). */
export function completionComment(
  batch: { batchId: string; reason: string },
  comment: IssueComment,
): CommentWords {
  const n = comment.accounts.length;
  return {
    message:
      n === 1
        ? `unlocked this account from SCIM Unlock in batch ${batch.batchId}.`
        : `unlocked ${n} accounts of this issue from SCIM Unlock in batch ${batch.batchId}.`,
    details: [
      'Outcome: unlocked; the flag is resolved.',
      `Reason: ${batch.reason}`,
      ...(n === 1 ? [] : comment.accounts.map((a) => a.label)),
    ],
  };
}
