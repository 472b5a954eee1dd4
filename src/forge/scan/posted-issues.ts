import type { AccountProperty } from '../platform/jira';
import { PostClaim, PostedIssue, type IssueRef } from '../../contract/app/records';
import { KEYS, repository } from '../platform/repository';

/**
 * Which account an issue speaks for, decided only by what the app itself stored when the scan posted the
 * issue. Anyone who can create or edit an issue can write its `scim-unlock-account` property, so the
 * property is never the answer: an issue is the app's only if the app's own record names its id.
 */

export const postedIssues = {
  /** Called by the scan once the issue exists (created or adopted), before the post counts as done. */
  async record(issue: IssueRef, accountId: string, episode: string, now = new Date()): Promise<void> {
    const value: PostedIssue = PostedIssue.parse({ issue, accountId, episode, postedAt: now.toISOString() });
    await repository.set(KEYS.postedIssue(issue.id), value);
  },

  /**
   * The app's record for this issue, or null when the app did not post it.
   *
   * Issues posted before `posted-issue:<id>` records existed have none. For those, the issue property
   * (untrusted: `hint`) is used only as the address of the scan's own posting claim
   * `post:<accountId>:<episode>`, and counts only when that claim says the app posted exactly this issue
   * id. A property copied onto another issue, or pointing at someone else's account, matches no claim.
   * Incident issues (incident-posts.ts) have no `posted-issue:` record and never match: their members'
   * claims carry the incident key.
   */
  async forIssue(issue: IssueRef, hint: AccountProperty | null): Promise<PostedIssue | null> {
    const own = await repository.get(KEYS.postedIssue(issue.id), PostedIssue);
    if (own !== undefined) return own.issue.id === issue.id ? own : null;
    if (hint === null) return null;
    const claim = await repository.get(KEYS.postClaim(hint.accountId, hint.episode), PostClaim);
    // An incident issue speaks for many accounts: a property naming one member must not single it out.
    if (claim?.state !== 'posted' || claim.issue?.id !== issue.id || claim.incidentKey !== undefined)
      return null;
    return { issue: claim.issue, accountId: hint.accountId, episode: hint.episode, postedAt: claim.at };
  },
};
