/**
 * The two Custom UI modules the shell hosts, read from manifest.yml so the shell serves exactly the
 * resources that ship to Forge (module keys, titles and resource paths are not repeated here).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { ShellError } from './errors';

export type ModuleKind = 'adminPage' | 'issueAction';

export interface HostedModule {
  kind: ModuleKind;
  /** The manifest module key (context.moduleKey). */
  key: string;
  title: string;
  /** Absolute path of the built resource directory (holds index.html). */
  resourceDir: string;
  /** `permissions.content.styles` includes unsafe-inline: Forge then allows inline styles in the frame. */
  inlineStyles: boolean;
}

const ModuleEntry = z.object({ key: z.string().min(1), resource: z.string().min(1), title: z.string() });
const Manifest = z.object({
  modules: z.object({
    'jira:adminPage': z.array(ModuleEntry).min(1),
    'jira:issueAction': z.array(ModuleEntry).min(1),
  }),
  resources: z.array(z.object({ key: z.string().min(1), path: z.string().min(1) })),
  permissions: z
    .object({ content: z.object({ styles: z.array(z.string()).optional() }).optional() })
    .optional(),
});

export function hostedModulesFrom(manifestText: string, appRoot: string): Record<ModuleKind, HostedModule> {
  const parsed = Manifest.safeParse(parse(manifestText) as unknown);
  if (!parsed.success) {
    throw new ShellError(
      'bad-manifest',
      'manifest.yml lacks a jira:adminPage, a jira:issueAction or resources',
    );
  }
  const m = parsed.data;
  const inlineStyles = m.permissions?.content?.styles?.includes('unsafe-inline') ?? false;
  const hosted = (kind: ModuleKind, entry: z.infer<typeof ModuleEntry>): HostedModule => {
    const resource = m.resources.find((r) => r.key === entry.resource);
    if (!resource) {
      throw new ShellError('bad-manifest', 'a module names a resource the manifest does not declare', {
        module: entry.key,
        resource: entry.resource,
      });
    }
    return {
      kind,
      key: entry.key,
      title: entry.title,
      resourceDir: path.resolve(appRoot, resource.path),
      inlineStyles,
    };
  };
  const [admin] = m.modules['jira:adminPage'];
  const [action] = m.modules['jira:issueAction'];
  if (!admin || !action) throw new ShellError('bad-manifest', 'manifest.yml has no hosted modules');
  return { adminPage: hosted('adminPage', admin), issueAction: hosted('issueAction', action) };
}

export function loadHostedModules(appRoot: string): Record<ModuleKind, HostedModule> {
  return hostedModulesFrom(readFileSync(path.join(appRoot, 'manifest.yml'), 'utf8'), appRoot);
}
