import type { ScanItem } from '../../contract/proxy';
import { clip } from '../../lib/clip';

/**
 * Atlassian Document Format builders for the issues and comments the app writes. Only the node types
 * Jira's editor renders in every product are used (doc, heading, paragraph, text, bulletList, mention).
 */

export type AdfMark = { type: 'strong' } | { type: 'code' };
export type AdfInline =
  { type: 'text'; text: string; marks?: AdfMark[] } | { type: 'mention'; attrs: { id: string } };
export type AdfBlock =
  | { type: 'paragraph'; content: AdfInline[] }
  | { type: 'heading'; attrs: { level: 1 | 2 | 3 }; content: AdfInline[] }
  | { type: 'bulletList'; content: Array<{ type: 'listItem'; content: AdfBlock[] }> };
export interface AdfDoc {
  type: 'doc';
  version: 1;
  content: AdfBlock[];
}

/** Jira rejects empty text nodes, so an empty string is dropped rather than sent. */
export function text(value: string, ...marks: AdfMark['type'][]): AdfInline[] {
  if (value === '') return [];
  return marks.length === 0
    ? [{ type: 'text', text: value }]
    : [{ type: 'text', text: value, marks: marks.map((type) => ({ type })) }];
}

export const mention = (accountId: string): AdfInline => ({ type: 'mention', attrs: { id: accountId } });

export function paragraph(...parts: AdfInline[][]): AdfBlock {
  return { type: 'paragraph', content: parts.flat() };
}

export function heading(level: 1 | 2 | 3, value: string): AdfBlock {
  return { type: 'heading', attrs: { level }, content: text(value) };
}

export function bulletList(items: AdfInline[][][]): AdfBlock {
  return {
    type: 'bulletList',
    content: items.map((parts) => ({ type: 'listItem', content: [paragraph(...parts)] })),
  };
}

export function doc(...content: AdfBlock[]): AdfDoc {
  return { type: 'doc', version: 1, content };
}

export function accountLabel(item: { name: string | null; email: string | null; accountId: string }): string {
  return item.name ?? item.email ?? item.accountId;
}

/** Jira caps an issue's summary line at 255 characters. */
export const JIRA_SUMMARY_MAX = 255;

/** The parts of a scan sighting an issue shows; the full scan's ScanItem is one. */
export interface FlagContent {
  account: Pick<ScanItem['account'], 'accountId' | 'email' | 'name' | 'accountStatus'>;
  scimLinks: ReadonlyArray<
    Pick<ScanItem['scimLinks'][number], 'directoryId' | 'directoryName' | 'scimUserId' | 'active'> & {
      record: ScanItem['scimLinks'][number]['record'] | null;
    }
  >;
  reason: string;
  confidence: ScanItem['confidence'];
}

export function flagSummary(item: FlagContent): string {
  const who = accountLabel(item.account);
  const summary = `Account locked by SCIM: ${who}`;
  return clip(summary, JIRA_SUMMARY_MAX);
}

export function flagDescription(item: FlagContent): AdfDoc {
  const { account } = item;
  const links = item.scimLinks.map((l) => [
    text(l.directoryName ?? l.directoryId, 'strong'),
    text(
      ` — SCIM user ${l.scimUserId}` +
        (l.record === 'known'
          ? `, ${l.active === true ? 'active' : 'inactive'} in the identity provider`
          : '') +
        (l.record === 'no-key' ? ', record not readable (no SCIM key configured)' : '') +
        (l.record === 'missing' ? ', record no longer exists' : ''),
    ),
  ]);
  return doc(
    paragraph(
      text('The scheduled scan found an account that the identity provider deactivated through SCIM: '),
      text(accountLabel(account), 'strong'),
      text(account.email !== null && account.name !== null ? ` (${account.email})` : ''),
      text('.'),
    ),
    heading(3, 'Diagnosis'),
    bulletList([
      [text('Account id: '), text(account.accountId, 'code')],
      [text(`Account status: ${account.accountStatus}`)],
      [text(`Why it was flagged: ${item.reason}`)],
      [text(`Confidence: ${item.confidence}`)],
    ]),
    ...(links.length > 0 ? [heading(3, 'SCIM links'), bulletList(links)] : []),
    heading(3, 'What to do'),
    paragraph(
      text(
        'If the person should keep access, use "Request account unlock" on this issue, or unlock the account ' +
          "from the SCIM Unlock admin page. If the deactivation was intended, fix the person's group " +
          'membership in the identity provider instead, or dismiss the flag on the admin page.',
      ),
    ),
  );
}

/**
 * A comment: the acting person (mentioned) and what they did, details as a list, and the people it
 * answers (mentioned, so Jira notifies them) on a last line.
 */
export function commentDoc(
  actorAccountId: string | null,
  message: string,
  details: string[] = [],
  notify: string[] = [],
): AdfDoc {
  const lead = actorAccountId === null ? [text(message)] : [[mention(actorAccountId)], text(` ${message}`)];
  const blocks: AdfBlock[] = [paragraph(...lead)];
  if (details.length > 0) blocks.push(bulletList(details.map((d) => [text(d)])));
  if (notify.length > 0) {
    const people = notify.flatMap((id, i) => [...(i === 0 ? [] : text(', ')), mention(id)]);
    blocks.push(paragraph(text('Requested by '), people, text('.')));
  }
  return doc(...blocks);
}
