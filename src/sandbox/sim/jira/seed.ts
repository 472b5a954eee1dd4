import { adfText } from './adf';
import { fixedStepClock, type JiraClock, type JiraStore } from './store';

/** The Jira part of the simulator identity (same shape as SimIdentity['jira']). */
export interface JiraIdentity {
  cloudId: string;
  siteUrl: string;
  appToken: string;
  appAccountId: string;
  users: Array<{ accountId: string; displayName: string; email: string; admin: boolean; token: string }>;
}

export type JiraSeed = { seed: 'empty' } | { seed: 'demo' } | { seed: 'scale' };

export const APP_DISPLAY_NAME = 'SCIM Unlock';

/** Keys of the demo projects, for tests and the sandbox. */
export const DEMO_PROJECTS = {
  /** Everyone browses and creates; the app posts its scan findings here. */
  itSupport: 'ITSUP',
  /** Browsable and creatable by Jira admins only: a non-admin gets 404 for its issues. */
  restricted: 'SECOPS',
  /** Everyone browses, only admins create and comment: a non-admin's create or comment is refused. */
  readOnly: 'PEOPLE',
} as const;

/**
 * Rebuilds the site from identity: every identity user plus the app's bot user exist in all
 * seeds (identity survives resets). `demo` adds the projects above and two sample issues;
 * `scale` concerns the org directory only, so Jira gets the demo content there too.
 */
export function seedJira(
  store: JiraStore,
  seed: JiraSeed,
  identity: { jira: JiraIdentity },
  clock: JiraClock = fixedStepClock(),
): void {
  const { jira } = identity;
  if (jira.cloudId !== store.cloudId) throw new Error('identity cloudId does not match the Jira store');
  store.clear(clock);
  for (const u of jira.users) store.addUser({ ...u, accountType: 'atlassian' });
  store.addUser({
    accountId: jira.appAccountId,
    displayName: APP_DISPLAY_NAME,
    admin: true,
    token: jira.appToken,
    accountType: 'app',
  });
  if (seed.seed === 'empty') return;

  const admin = jira.users.find((u) => u.admin);
  const member = jira.users.find((u) => !u.admin);
  const lead = admin?.accountId ?? jira.appAccountId;

  const itsup = store.addProject({
    key: DEMO_PROJECTS.itSupport,
    name: 'IT Support',
    description: 'Requests to the IT team, including account access.',
    leadAccountId: lead,
    issueTypes: [
      { name: 'Task', description: 'A small, distinct piece of work.' },
      { name: 'Access request', description: 'A request to grant or restore access to a system.' },
    ],
    permissions: { browse: 'everyone', create: 'everyone', comment: 'everyone' },
  });
  const secops = store.addProject({
    key: DEMO_PROJECTS.restricted,
    name: 'Security Operations',
    description: 'Security incidents and access reviews; restricted to administrators.',
    leadAccountId: lead,
    issueTypes: [{ name: 'Task', description: 'A small, distinct piece of work.' }],
    permissions: { browse: 'admins', create: 'admins', comment: 'admins' },
  });
  store.addProject({
    key: DEMO_PROJECTS.readOnly,
    name: 'People Announcements',
    description: 'Announcements from the People team; only administrators post.',
    leadAccountId: lead,
    issueTypes: [{ name: 'Task', description: 'A small, distinct piece of work.' }],
    permissions: { browse: 'everyone', create: 'admins', comment: 'admins' },
  });

  const reporter = member?.accountId ?? lead;
  const [task] = itsup.issueTypes;
  const [secTask] = secops.issueTypes;
  if (!task || !secTask) throw new Error('demo projects lost their issue types');
  const laptop = store.createIssue({
    project: itsup,
    issueType: task,
    summary: 'Laptop setup for a new starter',
    description: adfText('Please prepare a laptop for the new starter on Monday.'),
    labels: ['onboarding'],
    reporterId: reporter,
    creatorId: reporter,
    properties: [],
  });
  store.addComment(laptop, lead, adfText('On it; ready by Friday.'));
  store.createIssue({
    project: secops,
    issueType: secTask,
    summary: 'Quarterly access review',
    description: adfText('Review the accounts with administrator roles.'),
    labels: ['access-review'],
    reporterId: lead,
    creatorId: lead,
    properties: [],
  });
}
