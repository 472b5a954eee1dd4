/**
 * The simulator's Keycloak admin API, driven by the official @keycloak/keycloak-admin-client: the
 * client-credentials token endpoint, users list / search / count / get / create / update / delete,
 * first/max paging through a 10,000-user realm, the enabled filter and brief representations.
 */
import KcAdminClient, { NetworkError } from '@keycloak/keycloak-admin-client';
import { SimControlClient } from '../../../../src/sandbox/sim/control-client';
import { startSimulator, type RunningSimulator } from '../../../../src/sandbox/sim/server';
import { mapConcurrent } from '../../../../src/lib/map-concurrent';

let sim: RunningSimulator;
let control: SimControlClient;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: { seed: 'demo' } });
  control = new SimControlClient(sim.url, sim.identity.controlToken);
});
afterAll(() => sim.close());
beforeEach(() => control.reset({ seed: 'demo' }));

async function client(secret = sim.identity.keycloak.clientSecret): Promise<KcAdminClient> {
  const kc = new KcAdminClient({ baseUrl: `${sim.url}/keycloak`, realmName: sim.identity.keycloak.realm });
  await kc.auth({
    grantType: 'client_credentials',
    clientId: sim.identity.keycloak.clientId,
    clientSecret: secret,
  });
  return kc;
}

// Keycloak's /users/count takes `enabled` too; the client's type for count() does not list it.
const onlyDisabled = { search: '*', enabled: false };

async function statusOf(p: Promise<unknown>): Promise<{ status: number; data: unknown }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof NetworkError) return { status: err.response.status, data: err.responseData };
    throw err;
  }
  throw new Error('expected the request to fail');
}

test('client credentials: the service account gets a JWT with an expiry; a wrong secret is unauthorized_client', async () => {
  const kc = await client();
  expect(kc.accessToken?.split('.')).toHaveLength(3);
  expect(kc.isTokenExpired()).toBe(false);

  const failed = await statusOf(client('not-the-secret'));
  expect(failed.status).toBe(401);
  expect(failed.data).toMatchObject({ error: 'unauthorized_client' });

  const res = await fetch(
    `${sim.url}/keycloak/realms/${sim.identity.keycloak.realm}/protocol/openid-connect/token`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: sim.identity.keycloak.clientId,
        client_secret: sim.identity.keycloak.clientSecret,
      }),
    },
  );
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ token_type: 'Bearer', expires_in: 300 });
});

test('the admin API needs a bearer token of the realm', async () => {
  const base = `${sim.url}/keycloak/admin/realms/${sim.identity.keycloak.realm}/users`;
  expect((await fetch(base)).status).toBe(401);
  expect((await fetch(base, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
  const kc = await client();
  const other = await fetch(`${sim.url}/keycloak/admin/realms/elsewhere/users`, {
    headers: { authorization: `Bearer ${kc.accessToken ?? ''}` },
  });
  expect(other.status).toBe(404);
});

test('the demo realm: Keycloak users of the demo seed, some disabled, ordered by username', async () => {
  const kc = await client();
  const all = await kc.users.find({ max: 1000 });
  const state = (await control.state()) as { keycloakUsers: Array<{ email: string; enabled: boolean }> };
  expect(all).toHaveLength(state.keycloakUsers.length);
  expect(await kc.users.count()).toBe(all.length);
  const usernames = all.map((u) => u.username ?? '');
  expect(usernames).toEqual([...usernames].sort());
  const hank = all.find((u) => u.email === 'hank.active@acme.example');
  expect(hank).toMatchObject({
    enabled: false,
    username: 'hank.active',
    firstName: 'Hank',
    emailVerified: true,
  });
  const disabled = await kc.users.find({ enabled: false, max: 1000 });
  expect(disabled.map((u) => u.email).sort()).toEqual(
    state.keycloakUsers
      .filter((u) => !u.enabled)
      .map((u) => u.email)
      .sort(),
  );
  expect(await kc.users.count(onlyDisabled)).toBe(disabled.length);
});

test('create, find, update (disable), findOne, delete', async () => {
  const kc = await client();
  const { id } = await kc.users.create({
    username: 'Quinn.New',
    email: 'Quinn.New@acme.example',
    enabled: true,
    firstName: 'Quinn',
    lastName: 'New',
  });
  expect(id).toMatch(/^[0-9a-f-]{36}$/);

  const found = await kc.users.find({ email: 'quinn.new@acme.example', exact: true });
  expect(found).toEqual([
    expect.objectContaining({ id, username: 'quinn.new', email: 'quinn.new@acme.example' }),
  ]);
  expect(await kc.users.find({ search: 'quinn' })).toHaveLength(1);
  expect(await kc.users.find({ username: 'quinn', exact: true })).toHaveLength(0);
  expect(await kc.users.find({ username: 'quinn' })).toHaveLength(1);

  const dup = await statusOf(kc.users.create({ username: 'quinn.new' }));
  expect(dup).toEqual({ status: 409, data: { errorMessage: 'User exists with same username' } });
  const dupEmail = await statusOf(kc.users.create({ username: 'other', email: 'QUINN.NEW@acme.example' }));
  expect(dupEmail.status).toBe(409);

  await kc.users.update({ id }, { enabled: false });
  const one = await kc.users.findOne({ id });
  expect(one).toMatchObject({ id, enabled: false, firstName: 'Quinn', requiredActions: [] });
  expect(typeof one?.createdTimestamp).toBe('number');

  await kc.users.del({ id });
  expect(await kc.users.findOne({ id })).toBeNull();
  expect((await statusOf(kc.users.del({ id }))).status).toBe(404);
});

test('briefRepresentation leaves out the full representation fields', async () => {
  const kc = await client();
  const [brief] = await kc.users.find({ max: 1, briefRepresentation: true });
  const [full] = await kc.users.find({ max: 1 });
  expect(Object.keys(brief ?? {}).sort()).toEqual(
    [
      'createdTimestamp',
      'email',
      'emailVerified',
      'enabled',
      'firstName',
      'id',
      'lastName',
      'username',
    ].sort(),
  );
  expect(full).toHaveProperty('requiredActions');
  expect(full).toHaveProperty('notBefore');
});

test('a realm of 10,000 users pages through completely with first/max, and the enabled filter holds', async () => {
  await control.reset({ seed: 'empty' });
  const kc = await client();
  expect(await kc.users.count()).toBe(0);
  const n = 10_000;
  await mapConcurrent(
    Array.from({ length: n }, (_, i) => i),
    16,
    (i) =>
      kc.users.create({
        username: `user${String(i).padStart(5, '0')}`,
        email: `user${i}@acme.example`,
        enabled: i % 10 !== 0,
      }),
  );
  expect(await kc.users.count()).toBe(n);
  expect(await kc.users.count(onlyDisabled)).toBe(n / 10);

  const seen = new Set<string>();
  const max = 500;
  for (let first = 0; ; first += max) {
    const page = await kc.users.find({ first, max, briefRepresentation: true });
    for (const u of page) seen.add(u.id ?? '');
    if (page.length < max) break;
  }
  expect(seen.size).toBe(n);

  const disabled = [];
  for (let first = 0; ; first += 100) {
    const page = await kc.users.find({ first, max: 100, enabled: false, briefRepresentation: true });
    disabled.push(...page);
    if (page.length < 100) break;
  }
  expect(disabled).toHaveLength(n / 10);
  expect(disabled.every((u) => u.enabled === false)).toBe(true);
  // Without `max` Keycloak answers its default page of 100.
  expect(await kc.users.find()).toHaveLength(100);
}, 120_000);

test('Keycloak requests are logged under the keycloak api family and take its faults', async () => {
  const kc = await client();
  await control.clearCalls();
  await control.setFaults({ api: 'keycloak', sequence: [{ status: 503 }] });
  expect((await statusOf(kc.users.count())).status).toBe(503);
  expect(await kc.users.count()).toBeGreaterThan(0);
  const { calls } = await control.calls();
  expect(calls.map((c) => [c.api, c.status])).toEqual([
    ['keycloak', 503],
    ['keycloak', 200],
  ]);
});
