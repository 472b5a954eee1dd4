/**
 * Atlassian Document Format to plain blocks for the shell's issue view. Only what the app and the demo
 * seed write is rendered as structure (paragraphs, headings, bullet lists, text, mentions); any other
 * node contributes its text, so nothing the app posts is silently hidden.
 */
export type TextBlock =
  { kind: 'paragraph'; text: string } | { kind: 'heading'; text: string } | { kind: 'list'; items: string[] };

type Node = { type?: unknown; text?: unknown; attrs?: unknown; content?: unknown };

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const childrenOf = (n: Node): unknown[] => (Array.isArray(n.content) ? n.content : []);

function inlineText(n: unknown, nameOf: (accountId: string) => string | undefined): string {
  if (!isNode(n)) return '';
  if (n.type === 'text' && typeof n.text === 'string') return n.text;
  if (n.type === 'hardBreak') return '\n';
  if (n.type === 'mention' && isNode(n.attrs)) {
    const { id, text } = n.attrs as { id?: unknown; text?: unknown };
    const name = typeof id === 'string' ? nameOf(id) : undefined;
    if (name !== undefined) return `@${name}`;
    return typeof text === 'string' && text !== '' ? (text.startsWith('@') ? text : `@${text}`) : '@someone';
  }
  return childrenOf(n)
    .map((c) => inlineText(c, nameOf))
    .join('');
}

function blocksOf(n: unknown, nameOf: (accountId: string) => string | undefined): TextBlock[] {
  if (!isNode(n)) return [];
  switch (n.type) {
    case 'doc':
    case 'blockquote':
    case 'panel':
      return childrenOf(n).flatMap((c) => blocksOf(c, nameOf));
    case 'heading':
      return [{ kind: 'heading', text: inlineText(n, nameOf) }];
    case 'bulletList':
    case 'orderedList':
      return [
        {
          kind: 'list',
          items: childrenOf(n).map((item) =>
            isNode(item)
              ? blocksOf({ type: 'doc', content: childrenOf(item) }, nameOf)
                  .map((b) => (b.kind === 'list' ? b.items.join('; ') : b.text))
                  .join(' ')
              : '',
          ),
        },
      ];
    default: {
      const text = inlineText(n, nameOf);
      return text === '' ? [] : [{ kind: 'paragraph', text }];
    }
  }
}

export function adfToBlocks(
  doc: unknown,
  nameOf: (accountId: string) => string | undefined = () => undefined,
): TextBlock[] {
  if (typeof doc === 'string') return doc === '' ? [] : [{ kind: 'paragraph', text: doc }];
  return blocksOf(doc, nameOf);
}
