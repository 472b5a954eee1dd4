import { adfText } from '../../../../src/sandbox/sim/jira/adf';
import { seedJira } from '../../../../src/sandbox/sim/jira/seed';
import { JiraStore } from '../../../../src/sandbox/sim/jira/store';
import { TEST_JIRA, call, startJira, type RunningJira } from './jira-harness';

const ADMIN = 'tok-admin';
const MEMBER = 'tok-member';
const APP = TEST_JIRA.appToken;

let jira: RunningJira;
beforeEach(async () => {
  jira = await startJira();
});
afterEach(async () => {
  await jira.close();
});

const get = (path: string, token = ADMIN) => call(`${jira.api}${path}`, { token });
const send = (method: string, path: string, json: unknown, token = ADMIN) =>
  call(`${jira.api}${path}`, { method, token, json });

const newIssue = (over: Record<string, unknown> = {}) => ({
  fields: {
    project: { key: 'ITSUP' },
    issuetype: { name: 'Access request' },
    summary: 'Unlock dan.deactivated@acme.example',
    description: adfText('Deactivated by SCIM sync.'),
    labels: ['scim-unlock'],
    ...over,
  },
});

describe('Jira simulator: authentication and site', () => {
  it.each<[string, { token?: string; cloud?: string }, number, RegExp]>([
    ['no Authorization header', {}, 401, /not authenticated/],
    ['an unknown token', { token: 'nope' }, 401, /not authenticated/],
    ['a wrong cloud id', { token: ADMIN, cloud: '11111111-2222-4333-8444-555555555555' }, 404, /cloud id/],
  ])('%s (%j) → %d', async (_name, req, status, message) => {
    const cloud = req.cloud ?? TEST_JIRA.cloudId;
    const res = await call(
      `${jira.url}/ex/jira/${cloud}/rest/api/3/myself`,
      req.token ? { token: req.token } : {},
    );
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ errorMessages: [expect.stringMatching(message)], errors: {} });
  });

  it('answers /myself for a user and for the app bot', async () => {
    const user = await get('/myself', MEMBER);
    expect(user.body).toMatchObject({
      accountId: '712020:member',
      accountType: 'atlassian',
      emailAddress: 'paul.agent@acme.example',
    });
    const app = await get('/myself', APP);
    expect(app.body).toMatchObject({
      accountId: TEST_JIRA.appAccountId,
      accountType: 'app',
      displayName: 'SCIM Unlock',
    });
    expect(app.body).not.toHaveProperty('emailAddress');
  });

  it('404s an unimplemented resource instead of pretending', async () => {
    expect((await get('/field')).status).toBe(404);
  });
});

describe('Jira simulator: permissions', () => {
  const have = async (query: string, token: string) => {
    const res = await get(`/mypermissions?${query}`, token);
    return {
      status: res.status,
      body: res.body as { permissions: Record<string, { havePermission: boolean }> },
    };
  };

  it.each<[string, string, string, boolean]>([
    ['admin', ADMIN, 'permissions=ADMINISTER', true],
    ['member', MEMBER, 'permissions=ADMINISTER', false],
    ['app', APP, 'permissions=ADMINISTER', true],
    ['member, no context', MEMBER, 'permissions=BROWSE_PROJECTS', true],
    ['member in the read-only project', MEMBER, 'permissions=CREATE_ISSUES&projectKey=PEOPLE', false],
    ['member in ITSUP', MEMBER, 'permissions=CREATE_ISSUES&projectKey=ITSUP', true],
    ['admin in the restricted project', ADMIN, 'permissions=BROWSE_PROJECTS&projectKey=SECOPS', true],
    ['member via an issue', MEMBER, 'permissions=ADD_COMMENTS&issueKey=ITSUP-1', true],
  ])('%s (token %s, %s) → %s', async (_who, token, query, expected) => {
    const { status, body } = await have(query, token);
    expect(status).toBe(200);
    const [entry] = Object.values(body.permissions);
    expect(entry?.havePermission).toBe(expected);
  });

  it('returns every requested key with its catalogue entry', async () => {
    const { body } = await have('permissions=ADMINISTER,BROWSE_PROJECTS', ADMIN);
    expect(body.permissions).toEqual({
      ADMINISTER: expect.objectContaining({
        id: '0',
        key: 'ADMINISTER',
        type: 'GLOBAL',
        havePermission: true,
      }),
      BROWSE_PROJECTS: expect.objectContaining({ id: '10', key: 'BROWSE_PROJECTS', type: 'PROJECT' }),
    });
  });

  it.each<[string, string, number]>([
    ['the mandatory permissions parameter is missing', '', 400],
    ['the permissions parameter is empty', 'permissions=', 400],
    ['a permission the simulator does not model', 'permissions=MANAGE_WATCHERS', 400],
    ['a restricted project for a member', 'permissions=BROWSE_PROJECTS&projectKey=SECOPS', 404],
    ['an unknown project', 'permissions=BROWSE_PROJECTS&projectKey=NOPE', 404],
  ])('%s (%s) → %d', async (_name, query, status) => {
    expect((await get(`/mypermissions?${query}`, MEMBER)).status).toBe(status);
  });
});

describe('Jira simulator: projects', () => {
  it('returns a project with its issue types, by key or id', async () => {
    const byKey = await get('/project/ITSUP', MEMBER);
    expect(byKey.status).toBe(200);
    const body = byKey.body as { id: string; issueTypes: Array<{ name: string }> };
    expect(body.issueTypes.map((t) => t.name)).toEqual(['Task', 'Access request']);
    expect((await get(`/project/${body.id}`, MEMBER)).body).toEqual(body);
  });

  it('hides the restricted project from a member but not from an admin', async () => {
    expect((await get('/project/SECOPS', MEMBER)).status).toBe(404);
    expect((await get('/project/SECOPS', ADMIN)).status).toBe(200);
  });
});

describe('Jira simulator: issues', () => {
  it('creates an issue and reads it back with reporter, labels and properties', async () => {
    const created = await send(
      'POST',
      '/issue',
      {
        ...newIssue(),
        properties: [{ key: 'scimUnlock', value: { accountId: '712020:dan', kind: 'flag' } }],
      },
      APP,
    );
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      key: 'ITSUP-2',
      self: expect.stringMatching(/\/rest\/api\/3\/issue\/\d+$/),
    });

    const read = await get(
      '/issue/ITSUP-2?fields=summary,labels,reporter,issuetype&properties=scimUnlock',
      MEMBER,
    );
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      key: 'ITSUP-2',
      fields: {
        summary: 'Unlock dan.deactivated@acme.example',
        labels: ['scim-unlock'],
        reporter: { accountId: TEST_JIRA.appAccountId, accountType: 'app' },
        issuetype: { name: 'Access request' },
      },
      properties: { scimUnlock: { accountId: '712020:dan', kind: 'flag' } },
    });
    expect(Object.keys((read.body as { fields: object }).fields).sort()).toEqual([
      'issuetype',
      'labels',
      'reporter',
      'summary',
    ]);
  });

  it('lets the app set the reporter to the affected user', async () => {
    const created = await send('POST', '/issue', newIssue({ reporter: { accountId: '712020:member' } }), APP);
    const read = await get(`/issue/${(created.body as { key: string }).key}?fields=reporter,creator`);
    expect(read.body).toMatchObject({
      fields: { reporter: { accountId: '712020:member' }, creator: { accountId: TEST_JIRA.appAccountId } },
    });
  });

  it.each<[string, unknown, string, Record<string, string>]>([
    [
      'an empty body',
      {},
      MEMBER,
      { project: expect.any(String), issuetype: expect.any(String), summary: expect.any(String) },
    ],
    [
      'a blank summary',
      newIssue({ summary: '   ' }),
      MEMBER,
      { summary: 'You must specify a summary of the issue.' },
    ],
    [
      'a summary over 255 characters',
      newIssue({ summary: 'x'.repeat(256) }),
      MEMBER,
      { summary: expect.stringMatching(/less than 255/) },
    ],
    [
      'an unknown issue type',
      newIssue({ issuetype: { name: 'Bug' } }),
      MEMBER,
      { issuetype: 'The issue type selected is invalid.' },
    ],
    [
      'plain-text description',
      newIssue({ description: 'text' }),
      MEMBER,
      { description: expect.stringMatching(/Atlassian Document/) },
    ],
    [
      'a label with a space',
      newIssue({ labels: ['two words'] }),
      MEMBER,
      { labels: expect.stringMatching(/two words/) },
    ],
    [
      'an unknown field',
      newIssue({ priority: { name: 'High' } }),
      MEMBER,
      { priority: expect.stringMatching(/cannot be set/) },
    ],
    [
      'an unknown reporter',
      newIssue({ reporter: { accountId: 'ghost' } }),
      APP,
      { reporter: expect.any(String) },
    ],
    [
      'an unknown project',
      newIssue({ project: { key: 'NOPE' } }),
      MEMBER,
      { project: 'Specify a valid project ID or key' },
    ],
    [
      'a project the caller cannot browse',
      newIssue({ project: { key: 'SECOPS' }, issuetype: { name: 'Task' } }),
      MEMBER,
      { project: 'Specify a valid project ID or key' },
    ],
    [
      'a project the caller can browse but not create in',
      newIssue({ project: { key: 'PEOPLE' }, issuetype: { name: 'Task' } }),
      MEMBER,
      { project: 'You do not have permission to create issues in this project.' },
    ],
  ])('refuses %s with 400 and field errors', async (_name, body, token, errors) => {
    const res = await send('POST', '/issue', body, token);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errorMessages: [], errors });
    expect(jira.store.issues()).toHaveLength(2);
  });

  it('refuses a non-JSON body and unsupported update/transition explicitly', async () => {
    expect((await call(`${jira.api}/issue`, { method: 'POST', token: ADMIN, rawBody: '{oops' })).status).toBe(
      400,
    );
    const update = await send('POST', '/issue', { ...newIssue(), update: { labels: [{ add: 'x' }] } });
    expect(update.status).toBe(400);
    expect(update.body).toEqual({
      errorMessages: [expect.stringMatching(/only `fields` and `properties`/)],
      errors: {},
    });
  });

  it('hides issues of the restricted project from a member (404), not from an admin', async () => {
    expect((await get('/issue/SECOPS-1', MEMBER)).status).toBe(404);
    expect((await get('/issue/SECOPS-1', ADMIN)).status).toBe(200);
    expect((await get('/issue/ITSUP-999', ADMIN)).status).toBe(404);
  });
});

describe('Jira simulator: comments', () => {
  it('adds ADF comments and pages them in either order', async () => {
    const added = await send('POST', '/issue/ITSUP-1/comment', { body: adfText('Second') }, MEMBER);
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ author: { accountId: '712020:member' }, body: adfText('Second') });
    const all = await get('/issue/ITSUP-1/comment', MEMBER);
    expect(all.body).toMatchObject({
      startAt: 0,
      total: 2,
      comments: [{ body: adfText('On it; ready by Friday.') }, { body: adfText('Second') }],
    });
    const newest = await get('/issue/ITSUP-1/comment?orderBy=-created&maxResults=1', MEMBER);
    expect(newest.body).toMatchObject({ maxResults: 1, total: 2, comments: [{ body: adfText('Second') }] });
  });

  it.each<[string, unknown, number]>([
    ['a plain string body', { body: 'text' }, 400],
    ['an empty document', { body: { type: 'doc', version: 1, content: [] } }, 400],
    [
      'restricted visibility (not simulated)',
      { body: adfText('x'), visibility: { type: 'role', value: 'Administrators' } },
      400,
    ],
  ])('refuses %s', async (_name, body, status) => {
    expect((await send('POST', '/issue/ITSUP-1/comment', body, MEMBER)).status).toBe(status);
  });

  it('refuses a bad orderBy and hides comments of invisible issues', async () => {
    expect((await get('/issue/ITSUP-1/comment?orderBy=author')).status).toBe(400);
    expect((await get('/issue/SECOPS-1/comment', MEMBER)).status).toBe(404);
    expect((await send('POST', '/issue/SECOPS-1/comment', { body: adfText('x') }, MEMBER)).status).toBe(404);
  });
});

describe('Jira simulator: issue properties', () => {
  it('creates (201), replaces (200), lists, reads and deletes (204) a property', async () => {
    const path = '/issue/ITSUP-1/properties/scimUnlock';
    expect((await send('PUT', path, { state: 'pending' }, APP)).status).toBe(201);
    expect((await send('PUT', path, { state: 'done' }, APP)).status).toBe(200);
    expect((await get(path)).body).toEqual({ key: 'scimUnlock', value: { state: 'done' } });
    expect((await get('/issue/ITSUP-1/properties')).body).toEqual({
      keys: [{ key: 'scimUnlock', self: expect.stringMatching(/\/issue\/\d+\/properties\/scimUnlock$/) }],
    });
    expect((await call(`${jira.api}${path}`, { method: 'DELETE', token: APP })).status).toBe(204);
    expect((await get(path)).status).toBe(404);
    expect((await call(`${jira.api}${path}`, { method: 'DELETE', token: APP })).status).toBe(404);
  });

  it('accepts any JSON value, refuses non-JSON and oversized values', async () => {
    expect((await send('PUT', '/issue/ITSUP-1/properties/n', 42)).status).toBe(201);
    expect((await get('/issue/ITSUP-1/properties/n')).body).toEqual({ key: 'n', value: 42 });
    const bad = await call(`${jira.api}/issue/ITSUP-1/properties/x`, {
      method: 'PUT',
      token: ADMIN,
      rawBody: 'not json',
    });
    expect(bad.status).toBe(400);
    expect((await send('PUT', '/issue/ITSUP-1/properties/big', { v: 'x'.repeat(33000) })).status).toBe(400);
    expect((await send('PUT', `/issue/ITSUP-1/properties/${'k'.repeat(256)}`, 1)).status).toBe(400);
  });

  it('hides properties of invisible issues', async () => {
    expect((await get('/issue/SECOPS-1/properties', MEMBER)).status).toBe(404);
    expect((await send('PUT', '/issue/SECOPS-1/properties/x', 1, MEMBER)).status).toBe(404);
  });
});

describe('Jira simulator: search/jql', () => {
  type Page = {
    issues: Array<{ key: string; fields?: Record<string, unknown>; properties?: unknown }>;
    isLast: boolean;
    nextPageToken?: string;
  };
  const search = async (jql: string, extra = '', token = ADMIN) => {
    const res = await get(`/search/jql?jql=${encodeURIComponent(jql)}${extra}`, token);
    return { status: res.status, body: res.body as Page };
  };

  beforeEach(async () => {
    for (const [account, label] of [
      ['712020:dan', 'scim-unlock'],
      ['712020:erin', 'scim-unlock'],
      ['712020:frank', 'other'],
    ] as const) {
      const created = await send(
        'POST',
        '/issue',
        {
          ...newIssue({ labels: [label] }),
          properties: [{ key: 'scimUnlock', value: { accountId: account, tags: ['a', 'b'] } }],
        },
        APP,
      );
      expect(created.status).toBe(201);
    }
  });

  it.each<[string, string[]]>([
    ['issue.property[scimUnlock].accountId = "712020:erin"', ['ITSUP-3']],
    ['issue.property[scimUnlock].tags = "b"', ['ITSUP-2', 'ITSUP-3', 'ITSUP-4']],
    ['issue.property[scimUnlock].accountId = "712020:nobody"', []],
    ['issue.property[missing].x = "1"', []],
    ['project = ITSUP AND labels = "scim-unlock"', ['ITSUP-2', 'ITSUP-3']],
    ['project = itsup AND labels = scim-unlock ORDER BY created DESC', ['ITSUP-3', 'ITSUP-2']],
    ['labels = onboarding', ['ITSUP-1']],
    ['labels = "access-review"', ['SECOPS-1']],
  ])('%s', async (jql, keys) => {
    const { status, body } = await search(jql);
    expect(status).toBe(200);
    expect(body.issues.map((i) => i.key)).toEqual(keys);
    expect(body.isLast).toBe(true);
    expect(body).not.toHaveProperty('nextPageToken');
  });

  it('returns only the id/key by default, fields and properties on request', async () => {
    const bare = await search('labels = onboarding');
    expect(bare.body.issues[0]).not.toHaveProperty('fields');
    const rich = await search(
      'issue.property[scimUnlock].accountId = "712020:dan"',
      '&fields=summary&properties=scimUnlock',
    );
    expect(rich.body.issues[0]).toMatchObject({
      fields: { summary: 'Unlock dan.deactivated@acme.example' },
      properties: { scimUnlock: { accountId: '712020:dan' } },
    });
  });

  it('pages with nextPageToken', async () => {
    const first = await search('project = ITSUP', '&maxResults=3');
    expect(first.body.issues.map((i) => i.key)).toEqual(['ITSUP-1', 'ITSUP-2', 'ITSUP-3']);
    expect(first.body.isLast).toBe(false);
    const second = await search(
      'project = ITSUP',
      `&maxResults=3&nextPageToken=${first.body.nextPageToken ?? ''}`,
    );
    expect(second.body.issues.map((i) => i.key)).toEqual(['ITSUP-4']);
    expect(second.body.isLast).toBe(true);
  });

  it('applies browse permission: a member never sees SECOPS issues', async () => {
    expect((await search('labels = "access-review"', '', MEMBER)).body.issues).toEqual([]);
    const hidden = await search('project = SECOPS', '', MEMBER);
    expect(hidden.status).toBe(400);
    expect(hidden.body).toEqual({
      errorMessages: ["The value 'SECOPS' does not exist for the field 'project'."],
      errors: {},
    });
  });

  it.each<[string, string]>([
    ['', 'Unbounded'],
    ['ORDER BY created', 'Unbounded'],
    ['assignee = currentUser()', 'unsupported clause'],
    ['project = NOPE', "does not exist for the field 'project'"],
  ])('refuses %j with 400', async (jql, message) => {
    const res = await search(jql);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain(message);
  });

  it('refuses a forged page token and a bad maxResults', async () => {
    expect((await search('project = ITSUP', '&nextPageToken=bogus')).status).toBe(400);
    expect((await search('project = ITSUP', '&maxResults=zero')).status).toBe(400);
  });
});

describe('Jira store', () => {
  it('builds identical state from the same seed (deterministic ids and timestamps)', () => {
    const build = () => {
      const store = new JiraStore(TEST_JIRA.cloudId);
      seedJira(store, { seed: 'demo' }, { jira: TEST_JIRA });
      return store.snapshot();
    };
    expect(build()).toEqual(build());
    expect(JSON.stringify(build())).not.toContain('tok-admin');
  });

  it('empty seed keeps the users and the app, but no projects', () => {
    const store = new JiraStore(TEST_JIRA.cloudId);
    seedJira(store, { seed: 'empty' }, { jira: TEST_JIRA });
    expect(store.users().map((u) => u.accountType)).toEqual(['atlassian', 'atlassian', 'app']);
    expect(store.projects()).toEqual([]);
  });

  it('refuses an identity for another site', () => {
    const store = new JiraStore('another-cloud');
    expect(() => seedJira(store, { seed: 'demo' }, { jira: TEST_JIRA })).toThrow(/cloudId/);
  });
});
