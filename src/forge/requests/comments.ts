import { commentDoc } from '../content/adf';
import { jira } from '../platform/jira';

/**
 * Comments are the issue's running record of what happened; a comment that cannot be written must not
 * undo or hide the action it describes, so failures are logged (without content) and reported as false.
 *
 * Two authors, on purpose:
 * - `commentQuietly` posts as the app, only from the admin-side flow (an administrator's decision, the
 *   outcome of an unlock, a scan finding): text the app vouches for, with the acting person mentioned.
 * - `commentAsCallerQuietly` posts as the signed-in user, for the note a requester leaves when they ask.
 *   Jira then applies that user's "Add comments" permission; the app never lends its own permission to
 *   someone who may not comment on the issue.
 */
export async function commentQuietly(
  issueKey: string,
  actorAccountId: string | null,
  message: string,
  details: string[] = [],
  notify: string[] = [],
): Promise<boolean> {
  try {
    await jira.addComment(issueKey, commentDoc(actorAccountId, message, details, notify), 'app');
    return true;
  } catch (err) {
    console.warn('comment failed', { issueKey, error: (err as Error).name });
    return false;
  }
}

export async function commentAsCallerQuietly(
  issueKey: string,
  message: string,
  details: string[] = [],
): Promise<boolean> {
  try {
    await jira.addComment(issueKey, commentDoc(null, message, details), 'caller');
    return true;
  } catch (err) {
    console.warn('comment as the caller failed', { issueKey, error: (err as Error).name });
    return false;
  }
}
