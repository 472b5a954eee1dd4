import { commentDoc, flagDescription, flagSummary, text } from '../../../../src/forge/content/adf';
import { scanItem } from '../fixtures';

function texts(node: unknown): string[] {
  if (node === null || typeof node !== 'object') return [];
  const n = node as { text?: string; content?: unknown[] };
  return [...(n.text === undefined ? [] : [n.text]), ...(n.content ?? []).flatMap(texts)];
}

function allNodes(node: unknown): Array<{ type: string; text?: string }> {
  if (node === null || typeof node !== 'object') return [];
  const n = node as { type: string; text?: string; content?: unknown[] };
  return [n, ...(n.content ?? []).flatMap(allNodes)];
}

describe('ADF builders', () => {
  it.each([
    [{ name: 'Bob Mover', email: 'b@x.example' }, 'Account locked by SCIM: Bob Mover'],
    [{ name: null, email: 'b@x.example' }, 'Account locked by SCIM: b@x.example'],
    [{ name: null, email: null }, 'Account locked by SCIM: acc-1'],
  ])('summary names the account %#', (account, expected) => {
    expect(flagSummary(scanItem(account))).toBe(expected);
  });

  it('caps the summary at Jira’s 255 characters', () => {
    expect(flagSummary(scanItem({ name: 'x'.repeat(400) }))).toHaveLength(255);
  });

  it('describes the diagnosis, the links and what to do', () => {
    const d = flagDescription(scanItem());
    expect(d).toMatchObject({ type: 'doc', version: 1 });
    const words = texts(d).join(' ');
    expect(words).toContain('acc-1');
    expect(words).toContain('removed from synced group');
    expect(words).toContain('Confidence: high');
    expect(words).toContain('Okta Workforce');
    expect(words).toContain('inactive in the identity provider');
    expect(words).toContain('What to do');
  });

  it('never emits an empty text node (Jira rejects them)', () => {
    const docs = [
      flagDescription(scanItem({ name: null, email: null })),
      commentDoc(null, 'x', ['']),
      commentDoc('acc-9', 'approved'),
    ];
    for (const d of docs) {
      for (const n of allNodes(d)) if (n.type === 'text') expect(n.text).not.toBe('');
    }
    expect(text('')).toEqual([]);
  });

  it.each([
    [[], []],
    [['acc-1'], ['acc-1']],
    [
      ['acc-1', 'acc-2', 'acc-3'],
      ['acc-1', 'acc-2', 'acc-3'],
    ],
  ])('a comment mentions the requesters it answers: %j', (notify, mentioned) => {
    const c = commentDoc(null, 'The account was unlocked.', [], notify);
    const ids = allNodes(c)
      .filter((n) => n.type === 'mention')
      .map((n) => (n as unknown as { attrs: { id: string } }).attrs.id);
    expect(ids).toEqual(mentioned);
    const words = texts(c).join('');
    expect(words.includes('Requested by')).toBe(notify.length > 0);
  });

  it('a comment mentions its actor and lists details', () => {
    const c = commentDoc('acc-9', 'denied the unlock request.', ['Reason: not needed']);
    expect(allNodes(c).find((n) => n.type === 'mention')).toEqual({
      type: 'mention',
      attrs: { id: 'acc-9' },
    });
    expect(texts(c)).toEqual([' denied the unlock request.', 'Reason: not needed']);
  });
});
