/** ADF to text lines for the shell's issue view. Table-driven, no browser needed. */
import { adfToBlocks } from '../../../../src/sandbox/shell/adf-text';
import { type ShellUser } from '../../../../src/sandbox/shell/users';

const users: ShellUser[] = [
  { accountId: 'm1', displayName: 'Paul', email: 'p@x', admin: false, token: 't1' },
  { accountId: 'a1', displayName: 'Alice', email: 'a@x', admin: true, token: 't2' },
];

describe('adfToBlocks', () => {
  it.each([
    ['empty doc', { type: 'doc', version: 1, content: [] }, []],
    ['plain string', 'hello', [{ kind: 'paragraph', text: 'hello' }]],
    [
      'paragraph with marks and a known mention',
      {
        type: 'doc',
        content: [
          {
            type: 'paragraph',
            content: [
              { type: 'text', text: 'Unlocked ', marks: [{ type: 'strong' }] },
              { type: 'mention', attrs: { id: 'a1' } },
            ],
          },
        ],
      },
      [{ kind: 'paragraph', text: 'Unlocked @Alice' }],
    ],
    [
      'unknown mention falls back to its text',
      {
        type: 'doc',
        content: [{ type: 'paragraph', content: [{ type: 'mention', attrs: { id: 'zz', text: '@Zed' } }] }],
      },
      [{ kind: 'paragraph', text: '@Zed' }],
    ],
    [
      'heading and bullet list',
      {
        type: 'doc',
        content: [
          { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Links' }] },
          {
            type: 'bulletList',
            content: [
              {
                type: 'listItem',
                content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Okta' }] }],
              },
              {
                type: 'listItem',
                content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Entra' }] }],
              },
            ],
          },
        ],
      },
      [
        { kind: 'heading', text: 'Links' },
        { kind: 'list', items: ['Okta', 'Entra'] },
      ],
    ],
    [
      'unknown block keeps its text',
      { type: 'doc', content: [{ type: 'codeBlock', content: [{ type: 'text', text: 'x = 1' }] }] },
      [{ kind: 'paragraph', text: 'x = 1' }],
    ],
    ['not a document', 42, []],
  ])('%s', (_name, doc, expected) => {
    expect(adfToBlocks(doc, (id) => users.find((u) => u.accountId === id)?.displayName)).toEqual(expected);
  });
});
