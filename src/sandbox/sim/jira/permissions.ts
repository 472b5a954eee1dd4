import type { Audience, JiraProject, JiraUser } from './types';

/** The permission keys the simulator evaluates (ids as in Jira's permission catalogue). */
export const PERMISSIONS = {
  ADMINISTER: {
    id: '0',
    name: 'Administer Jira',
    type: 'GLOBAL',
    description: 'Ability to administer Jira.',
  },
  BROWSE_PROJECTS: {
    id: '10',
    name: 'Browse Projects',
    type: 'PROJECT',
    description: 'Ability to browse projects and the issues within them.',
  },
  CREATE_ISSUES: {
    id: '11',
    name: 'Create Issues',
    type: 'PROJECT',
    description: 'Ability to create issues.',
  },
  EDIT_ISSUES: { id: '12', name: 'Edit Issues', type: 'PROJECT', description: 'Ability to edit issues.' },
  ADD_COMMENTS: {
    id: '15',
    name: 'Add Comments',
    type: 'PROJECT',
    description: 'Ability to comment on issues.',
  },
} as const;

export type PermissionKey = keyof typeof PERMISSIONS;

export const isPermissionKey = (k: string): k is PermissionKey => Object.hasOwn(PERMISSIONS, k);

const allows = (audience: Audience, user: JiraUser) =>
  user.accountType === 'app' || user.admin || audience === 'everyone';

/** Whether `user` holds `key` in `project`, or (without a project) anywhere, as Jira reports it. */
export function hasPermission(
  user: JiraUser,
  key: PermissionKey,
  project: JiraProject | undefined,
  allProjects: readonly JiraProject[],
): boolean {
  if (key === 'ADMINISTER') return user.admin;
  // Without a project context Jira answers project permissions with "held in at least one project".
  const scope = project ? [project] : allProjects;
  return scope.some((p) => allows(p.permissions.browse, user) && allows(audienceOf(key, p), user));
}

function audienceOf(key: Exclude<PermissionKey, 'ADMINISTER'>, p: JiraProject): Audience {
  if (key === 'CREATE_ISSUES') return p.permissions.create;
  if (key === 'ADD_COMMENTS') return p.permissions.comment;
  return p.permissions.browse;
}

export const canBrowse = (user: JiraUser, project: JiraProject) => allows(project.permissions.browse, user);
export const canCreate = (user: JiraUser, project: JiraProject) =>
  canBrowse(user, project) && allows(project.permissions.create, user);
/** Jira's "Add comments" project permission (on top of Browse), which POST /comment requires. */
export const canComment = (user: JiraUser, project: JiraProject) =>
  canBrowse(user, project) && allows(project.permissions.comment, user);
