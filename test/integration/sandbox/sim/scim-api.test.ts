import { SimControlClient } from '../../../../src/sandbox/sim/control-client';
import { startSimulator, type RunningSimulator } from '../../../../src/sandbox/sim/server';
import { DEMO_PEOPLE } from '../../../../src/sandbox/sim/seeds/demo-people';
import { call, contractProblems, credsOf, PATCH_OP, type Creds } from './sim-http';

/** SCIM list paging, the filter grammar, uniqueness and PATCH dialects, against the demo org. */

let sim: RunningSimulator;
let c: Creds;
beforeAll(async () => {
  sim = await startSimulator({ seed: { seed: 'demo' } });
  c = credsOf(sim);
});
afterAll(() => sim.close());

const users = (query = '') => `/scim/directory/${c.okta.id}/Users${query}`;
type List = {
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: Array<Record<string, unknown>>;
};

describe('list paging', () => {
  test('default page: first 100, 1-based startIndex, capital-R Resources', async () => {
    const res = await call(sim, 'GET', users(), { token: c.okta.key });
    expect(res.status).toBe(200);
    expect(contractProblems('scim.listUsers', res)).toEqual([]);
    const list = res.body as List;
    expect(list.startIndex).toBe(1);
    expect(list.itemsPerPage).toBe(100);
    expect(list.Resources).toHaveLength(100);
    expect(list.totalResults).toBeGreaterThan(100);
  });

  test('startIndex=101 continues where the first page ended, without overlap', async () => {
    const first = (await call(sim, 'GET', users('?startIndex=1&count=100'), { token: c.okta.key }))
      .body as List;
    const second = (await call(sim, 'GET', users('?startIndex=101&count=100'), { token: c.okta.key }))
      .body as List;
    expect(second.startIndex).toBe(101);
    expect(first.Resources.length + second.Resources.length).toBe(Math.min(200, first.totalResults));
    const ids = new Set(first.Resources.map((r) => r.id));
    expect(second.Resources.some((r) => ids.has(r.id))).toBe(false);
  });

  test('attributes projection keeps id and schemas', async () => {
    const res = await call(sim, 'GET', users('?count=1&attributes=userName'), { token: c.okta.key });
    expect(Object.keys((res.body as List).Resources[0] ?? {}).sort()).toEqual(['id', 'schemas', 'userName']);
  });
});

describe('filter grammar', () => {
  test.each([
    ['userName eq', `userName eq "${DEMO_PEOPLE.bob.email}"`, 1],
    ['attribute name case-insensitive', `USERNAME eq "${DEMO_PEOPLE.bob.email}"`, 1],
    ['externalId eq, no match', 'externalId eq "does-not-exist"', 0],
    ['userName eq, no match', 'userName eq "nobody@acme.example"', 0],
  ])('%s → %i result(s)', async (_name, filter, n) => {
    const res = await call(sim, 'GET', users(`?filter=${encodeURIComponent(filter)}`), { token: c.okta.key });
    expect(res.status).toBe(200);
    expect((res.body as List).totalResults).toBe(n);
  });

  test.each([
    ['emails.value', `emails.value eq "${DEMO_PEOPLE.bob.email}"`],
    ['and', 'userName eq "a" and externalId eq "b"'],
    ['co', 'userName co "bob"'],
    ['active', 'active eq true'],
    ['unquoted', 'userName eq bob'],
  ])('%s → 400 invalidFilter', async (_name, filter) => {
    const res = await call(sim, 'GET', users(`?filter=${encodeURIComponent(filter)}`), { token: c.okta.key });
    expect(res.status).toBe(400);
    expect(contractProblems('scim.listUsers', res)).toEqual([]);
    expect(res.body).toMatchObject({ status: '400', scimType: 'invalidFilter' });
  });

  test('groups filter on displayName only', async () => {
    const ok = await call(
      sim,
      'GET',
      `/scim/directory/${c.okta.id}/Groups?filter=${encodeURIComponent('displayName eq "sales"')}`,
      {
        token: c.okta.key,
      },
    );
    expect(ok.status).toBe(200);
    expect(contractProblems('scim.listGroups', ok)).toEqual([]);
    expect((ok.body as List).Resources.map((g) => g.displayName)).toEqual(['sales']);
    const bad = await call(
      sim,
      'GET',
      `/scim/directory/${c.okta.id}/Groups?filter=${encodeURIComponent('userName eq "x"')}`,
      {
        token: c.okta.key,
      },
    );
    expect(bad.body).toMatchObject({ status: '400', scimType: 'invalidFilter' });
  });
});

describe('create', () => {
  beforeEach(() => new SimControlClient(sim.url, sim.identity.controlToken).reset({ seed: 'demo' }));

  const body = (userName: string, email: string, externalId?: string) => ({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName,
    ...(externalId ? { externalId } : {}),
    emails: [{ value: email, primary: true }],
  });

  test.each([
    ['email', body('someone.new', DEMO_PEOPLE.hank.email), `email[${DEMO_PEOPLE.hank.email}]`],
    ['userName', body(DEMO_PEOPLE.hank.email, 'fresh@acme.example'), `userName[${DEMO_PEOPLE.hank.email}]`],
    ['externalId', body('fresh2@acme.example', 'fresh2@acme.example', '00u1'), 'externalId[00u1]'],
  ])('duplicate %s in the directory → 409 uniqueness', async (_name, b, detailPart) => {
    const res = await call(sim, 'POST', users(), { token: c.okta.key, body: b });
    expect(res.status).toBe(409);
    expect(contractProblems('scim.createUser', res, b)).toEqual([]);
    expect(res.body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '409',
      scimType: 'uniqueness',
      detail: `Resource [USER]: with ${detailPart} already exists.`,
    });
  });

  test('an existing account with the email (invited, not SCIM) is linked, not duplicated', async () => {
    const b = body(DEMO_PEOPLE.ivy.email, DEMO_PEOPLE.ivy.email);
    const res = await call(sim, 'POST', users(), { token: c.okta.key, body: b });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toMatch(/\/Users\/[0-9a-f-]+$/);
    const linked = (res.body as Record<string, { atlassianAccountId: string }>)[
      'urn:scim:schemas:extension:atlassian-external:1.0'
    ];
    const search = await call(sim, 'POST', `/admin/v2/orgs/${c.orgId}/directories/-/users/search`, {
      token: c.org,
      body: { emails: [DEMO_PEOPLE.ivy.email] },
    });
    expect(search.body).toMatchObject({
      data: [{ accountId: linked?.atlassianAccountId, managementSource: 'synced' }],
    });
  });

  test('missing emails → 400', async () => {
    const b = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'x@acme.example' };
    const res = await call(sim, 'POST', users(), { token: c.okta.key, body: b });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
  });

  test('scim+json in, scim+json out', async () => {
    const res = await call(sim, 'GET', users('?count=1'), { token: c.okta.key });
    expect(res.contentType).toMatch(/^application\/json/);
    const scimRes = await call(sim, 'POST', users(), {
      token: c.okta.key,
      body: body('ct@acme.example', 'ct@acme.example'),
      contentType: 'application/scim+json; charset=utf-8',
    });
    expect(scimRes.contentType).toMatch(/^application\/scim\+json/);
  });
});

describe('patch dialects', () => {
  beforeEach(() => new SimControlClient(sim.url, sim.identity.controlToken).reset({ seed: 'demo' }));

  async function hankId(): Promise<string> {
    const res = await call(
      sim,
      'GET',
      users(`?filter=${encodeURIComponent(`userName eq "${DEMO_PEOPLE.hank.email}"`)}`),
      {
        token: c.okta.key,
      },
    );
    return String((res.body as List).Resources[0]?.id);
  }

  test.each([
    [
      'Okta: replace with path',
      [{ op: 'replace', path: 'title', value: 'Staff Engineer' }],
      { title: 'Staff Engineer' },
    ],
    [
      'Entra: Replace, filtered email path',
      [{ op: 'Replace', path: 'emails[type eq "work"].value', value: 'hank.new@acme.example' }],
      { emails: [{ value: 'hank.new@acme.example', type: 'work', primary: true }] },
    ],
    [
      'no path, object value',
      [{ op: 'replace', value: { displayName: 'Hank A.', active: false } }],
      { displayName: 'Hank A.', active: false },
    ],
    [
      'enterprise extension path',
      [
        {
          op: 'add',
          path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
          value: 'Platform',
        },
      ],
      { department: 'Platform' },
    ],
    ['remove an attribute', [{ op: 'remove', path: 'title' }], {}],
  ])('%s', async (_name, Operations, expected) => {
    const id = await hankId();
    const res = await call(sim, 'PATCH', users(`/${id}`), {
      token: c.okta.key,
      body: { schemas: [PATCH_OP], Operations },
    });
    expect(res.status).toBe(200);
    expect(contractProblems('scim.patchUser', res)).toEqual([]);
    expect(res.body).toMatchObject(expected);
  });

  test.each([
    ['unknown op', [{ op: 'move', path: 'title', value: 'x' }], 'invalidSyntax'],
    ['unknown path', [{ op: 'replace', path: 'favouriteColour', value: 'x' }], 'invalidPath'],
    ['non-boolean active', [{ op: 'replace', path: 'active', value: 'maybe' }], 'invalidValue'],
    ['remove userName', [{ op: 'remove', path: 'userName' }], 'mutability'],
  ])('%s → 400 %s', async (_name, Operations, scimType) => {
    const id = await hankId();
    const res = await call(sim, 'PATCH', users(`/${id}`), {
      token: c.okta.key,
      body: { schemas: [PATCH_OP], Operations },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: '400', scimType });
  });

  test('email change onto another account → 409 and nothing changes', async () => {
    const id = await hankId();
    const Operations = [
      { op: 'replace', path: 'emails', value: [{ value: DEMO_PEOPLE.ivy.email, primary: true }] },
    ];
    const res = await call(sim, 'PATCH', users(`/${id}`), {
      token: c.okta.key,
      body: { schemas: [PATCH_OP], Operations },
    });
    expect(res.status).toBe(409);
    const after = await call(sim, 'GET', users(`/${id}`), { token: c.okta.key });
    expect(after.body).toMatchObject({ emails: [{ value: DEMO_PEOPLE.hank.email }] });
  });
});
