/** The manifest's hosted modules. Table-driven, no browser needed. */
import { hostedModulesFrom } from '../../../../src/sandbox/shell/manifest-modules';
import { ShellError } from '../../../../src/sandbox/shell/errors';

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
