/**
 * Contract cases for every Jira operation the simulator serves (src/sandbox/sim/jira/operations.ts),
 * on the demo seed: projects ITSUP (open), SECOPS (admins only), PEOPLE (everyone browses,
 * admins create and comment); ITSUP-1 and SECOPS-1 exist. The default caller is the app's bot user.
 */
import type { JiraOperationId } from '../../src/sandbox/sim/jira/operations';
import type { RunningSimulator } from '../../src/sandbox/sim/server';
import type { Captured, OperationCases } from './contract-runner';

export interface JiraCtx {
  sim: RunningSimulator;
  cloudId: string;
  appToken: string;
  adminToken: string;
  memberToken: string;
  memberAccountId: string;
  /** Sets an issue property as the app (setup; unchecked). */
  putProperty(issueKey: string, key: string, value: unknown): Promise<void>;
  /** Creates a Task in a project as the app (setup; unchecked); returns its key. */
  createIssue(projectKey: string): Promise<string>;
}

export function buildJiraCtx(sim: RunningSimulator): JiraCtx {
  const { jira } = sim.identity;
  const admin = jira.users.find((u) => u.admin);
  const member = jira.users.find((u) => !u.admin);
  if (!admin || !member) throw new Error('the simulator identity needs a Jira admin and a non-admin');
  return {
    sim,
    cloudId: jira.cloudId,
    appToken: jira.appToken,
    adminToken: admin.token,
    memberToken: member.token,
    memberAccountId: member.accountId,
    putProperty: async (issueKey, key, value) => {
      const res = await fetch(
        `${sim.url}/ex/jira/${jira.cloudId}/rest/api/3/issue/${issueKey}/properties/${key}`,
        {
          method: 'PUT',
          headers: { Authorization: `Bearer ${jira.appToken}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(value),
        },
      );
      if (res.status !== 201 && res.status !== 200) throw new Error(`setup PUT property: HTTP ${res.status}`);
    },
    createIssue: async (projectKey) => {
      const res = await fetch(`${sim.url}/ex/jira/${jira.cloudId}/rest/api/3/issue`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${jira.appToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          fields: { project: { key: projectKey }, issuetype: { name: 'Task' }, summary: 'Setup issue' },
        }),
      });
      if (res.status !== 201) throw new Error(`setup POST issue: HTTP ${res.status}`);
      return ((await res.json()) as { key: string }).key;
    },
  };
}

const adf = (text: string) => ({
  type: 'doc',
  version: 1,
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});

const BAD_TOKEN = 'not-a-jira-token';
const bodyOf = (res: Captured) => res.body as Record<string, unknown>;
const issue = (issueIdOrKey: string, extra: Record<string, string> = {}) => ({
  params: { issueIdOrKey, ...extra },
});

const newIssue = (project: string, issuetype: string) => ({
  fields: {
    project: { key: project },
    issuetype: { name: issuetype },
    summary: 'Unlock request for dan.deactivated@acme.example',
    description: adf('Deactivated by the SCIM sync on 2 November.'),
    labels: ['scim-unlock'],
  },
  properties: [{ key: 'scimUnlock', value: { accountId: '712020:dan', kind: 'flag' } }],
});

export const JIRA_CASES: Array<OperationCases<JiraOperationId, JiraCtx>> = [
  {
    operationId: 'jira.getCurrentUser',
    cases: [
      {
        name: 'the app bot user',
        status: 200,
        request: () => ({}),
        expect: (res) => expect(bodyOf(res).accountType).toBe('app'),
      },
      {
        name: 'a site user',
        status: 200,
        request: (x) => ({ token: x.memberToken }),
        expect: (res, x) => expect(bodyOf(res).accountId).toBe(x.memberAccountId),
      },
      { name: 'an unknown token', status: 401, request: () => ({ token: BAD_TOKEN }) },
    ],
  },
  {
    operationId: 'jira.getMyPermissions',
    cases: [
      {
        name: 'ADMINISTER for the app',
        status: 200,
        request: () => ({ query: { permissions: 'ADMINISTER' } }),
        expect: (res) =>
          expect(bodyOf(res).permissions).toEqual({
            ADMINISTER: expect.objectContaining({ havePermission: true }),
          }),
      },
      {
        name: 'ADMINISTER for a non-admin user',
        status: 200,
        request: (x) => ({ query: { permissions: 'ADMINISTER' }, token: x.memberToken }),
        expect: (res) =>
          expect(bodyOf(res).permissions).toEqual({
            ADMINISTER: expect.objectContaining({ havePermission: false }),
          }),
      },
      {
        name: 'project permissions in a project context',
        status: 200,
        request: (x) => ({
          query: { permissions: 'BROWSE_PROJECTS,CREATE_ISSUES,ADD_COMMENTS', projectKey: 'PEOPLE' },
          token: x.memberToken,
        }),
        expect: (res) =>
          expect(bodyOf(res).permissions).toEqual({
            BROWSE_PROJECTS: expect.objectContaining({ havePermission: true }),
            CREATE_ISSUES: expect.objectContaining({ havePermission: false }),
            ADD_COMMENTS: expect.objectContaining({ havePermission: false }),
          }),
      },
      { name: 'the mandatory permissions parameter is missing', status: 400, request: () => ({}) },
      {
        name: 'a project the user cannot see',
        status: 404,
        request: (x) => ({
          query: { permissions: 'BROWSE_PROJECTS', projectKey: 'SECOPS' },
          token: x.memberToken,
        }),
      },
      {
        name: 'an unknown token',
        status: 401,
        request: () => ({ query: { permissions: 'ADMINISTER' }, token: BAD_TOKEN }),
      },
    ],
  },
  {
    operationId: 'jira.getProject',
    cases: [
      {
        name: 'a project with its issue types',
        status: 200,
        request: () => ({ params: { projectIdOrKey: 'ITSUP' } }),
        expect: (res) =>
          expect((bodyOf(res).issueTypes as Array<{ name: string }>).map((t) => t.name)).toEqual([
            'Task',
            'Access request',
          ]),
      },
      {
        name: 'a restricted project for a non-admin',
        status: 404,
        request: (x) => ({ params: { projectIdOrKey: 'SECOPS' }, token: x.memberToken }),
      },
      {
        name: 'an unknown token',
        status: 401,
        request: () => ({ params: { projectIdOrKey: 'ITSUP' }, token: BAD_TOKEN }),
      },
    ],
  },
  {
    operationId: 'jira.createIssue',
    cases: [
      {
        name: 'the app posts a finding with a property',
        status: 201,
        request: () => ({ body: newIssue('ITSUP', 'Access request') }),
        expect: (res) => expect(bodyOf(res).key).toBe('ITSUP-2'),
      },
      {
        name: 'a user posts an issue',
        status: 201,
        request: (x) => ({ body: { fields: newIssue('ITSUP', 'Task').fields }, token: x.memberToken }),
      },
      {
        name: 'required fields missing',
        status: 400,
        request: () => ({ body: { fields: { project: { key: 'ITSUP' } } } }),
        expect: (res) =>
          expect(Object.keys(bodyOf(res).errors as object).sort()).toEqual(['issuetype', 'summary']),
      },
      {
        name: 'a user without create permission',
        status: 400,
        request: (x) => ({ body: { fields: newIssue('PEOPLE', 'Task').fields }, token: x.memberToken }),
        expect: (res) => expect(bodyOf(res).errors).toEqual({ project: expect.stringMatching(/permission/) }),
      },
      {
        name: 'an unknown token',
        status: 401,
        request: () => ({ body: newIssue('ITSUP', 'Task'), token: BAD_TOKEN }),
      },
    ],
  },
  {
    operationId: 'jira.getIssue',
    cases: [
      {
        name: 'every field by default',
        status: 200,
        request: () => issue('ITSUP-1'),
        expect: (res) =>
          expect(bodyOf(res).fields).toEqual(
            expect.objectContaining({
              summary: expect.any(String),
              labels: ['onboarding'],
              reporter: expect.any(Object),
            }),
          ),
      },
      {
        name: 'selected fields and properties',
        status: 200,
        request: async (x) => {
          await x.putProperty('ITSUP-1', 'scimUnlock', { accountId: '712020:dan' });
          return { ...issue('ITSUP-1'), query: { fields: 'summary,labels', properties: 'scimUnlock' } };
        },
        expect: (res) => expect(bodyOf(res).properties).toEqual({ scimUnlock: { accountId: '712020:dan' } }),
      },
      {
        name: 'an issue of a restricted project for a non-admin',
        status: 404,
        request: (x) => ({ ...issue('SECOPS-1'), token: x.memberToken }),
      },
      { name: 'an unknown token', status: 401, request: () => ({ ...issue('ITSUP-1'), token: BAD_TOKEN }) },
    ],
  },
  {
    operationId: 'jira.getComments',
    cases: [
      {
        name: 'the comments of an issue',
        status: 200,
        request: () => issue('ITSUP-1'),
        expect: (res) => expect(bodyOf(res).total).toBe(1),
      },
      {
        name: 'an unsupported orderBy',
        status: 400,
        request: () => ({ ...issue('ITSUP-1'), query: { orderBy: 'author' } }),
      },
      { name: 'an unknown issue', status: 404, request: () => issue('ITSUP-999') },
      { name: 'an unknown token', status: 401, request: () => ({ ...issue('ITSUP-1'), token: BAD_TOKEN }) },
    ],
  },
  {
    operationId: 'jira.addComment',
    cases: [
      {
        name: 'an ADF comment',
        status: 201,
        request: () => ({ ...issue('ITSUP-1'), body: { body: adf('Unlock requested by the reporter.') } }),
      },
      {
        name: 'a plain-text body',
        status: 400,
        request: () => ({ ...issue('ITSUP-1'), body: { body: 'plain' } }),
      },
      {
        name: 'an issue the user cannot see',
        status: 404,
        request: (x) => ({ ...issue('SECOPS-1'), body: { body: adf('x') }, token: x.memberToken }),
      },
      {
        // The spec requires "Add comments" and documents no 403 here: the refusal is a 400.
        name: 'a user without the "Add comments" permission',
        status: 400,
        request: async (x) => ({
          ...issue(await x.createIssue('PEOPLE')),
          body: { body: adf('x') },
          token: x.memberToken,
        }),
        expect: (res) =>
          expect(bodyOf(res).errorMessages).toEqual([
            'You do not have the permission to comment on this issue.',
          ]),
      },
      {
        name: 'an unknown token',
        status: 401,
        request: () => ({ ...issue('ITSUP-1'), body: { body: adf('x') }, token: BAD_TOKEN }),
      },
    ],
  },
  {
    // The spec documents no 401 for this operation (only 200 and 404), so there is no 401 case.
    operationId: 'jira.getIssuePropertyKeys',
    cases: [
      {
        name: 'the keys of an issue',
        status: 200,
        request: async (x) => {
          await x.putProperty('ITSUP-1', 'scimUnlock', { state: 'pending' });
          return issue('ITSUP-1');
        },
        expect: (res) => expect(bodyOf(res).keys).toEqual([expect.objectContaining({ key: 'scimUnlock' })]),
      },
      {
        name: 'an issue the user cannot see',
        status: 404,
        request: (x) => ({ ...issue('SECOPS-1'), token: x.memberToken }),
      },
    ],
  },
  {
    operationId: 'jira.getIssueProperty',
    cases: [
      {
        name: 'a property value',
        status: 200,
        request: async (x) => {
          await x.putProperty('ITSUP-1', 'scimUnlock', { state: 'pending' });
          return issue('ITSUP-1', { propertyKey: 'scimUnlock' });
        },
        expect: (res) => expect(res.body).toEqual({ key: 'scimUnlock', value: { state: 'pending' } }),
      },
      { name: 'a missing property', status: 404, request: () => issue('ITSUP-1', { propertyKey: 'absent' }) },
      {
        name: 'an unknown token',
        status: 401,
        request: () => ({ ...issue('ITSUP-1', { propertyKey: 'scimUnlock' }), token: BAD_TOKEN }),
      },
    ],
  },
  {
    operationId: 'jira.setIssueProperty',
    cases: [
      {
        name: 'creates a property',
        status: 201,
        request: () => ({ ...issue('ITSUP-1', { propertyKey: 'scimUnlock' }), body: { state: 'pending' } }),
      },
      {
        name: 'replaces a property',
        status: 200,
        request: async (x) => {
          await x.putProperty('ITSUP-1', 'scimUnlock', { state: 'pending' });
          return { ...issue('ITSUP-1', { propertyKey: 'scimUnlock' }), body: { state: 'done' } };
        },
      },
      {
        name: 'a value over 32 KB',
        status: 400,
        request: () => ({ ...issue('ITSUP-1', { propertyKey: 'big' }), body: { v: 'x'.repeat(33_000) } }),
      },
      {
        name: 'an issue the user cannot see',
        status: 404,
        request: (x) => ({ ...issue('SECOPS-1', { propertyKey: 'p' }), body: 1, token: x.memberToken }),
      },
      {
        name: 'an unknown token',
        status: 401,
        request: () => ({ ...issue('ITSUP-1', { propertyKey: 'p' }), body: 1, token: BAD_TOKEN }),
      },
    ],
  },
  {
    operationId: 'jira.deleteIssueProperty',
    cases: [
      {
        name: 'deletes a property',
        status: 204,
        request: async (x) => {
          await x.putProperty('ITSUP-1', 'scimUnlock', { state: 'pending' });
          return issue('ITSUP-1', { propertyKey: 'scimUnlock' });
        },
      },
      { name: 'a missing property', status: 404, request: () => issue('ITSUP-1', { propertyKey: 'absent' }) },
      {
        name: 'an unknown token',
        status: 401,
        request: () => ({ ...issue('ITSUP-1', { propertyKey: 'scimUnlock' }), token: BAD_TOKEN }),
      },
    ],
  },
  {
    operationId: 'jira.searchJql',
    cases: [
      {
        name: 'by issue property, with fields and properties',
        status: 200,
        request: async (x) => {
          await x.putProperty('ITSUP-1', 'scimUnlock', { accountId: '712020:dan' });
          return {
            query: {
              jql: 'issue.property[scimUnlock].accountId = "712020:dan"',
              fields: 'summary,labels,reporter',
              properties: 'scimUnlock',
            },
          };
        },
        expect: (res) =>
          expect((bodyOf(res).issues as Array<{ key: string }>).map((i) => i.key)).toEqual(['ITSUP-1']),
      },
      {
        name: 'by project and label, paged',
        status: 200,
        request: () => ({ query: { jql: 'project = ITSUP AND labels = "onboarding"', maxResults: '1' } }),
      },
      { name: 'an unbounded query', status: 400, request: () => ({ query: { jql: 'order by key desc' } }) },
      {
        name: 'a project the user cannot see',
        status: 400,
        request: (x) => ({ query: { jql: 'project = SECOPS' }, token: x.memberToken }),
      },
      {
        name: 'an unknown token',
        status: 401,
        request: () => ({ query: { jql: 'project = ITSUP' }, token: BAD_TOKEN }),
      },
    ],
  },
];
