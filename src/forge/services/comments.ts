import { commentDoc } from '../adf';
import { jira } from '../jira';

/**
 * Comments are the issue's running record of what happened; a comment that cannot be written must not
 * undo or hide the action it describes, so failures are logged (without content) and reported as false.
 */
export async function commentQuietly(
  issueKey: string,
  actorAccountId: string | null,
  message: string,
  details: string[] = [],
): Promise<boolean> {
  try {
    await jira.addComment(issueKey, commentDoc(actorAccountId, message, details));
    return true;
  } catch (err) {
    console.warn('comment failed', { issueKey, error: (err as Error).name });
    return false;
  }
}
