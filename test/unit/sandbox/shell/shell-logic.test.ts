/**
 * The shell's pure pieces, table-driven (no browser needed): ADF to text, escaping and the bridge
 * injection, the signed-in user and the return path after a switch, the manifest's hosted modules and
 * the bounded frame registry.
 */
import { adfToBlocks } from '../../../../src/sandbox/shell/adf-text';
import { buildFrameContext, FrameRegistry } from '../../../../src/sandbox/shell/frame-context';
import { escapeHtml, frameCsp, injectBridge, markup } from '../../../../src/sandbox/shell/html';
import { hostedModulesFrom } from '../../../../src/sandbox/shell/manifest-modules';
import { ShellError } from '../../../../src/sandbox/shell/errors';
import { currentUser, safeReturnPath, type ShellUser } from '../../../../src/sandbox/shell/users';

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

describe('html helpers', () => {
  it('escapes every interpolation but nested markup', () => {
    const inner = markup`<b>${'<i>'}</b>`;
    expect(markup`<p title="${'"x"'}">${inner}${['&', null, undefined]}</p>`.text).toBe(
      '<p title="&quot;x&quot;"><b>&lt;i&gt;</b>&amp;</p>',
    );
    expect(escapeHtml(`<a href='x'>`)).toBe('&lt;a href=&#39;x&#39;&gt;');
  });

  it.each([
    ['<html><head><title>x</title></head></html>', '<head>\n    <script src="/b.js"></script><title>'],
    [
      '<HTML><HEAD lang="en"><meta charset="utf-8"></HEAD>',
      '<HEAD lang="en">\n    <script src="/b.js"></script><meta',
    ],
  ])('puts the bridge first in <head>: %s', (input, expected) => {
    expect(injectBridge(input, '/b.js')).toContain(expected);
  });

  it('refuses a bundle without <head>', () => {
    expect(() => injectBridge('<body></body>', '/b.js')).toThrow(ShellError);
  });

  it.each([
    [false, "style-src 'self';"],
    [true, "style-src 'self' 'unsafe-inline';"],
  ])('frame CSP with inline styles %s', (inline, expected) => {
    expect(frameCsp(inline)).toContain(expected);
    expect(frameCsp(inline)).toContain("script-src 'self';");
  });
});

describe('signed-in user', () => {
  it.each([
    [undefined, 'a1'],
    ['m1', 'm1'],
    ['a1', 'a1'],
    ['forged', 'a1'],
  ])('cookie %s → %s', (cookie, expected) => {
    expect(currentUser(users, cookie).accountId).toBe(expected);
  });

  it.each([
    [undefined, '/'],
    ['/browse/ITSUP-1', '/browse/ITSUP-1'],
    ['/admin', '/admin'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['/_shell/frames/abc/', '/'],
    ['/a b', '/'],
  ])('return path %s → %s', (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected);
  });
});

describe('hosted modules from the manifest', () => {
  const manifest = `
modules:
  jira:adminPage:
    - { key: admin-key, resource: admin-res, title: Admin Title }
  jira:issueAction:
    - { key: action-key, resource: action-res, title: Action Title }
resources:
  - { key: admin-res, path: static/admin/build }
  - { key: action-res, path: static/issue-action/build }
`;

  it('reads keys, titles and resource directories', () => {
    const m = hostedModulesFrom(manifest, '/app');
    expect(m.adminPage).toEqual({
      kind: 'adminPage',
      key: 'admin-key',
      title: 'Admin Title',
      resourceDir: '/app/static/admin/build',
      inlineStyles: false,
    });
    expect(m.issueAction.resourceDir).toBe('/app/static/issue-action/build');
  });

  it('grants inline styles only when permissions.content.styles says so', () => {
    const m = hostedModulesFrom(`${manifest}permissions:\n  content:\n    styles: [unsafe-inline]\n`, '/app');
    expect(m.adminPage.inlineStyles).toBe(true);
  });

  it.each([
    ['no modules', 'resources: []'],
    ['a module naming an undeclared resource', manifest.replace('key: admin-res,', 'key: other,')],
  ])('refuses %s', (_name, text) => {
    expect(() => hostedModulesFrom(text, '/app')).toThrow(ShellError);
  });
});

describe('frame registry', () => {
  const module = hostedModulesFrom(
    `modules:\n  jira:adminPage: [{ key: a, resource: r, title: A }]\n  jira:issueAction: [{ key: b, resource: r, title: B }]\nresources: [{ key: r, path: p }]\n`,
    '/app',
  );
  const site = { cloudId: 'c', siteUrl: 'https://s.example' };

  it('builds the issue action context with the issue and project', () => {
    const frame = buildFrameContext(module.issueAction, 'm1', site, {
      id: '10001',
      key: 'ITSUP-1',
      type: 'Task',
      typeId: '10000',
      project: { id: '10000', key: 'ITSUP' },
    });
    expect(frame.view).toMatchObject({
      accountId: 'm1',
      moduleKey: 'b',
      extension: {
        type: 'jira:issueAction',
        issue: { key: 'ITSUP-1', id: '10001' },
        project: { key: 'ITSUP' },
      },
    });
    expect(() => buildFrameContext(module.issueAction, 'm1', site, null)).toThrow();
  });

  it('forgets the oldest frames beyond its capacity', () => {
    const registry = new FrameRegistry(2);
    const ids = ['f1', 'f2', 'f3'].map((id) => {
      registry.add(buildFrameContext(module.adminPage, 'a1', site, null, id));
      return id;
    });
    expect(ids.map((id) => registry.get(id)?.frameId ?? null)).toEqual([null, 'f2', 'f3']);
  });
});
