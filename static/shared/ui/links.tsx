import type { MouseEvent, ReactNode } from 'react';
import { loadBridge } from '../bridge';

/**
 * A link to a Jira issue. The href makes it a real, keyboard-usable link; the click goes through the
 * bridge router, because a Custom UI iframe cannot navigate the Jira window itself.
 */
export function IssueLink({ issueKey, children }: { issueKey: string; children?: ReactNode }) {
  const href = `/browse/${encodeURIComponent(issueKey)}`;
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    void loadBridge()
      .then((b) => b.router.open(href))
      .catch(() => window.open(href, '_blank', 'noopener'));
  };
  return (
    <a href={href} onClick={onClick} target="_blank" rel="noreferrer">
      {children ?? issueKey}
    </a>
  );
}
