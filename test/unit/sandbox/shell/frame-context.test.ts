/** The frame context and the bounded frame registry. Table-driven, no browser needed. */
import { buildFrameContext, FrameRegistry } from '../../../../src/sandbox/shell/frame-context';
import { hostedModulesFrom } from '../../../../src/sandbox/shell/manifest-modules';

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
