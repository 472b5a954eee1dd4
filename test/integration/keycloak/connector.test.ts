/**
 * The Keycloak connector against the simulator's Keycloak (real HTTP, the official admin client):
 * complete listings of enabled and disabled users, and typed failures for refused credentials and for
 * a listing that fails midway.
 */
import KcAdminClient from '@keycloak/keycloak-admin-client';
import { createKeycloakConnector, KeycloakListingError } from '../../../src/keycloak';
import { SimControlClient } from '../../../src/sandbox/sim/control-client';
import { startSimulator, type RunningSimulator } from '../../../src/sandbox/sim/server';

let sim: RunningSimulator;
let control: SimControlClient;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: { seed: 'demo' } });
  control = new SimControlClient(sim.url, sim.identity.controlToken);
});
afterAll(() => sim.close());
beforeEach(async () => {
  await control.reset({ seed: 'demo' });
  await control.clearFaults();
});

const connector = (overrides: { clientSecret?: string; pageSize?: number } = {}) =>
  createKeycloakConnector({
    baseUrl: `${sim.url}/keycloak`,
    realm: sim.identity.keycloak.realm,
    clientId: sim.identity.keycloak.clientId,
    clientSecret: overrides.clientSecret ?? sim.identity.keycloak.clientSecret,
    pageSize: overrides.pageSize ?? 7,
  });

test('lists every user of the demo realm, enabled and disabled, with lower-cased emails', async () => {
  const state = (await control.state()) as { keycloakUsers: Array<{ email: string; enabled: boolean }> };
  const { users, calls } = await connector().listAllUsers();
  expect(users.map((u) => [u.email, u.enabled]).sort()).toEqual(
    state.keycloakUsers.map((u) => [u.email.toLowerCase(), u.enabled]).sort(),
  );
  expect(users.some((u) => !u.enabled)).toBe(true);
  const pages = Math.floor(state.keycloakUsers.length / 7) + 1;
  expect(calls.map((c) => c.operation)).toEqual([
    'keycloak.token',
    'keycloak.countUsers',
    ...Array<string>(pages).fill('keycloak.listUsers'),
    'keycloak.countUsers',
  ]);
  expect(calls.every((c) => c.status === 200)).toBe(true);
  expect(JSON.stringify(calls)).not.toContain(sim.identity.keycloak.clientSecret);
});

test('mixed-case emails created through the admin API come back lower-cased', async () => {
  const kc = new KcAdminClient({ baseUrl: `${sim.url}/keycloak`, realmName: sim.identity.keycloak.realm });
  await kc.auth({
    grantType: 'client_credentials',
    clientId: sim.identity.keycloak.clientId,
    clientSecret: sim.identity.keycloak.clientSecret,
  });
  await kc.users.create({ username: 'MixedCase', email: 'Mixed.Case@Acme.Example', enabled: false });
  const { users } = await connector().listAllUsers();
  expect(users.find((u) => u.username === 'mixedcase')).toMatchObject({
    email: 'mixed.case@acme.example',
    enabled: false,
  });
});

test('a refused service account is an auth failure that carries no secret', async () => {
  const err = await connector({ clientSecret: 'wrong-secret-value' })
    .listAllUsers()
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(KeycloakListingError);
  expect(err).toMatchObject({ kind: 'auth', status: 401 });
  expect(JSON.stringify((err as KeycloakListingError).toJSON())).not.toContain('wrong-secret-value');
});

test.each([
  ['a 503 on the third page', { status: 503 as const }, 503],
  ['a dropped connection on the third page', { drop: true as const }, null],
])('%s fails the whole listing with the calls made so far', async (_name, fault, status) => {
  // token, count, page 1, page 2 pass; page 3 fails.
  await control.setFaults({
    api: 'keycloak',
    sequence: [{ latencyMs: 0 }, { latencyMs: 0 }, { latencyMs: 0 }, { latencyMs: 0 }, fault],
  });
  const err = (await connector()
    .listAllUsers()
    .catch((e: unknown) => e)) as KeycloakListingError;
  expect(err).toBeInstanceOf(KeycloakListingError);
  expect(err.kind).toBe('request');
  expect(err.status).toBe(status);
  expect(err.calls.map((c) => c.status)).toEqual([200, 200, 200, 200, status]);
});

test('countUsers signs in and reads the count: two calls, and a refused secret is an auth failure', async () => {
  const state = (await control.state()) as { keycloakUsers: unknown[] };
  const { count, calls } = await connector().countUsers();
  expect(count).toBe(state.keycloakUsers.length);
  expect(calls.map((c) => [c.operation, c.status])).toEqual([
    ['keycloak.token', 200],
    ['keycloak.countUsers', 200],
  ]);
  const refused = await connector({ clientSecret: 'kc-wrong-secret-000' })
    .countUsers()
    .catch((err: unknown) => err);
  expect(refused).toBeInstanceOf(KeycloakListingError);
  expect((refused as KeycloakListingError).kind).toBe('auth');
  expect((refused as KeycloakListingError).calls.map((c) => c.operation)).toEqual(['keycloak.token']);
});
