/**
 * What `view.getContext()` answers inside a hosted frame, and what the gateway is told about the
 * invocation. In Forge the platform, not the page, owns this context: the shell builds it on the server
 * when it renders a frame and keeps it under a random frame id, so a page cannot pick its own identity.
 */
import { randomUUID } from 'node:crypto';
import type { HostedModule } from './manifest-modules';
import { themeState, type ColorMode } from './theme';

export interface SiteInfo {
  cloudId: string;
  siteUrl: string;
}

export interface IssueScope {
  id: string;
  key: string;
  type: string;
  typeId: string;
  project: { id: string; key: string };
}

export type FrameExtension =
  | { type: 'jira:adminPage' }
  | {
      type: 'jira:issueAction';
      issue: { id: string; key: string; type: string; typeId: string };
      project: { id: string; key: string; type: 'software' };
    };

export interface FrameContext {
  frameId: string;
  module: HostedModule;
  accountId: string;
  extension: FrameExtension;
  /** The shell's theme when the frame opened (see theme.ts). */
  colorMode: ColorMode;
  /** The FullContext shape of @forge/bridge's view.getContext(). */
  view: Record<string, unknown>;
}

export function extensionFor(module: HostedModule, issue: IssueScope | null): FrameExtension {
  if (module.kind === 'adminPage') return { type: 'jira:adminPage' };
  if (!issue) throw new Error('an issue action frame needs its issue');
  return {
    type: 'jira:issueAction',
    issue: { id: issue.id, key: issue.key, type: issue.type, typeId: issue.typeId },
    project: { id: issue.project.id, key: issue.project.key, type: 'software' },
  };
}

export function buildFrameContext(
  module: HostedModule,
  accountId: string,
  site: SiteInfo,
  issue: IssueScope | null,
  frameId: string = randomUUID(),
  colorMode: ColorMode = 'light',
): FrameContext {
  const extension = extensionFor(module, issue);
  return {
    frameId,
    module,
    accountId,
    extension,
    colorMode,
    view: {
      accountId,
      cloudId: site.cloudId,
      siteUrl: site.siteUrl,
      moduleKey: module.key,
      extension,
      localId: `${module.key}-${frameId}`,
      environmentId: 'local-sandbox',
      environmentType: 'DEVELOPMENT',
      locale: 'en-US',
      timezone: 'UTC',
      theme: themeState(colorMode),
    },
  };
}

/**
 * Open frames by id. Bounded: a long sandbox session opens many frames, and a frame older than the last
 * `capacity` opened is simply asked to reload.
 */
export class FrameRegistry {
  private readonly frames = new Map<string, FrameContext>();
  constructor(private readonly capacity = 500) {}

  add(frame: FrameContext): void {
    this.frames.set(frame.frameId, frame);
    while (this.frames.size > this.capacity) {
      const oldest = this.frames.keys().next().value;
      if (oldest === undefined) break;
      this.frames.delete(oldest);
    }
  }

  get(frameId: string): FrameContext | undefined {
    return this.frames.get(frameId);
  }
}
