import { accountIdFor } from '../../../../src/sandbox/sim/ids';
import { startSimulator, type RunningSimulator } from '../../../../src/sandbox/sim/server';
import { DEMO_PEOPLE } from '../../../../src/sandbox/sim/seeds/demo-people';
import { call, credsOf, type Creds } from './sim-http';

/** Each API takes only its own credential and refuses others in its own error shape (docs §9). */

let sim: RunningSimulator;
let c: Creds;
beforeAll(async () => {
  sim = await startSimulator({ seed: { seed: 'demo' } });
  c = credsOf(sim);
});
afterAll(() => sim.close());

const bob = accountIdFor(DEMO_PEOPLE.bob.email);
const failure = { error: expect.any(String), traceId: expect.any(String) };

describe('SCIM: directory key only; 401/403 as {error, traceId}', () => {
  const path = () => `/scim/directory/${c.okta.id}/Users?count=1`;
  test.each([
    ['own directory key', () => c.okta.key, 200, undefined],
    ['no key', () => undefined, 401, failure],
    ['unknown key', () => 'not-a-key', 401, failure],
    ['org API key', () => c.org, 403, failure],
    ["the other directory's key", () => c.entra.key, 403, failure],
  ])('%s → %i', async (_name, token, status, body) => {
    const t = token();
    const res = await call(sim, 'GET', path(), t === undefined ? {} : { token: t });
    expect(res.status).toBe(status);
    if (body) expect(res.body).toEqual(body);
  });
});

describe('Org v2: org key only; 401 as {code, message}', () => {
  test.each([
    ['org API key', () => c.org, 200],
    ['SCIM key', () => c.okta.key, 401],
    ['no key', () => undefined, 401],
  ])('%s → %i', async (_name, token, status) => {
    const t = token();
    const res = await call(
      sim,
      'GET',
      `/admin/v2/orgs/${c.orgId}/directories`,
      t === undefined ? {} : { token: t },
    );
    expect(res.status).toBe(status);
    if (status === 401) expect(res.body).toEqual({ code: 401, message: expect.any(String) });
  });

  test('another org id with a valid key → 404 in the v2 Errors shape', async () => {
    const res = await call(sim, 'GET', '/admin/v2/orgs/some-other-org/directories', { token: c.org });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ errors: [expect.objectContaining({ status: '404', code: 'ADMIN-404-2' })] });
  });
});

describe('User management: org key only; 401 as {key: "unauthorized"}', () => {
  test.each([
    ['org API key', () => c.org, 200],
    ['SCIM key', () => c.okta.key, 401],
    ['Jira user token', () => sim.identity.jira.users[0]?.token, 401],
  ])('%s → %i', async (_name, token, status) => {
    const res = await call(sim, 'GET', `/users/${bob}/manage`, { token: token() ?? '' });
    expect(res.status).toBe(status);
    if (status === 401) expect(res.body).toEqual({ key: 'unauthorized' });
  });
});

describe('SCIM link APIs: org key (docs), SCIM key refused by default', () => {
  test.each([
    ['org API key', () => c.org, 200],
    ['SCIM key', () => c.okta.key, 403],
    ['unknown key', () => 'nope', 401],
  ])('%s → %i', async (_name, token, status) => {
    const res = await call(
      sim,
      'GET',
      `/admin/user-provisioning/v1/org/${c.orgId}/user/${bob}/get-scim-links`,
      {
        token: token(),
      },
    );
    expect(res.status).toBe(status);
    if (status !== 200) expect(res.body).toEqual(failure);
  });

  test('scimLinksAcceptScimKey lets a directory key through (the UNCONFIRMED alternative)', async () => {
    const lenient = await startSimulator({ seed: { seed: 'demo' }, scimLinksAcceptScimKey: true });
    try {
      const lc = credsOf(lenient);
      const res = await call(
        lenient,
        'GET',
        `/admin/user-provisioning/v1/org/${lc.orgId}/user/${bob}/get-scim-links`,
        { token: lc.okta.key },
      );
      expect(res.status).toBe(200);
    } finally {
      await lenient.close();
    }
  });
});

test('Jira refuses admin keys', async () => {
  const res = await call(sim, 'GET', `/ex/jira/${sim.identity.jira.cloudId}/rest/api/3/myself`, {
    token: c.org,
  });
  expect(res.status).toBe(401);
});
