/**
 * Contract cases for every operation of src/atlassian/operations.ts, one table per API family.
 * Each case is one real request to the simulator's demo seed (reset before every case); the
 * runner checks the status it names and validates request and response against the spec.
 * People and their situations: the table at the top of src/sandbox/sim/seeds/demo.ts.
 */
import { accountIdFor } from '../../src/sandbox/sim/ids';
import type { RunningSimulator } from '../../src/sandbox/sim/server';
import type { OperationId } from '../../src/atlassian/operations';
import type { Captured, OperationCases } from './contract-runner';

export interface Directory {
  id: string;
  scimKey: string;
}

export interface AdminCtx {
  sim: RunningSimulator;
  orgId: string;
  orgKey: string;
  okta: Directory;
  entra: Directory;
  accountId(email: string): string;
  /** The SCIM user id of `userName` in `dir` (looked up through the SCIM filter, unchecked). */
  scimUserId(dir: Directory, userName: string): Promise<string>;
  /** The id of some group of `dir`. */
  scimGroupId(dir: Directory): Promise<string>;
}

export const PEOPLE = {
  alice: 'alice.admin@acme.example',
  paul: 'paul.agent@acme.example',
  bob: 'bob.mover@acme.example',
  carla: 'carla.both@acme.example',
  dan: 'dan.deactivated@acme.example',
  frank: 'frank.deleted@acme.example',
  gina: 'gina.suspended@acme.example',
  ivy: 'ivy.invited@acme.example',
  jack: 'jack.external@gmail.com',
  leo: 'leo.exportcontrol@acme.example',
  mia: 'mia.pendingdeletion@acme.example',
} as const;

export async function buildAdminCtx(sim: RunningSimulator): Promise<AdminCtx> {
  const [okta, entra] = sim.identity.directories;
  if (!okta || !entra) throw new Error('the simulator identity must have two directories');
  const scimGet = async (dir: Directory, path: string) => {
    const res = await fetch(`${sim.url}/scim/directory/${dir.id}${path}`, {
      headers: { Authorization: `Bearer ${dir.scimKey}`, Accept: 'application/json' },
    });
    if (!res.ok) throw new Error(`setup lookup ${path} failed: HTTP ${res.status}`);
    return (await res.json()) as { Resources?: Array<{ id?: string }> };
  };
  return {
    sim,
    orgId: sim.identity.org.id,
    orgKey: sim.identity.org.apiKey,
    okta,
    entra,
    accountId: (email) => accountIdFor(email),
    scimUserId: async (dir, userName) => {
      const list = await scimGet(dir, `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
      const id = list.Resources?.[0]?.id;
      if (!id) throw new Error(`setup: no SCIM user ${userName} in directory ${dir.id}`);
      return id;
    },
    scimGroupId: async (dir) => {
      const id = (await scimGet(dir, '/Groups?count=1')).Resources?.[0]?.id;
      if (!id) throw new Error(`setup: directory ${dir.id} has no groups`);
      return id;
    },
  };
}

const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000';
const UNKNOWN_ACCOUNT = '712020:00000000-0000-5000-a000-000000000000';
const BAD_KEY = 'not-a-real-key';

const bodyOf = (res: Captured) => res.body as Record<string, unknown>;
const expectRateLimitHeaders = (res: Captured) => {
  expect(res.headers.get('x-ratelimit-reset')).toMatch(/^\d{4}-\d\d-\d\dT/);
  expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
};

type Table = Array<OperationCases<OperationId, AdminCtx>>;

export const ORG_CASES: Table = [
  {
    operationId: 'org.listDirectories',
    cases: [
      {
        name: 'lists both directories',
        status: 200,
        request: (x) => ({ params: { orgId: x.orgId } }),
        expect: (res) => expect(bodyOf(res).data).toHaveLength(2),
      },
      {
        name: 'limit out of range',
        status: 400,
        request: (x) => ({ params: { orgId: x.orgId }, query: { limit: '0' } }),
      },
      {
        name: 'a SCIM directory key is not an org key',
        status: 401,
        request: (x) => ({ params: { orgId: x.orgId }, token: x.okta.scimKey }),
      },
      { name: 'no credentials', status: 401, request: (x) => ({ params: { orgId: x.orgId }, token: null }) },
      {
        name: 'rate limited',
        status: 429,
        rateLimit: 'org',
        request: (x) => ({ params: { orgId: x.orgId } }),
        expect: expectRateLimitHeaders,
      },
    ],
  },
  {
    operationId: 'org.searchUsers',
    cases: [
      {
        name: 'exact email search',
        status: 200,
        request: (x) => ({
          params: { orgId: x.orgId, directoryId: x.okta.id },
          body: { emails: [PEOPLE.bob], limit: 10 },
        }),
        expect: (res) => expect(bodyOf(res).data).toEqual([expect.objectContaining({ email: PEOPLE.bob })]),
      },
      {
        name: 'inactive accounts across all directories, paged',
        status: 200,
        request: (x) => ({
          params: { orgId: x.orgId, directoryId: '-' },
          body: { accountStatus: ['inactive'], limit: 5 },
        }),
        expect: (res) => {
          expect(bodyOf(res).data).toHaveLength(5);
          expect(bodyOf(res).links).toEqual(expect.objectContaining({ next: expect.any(String) }));
        },
      },
      {
        name: 'emails and searchTerm together',
        status: 400,
        request: (x) => ({
          params: { orgId: x.orgId, directoryId: x.okta.id },
          body: { emails: [PEOPLE.bob], searchTerm: 'bob' },
        }),
      },
      {
        name: 'a SCIM directory key is not an org key',
        status: 401,
        request: (x) => ({
          params: { orgId: x.orgId, directoryId: x.okta.id },
          body: {},
          token: x.okta.scimKey,
        }),
      },
      {
        name: 'unknown directory',
        status: 404,
        request: (x) => ({ params: { orgId: x.orgId, directoryId: UNKNOWN_UUID }, body: {} }),
      },
      {
        name: 'rate limited',
        status: 429,
        rateLimit: 'org',
        request: (x) => ({ params: { orgId: x.orgId, directoryId: x.okta.id }, body: {} }),
        expect: expectRateLimitHeaders,
      },
    ],
  },
  {
    operationId: 'org.getUser',
    cases: [
      {
        name: 'details of a member of the directory',
        status: 200,
        request: (x) => ({
          params: { orgId: x.orgId, directoryId: x.okta.id, userId: x.accountId(PEOPLE.bob) },
        }),
        expect: (res, x) =>
          expect(bodyOf(res).data).toEqual(expect.objectContaining({ accountId: x.accountId(PEOPLE.bob) })),
      },
      {
        name: 'details across all directories',
        status: 200,
        request: (x) => ({ params: { orgId: x.orgId, directoryId: '-', userId: x.accountId(PEOPLE.jack) } }),
      },
      {
        name: 'unknown user',
        status: 404,
        request: (x) => ({ params: { orgId: x.orgId, directoryId: x.okta.id, userId: UNKNOWN_ACCOUNT } }),
      },
      {
        name: 'wrong key',
        status: 401,
        request: (x) => ({
          params: { orgId: x.orgId, directoryId: x.okta.id, userId: x.accountId(PEOPLE.bob) },
          token: BAD_KEY,
        }),
      },
      {
        name: 'rate limited',
        status: 429,
        rateLimit: 'org',
        request: (x) => ({
          params: { orgId: x.orgId, directoryId: x.okta.id, userId: x.accountId(PEOPLE.bob) },
        }),
        expect: expectRateLimitHeaders,
      },
    ],
  },
  {
    operationId: 'org.suspendUser',
    cases: [
      {
        name: 'suspends an active member',
        status: 204,
        request: (x) => ({
          params: { orgId: x.orgId, directoryId: x.okta.id, accountId: x.accountId(PEOPLE.paul) },
        }),
      },
      {
        name: 'unknown account',
        status: 404,
        request: (x) => ({ params: { orgId: x.orgId, directoryId: x.okta.id, accountId: UNKNOWN_ACCOUNT } }),
      },
      {
        name: 'a SCIM directory key is not an org key',
        status: 401,
        request: (x) => ({
          params: { orgId: x.orgId, directoryId: x.okta.id, accountId: x.accountId(PEOPLE.paul) },
          token: x.okta.scimKey,
        }),
      },
      {
        name: 'rate limited',
        status: 429,
        rateLimit: 'org',
        request: (x) => ({
          params: { orgId: x.orgId, directoryId: x.okta.id, accountId: x.accountId(PEOPLE.paul) },
        }),
        expect: expectRateLimitHeaders,
      },
    ],
  },
  {
    operationId: 'org.restoreUser',
    cases: [
      {
        name: 'restores a suspended member',
        status: 204,
        request: (x) => ({
          params: { orgId: x.orgId, directoryId: x.okta.id, accountId: x.accountId(PEOPLE.gina) },
        }),
      },
      {
        name: 'unknown account',
        status: 404,
        request: (x) => ({ params: { orgId: x.orgId, directoryId: x.okta.id, accountId: UNKNOWN_ACCOUNT } }),
      },
      {
        name: 'no credentials',
        status: 401,
        request: (x) => ({
          params: { orgId: x.orgId, directoryId: x.okta.id, accountId: x.accountId(PEOPLE.gina) },
          token: null,
        }),
      },
      {
        name: 'rate limited',
        status: 429,
        rateLimit: 'org',
        request: (x) => ({
          params: { orgId: x.orgId, directoryId: x.okta.id, accountId: x.accountId(PEOPLE.gina) },
        }),
        expect: expectRateLimitHeaders,
      },
    ],
  },
];

const linksOf = (res: Captured) => (res.body as { scimLinks: Array<Record<string, unknown>> }).scimLinks;

export const SCIM_LINK_CASES: Table = [
  {
    operationId: 'scimLinks.getByAccountId',
    cases: [
      {
        name: 'one link of an account locked by SCIM',
        status: 200,
        request: (x) => ({ params: { orgId: x.orgId, aaId: x.accountId(PEOPLE.bob) } }),
        expect: (res, x) =>
          expect(linksOf(res)).toEqual([
            expect.objectContaining({ atlassianAccountId: x.accountId(PEOPLE.bob), directoryId: x.okta.id }),
          ]),
      },
      {
        name: 'links in both directories',
        status: 200,
        request: (x) => ({ params: { orgId: x.orgId, aaId: x.accountId(PEOPLE.carla) } }),
        expect: (res) => expect(linksOf(res)).toHaveLength(2),
      },
      {
        name: 'no links for an invited account',
        status: 200,
        request: (x) => ({ params: { orgId: x.orgId, aaId: x.accountId(PEOPLE.jack) } }),
        expect: (res) => expect(linksOf(res)).toEqual([]),
      },
      {
        name: 'wrong key',
        status: 401,
        request: (x) => ({ params: { orgId: x.orgId, aaId: x.accountId(PEOPLE.bob) }, token: BAD_KEY }),
      },
      {
        name: 'a SCIM directory key (org key expected)',
        status: 403,
        request: (x) => ({
          params: { orgId: x.orgId, aaId: x.accountId(PEOPLE.bob) },
          token: x.okta.scimKey,
        }),
      },
    ],
  },
  {
    operationId: 'scimLinks.getForEmail',
    cases: [
      {
        name: 'links of an email in both directories',
        status: 200,
        request: (x) => ({ params: { orgId: x.orgId }, body: { email: PEOPLE.carla } }),
        expect: (res) => expect(linksOf(res)).toHaveLength(2),
      },
      {
        name: 'a body without email',
        status: 400,
        requestViolatesSpec: true,
        request: (x) => ({ params: { orgId: x.orgId }, body: { mail: PEOPLE.carla } }),
      },
      {
        name: 'no credentials',
        status: 401,
        request: (x) => ({ params: { orgId: x.orgId }, body: { email: PEOPLE.carla }, token: null }),
      },
    ],
  },
  {
    operationId: 'scimLinks.unlink',
    cases: [
      {
        name: 'unlinks without a body',
        status: 204,
        request: async (x) => ({
          params: {
            orgId: x.orgId,
            scimDirectoryId: x.okta.id,
            scimUserId: await x.scimUserId(x.okta, PEOPLE.bob),
          },
        }),
      },
      {
        name: 'unlinks with an empty object (as atlassian-python-api sends)',
        status: 204,
        request: async (x) => ({
          params: {
            orgId: x.orgId,
            scimDirectoryId: x.okta.id,
            scimUserId: await x.scimUserId(x.okta, PEOPLE.dan),
          },
          body: {},
        }),
      },
      {
        name: 'unknown SCIM user',
        status: 404,
        request: (x) => ({
          params: { orgId: x.orgId, scimDirectoryId: x.okta.id, scimUserId: UNKNOWN_UUID },
        }),
      },
      {
        name: 'wrong key',
        status: 401,
        request: async (x) => ({
          params: {
            orgId: x.orgId,
            scimDirectoryId: x.okta.id,
            scimUserId: await x.scimUserId(x.okta, PEOPLE.bob),
          },
          token: BAD_KEY,
        }),
      },
    ],
  },
  {
    operationId: 'scimLinks.onlyDeleteUserInDB',
    cases: [
      {
        name: 'deletes the SCIM records of a managed account',
        status: 204,
        request: (x) => ({ params: { orgId: x.orgId, AAID: x.accountId(PEOPLE.dan) } }),
      },
      {
        name: 'an unmanaged account',
        status: 404,
        request: (x) => ({ params: { orgId: x.orgId, AAID: x.accountId(PEOPLE.jack) } }),
      },
      {
        name: 'wrong key',
        status: 401,
        request: (x) => ({ params: { orgId: x.orgId, AAID: x.accountId(PEOPLE.dan) }, token: BAD_KEY }),
      },
      {
        name: 'a SCIM directory key (org key expected)',
        status: 403,
        request: (x) => ({
          params: { orgId: x.orgId, AAID: x.accountId(PEOPLE.dan) },
          token: x.okta.scimKey,
        }),
      },
    ],
  },
];

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const newScimUser = (userName: string) => ({
  schemas: [CORE_USER],
  userName,
  emails: [{ value: userName, type: 'work', primary: true }],
  name: { givenName: 'New', familyName: 'Starter' },
  displayName: 'New Starter',
  active: true,
});

const onOkta = (x: AdminCtx, extra: Record<string, string> = {}) => ({ directoryId: x.okta.id, ...extra });

export const SCIM_CASES: Table = [
  {
    operationId: 'scim.listUsers',
    cases: [
      {
        name: 'first page',
        status: 200,
        request: (x) => ({ params: onOkta(x), query: { count: '5' } }),
        expect: (res) => {
          expect(bodyOf(res).Resources).toHaveLength(5);
          expect(bodyOf(res).totalResults).toBeGreaterThan(5);
        },
      },
      {
        name: 'userName filter',
        status: 200,
        request: (x) => ({ params: onOkta(x), query: { filter: `userName eq "${PEOPLE.paul}"` } }),
        expect: (res) => expect(bodyOf(res).totalResults).toBe(1),
      },
      {
        name: 'application/scim+json when asked for',
        status: 200,
        request: (x) => ({ params: onOkta(x), query: { count: '1' }, accept: 'application/scim+json' }),
        expect: (res) => expect(res.contentType).toMatch(/application\/scim\+json/),
      },
      {
        name: 'unsupported filter',
        status: 400,
        request: (x) => ({ params: onOkta(x), query: { filter: `emails.value eq "${PEOPLE.paul}"` } }),
        expect: (res) => expect(bodyOf(res).scimType).toBe('invalidFilter'),
      },
      { name: 'wrong key', status: 401, request: (x) => ({ params: onOkta(x), token: BAD_KEY }) },
      {
        name: 'the org key is not a directory key',
        status: 403,
        request: (x) => ({ params: onOkta(x), token: x.orgKey }),
      },
      {
        name: "another directory's key",
        status: 403,
        request: (x) => ({ params: onOkta(x), token: x.entra.scimKey }),
      },
    ],
  },
  {
    operationId: 'scim.createUser',
    cases: [
      {
        name: 'creates a user',
        status: 201,
        request: (x) => ({ params: onOkta(x), body: newScimUser('new.starter@acme.example') }),
        expect: (res) =>
          expect(bodyOf(res)).toEqual(expect.objectContaining({ id: expect.any(String), active: true })),
      },
      {
        name: 'creates a user sent as application/scim+json',
        status: 201,
        request: (x) => ({
          params: onOkta(x),
          body: newScimUser('scim.json@acme.example'),
          contentType: 'application/scim+json',
          accept: 'application/scim+json',
        }),
      },
      {
        name: 'userName already taken',
        status: 409,
        request: (x) => ({ params: onOkta(x), body: newScimUser(PEOPLE.paul) }),
        expect: (res) => expect(bodyOf(res).scimType).toBe('uniqueness'),
      },
      {
        name: 'no userName',
        status: 400,
        request: (x) => ({
          params: onOkta(x),
          body: { schemas: [CORE_USER], emails: [{ value: 'x@acme.example' }] },
        }),
      },
      {
        name: 'the org key is not a directory key',
        status: 403,
        request: (x) => ({ params: onOkta(x), body: newScimUser('nobody@acme.example'), token: x.orgKey }),
      },
      {
        name: 'no credentials',
        status: 401,
        request: (x) => ({ params: onOkta(x), body: newScimUser('nobody@acme.example'), token: null }),
      },
    ],
  },
  {
    operationId: 'scim.getUser',
    cases: [
      {
        name: 'a linked user with its Atlassian account id',
        status: 200,
        request: async (x) => ({ params: onOkta(x, { userId: await x.scimUserId(x.okta, PEOPLE.paul) }) }),
        expect: (res, x) =>
          expect(bodyOf(res)['urn:scim:schemas:extension:atlassian-external:1.0']).toEqual({
            atlassianAccountId: x.accountId(PEOPLE.paul),
          }),
      },
      { name: 'unknown id', status: 404, request: (x) => ({ params: onOkta(x, { userId: UNKNOWN_UUID }) }) },
      {
        name: 'wrong key',
        status: 401,
        request: async (x) => ({
          params: onOkta(x, { userId: await x.scimUserId(x.okta, PEOPLE.paul) }),
          token: BAD_KEY,
        }),
      },
      {
        name: 'the org key is not a directory key',
        status: 403,
        request: async (x) => ({
          params: onOkta(x, { userId: await x.scimUserId(x.okta, PEOPLE.paul) }),
          token: x.orgKey,
        }),
      },
    ],
  },
  {
    operationId: 'scim.patchUser',
    cases: [
      {
        name: 'deactivates (spec-style lower-case operations)',
        status: 200,
        request: async (x) => ({
          params: onOkta(x, { userId: await x.scimUserId(x.okta, PEOPLE.paul) }),
          body: { schemas: [PATCH_OP], operations: [{ op: 'replace', value: { active: false } }] },
        }),
        expect: (res) => expect(bodyOf(res).active).toBe(false),
      },
      {
        name: 'reactivates (RFC-style Operations)',
        status: 200,
        request: async (x) => ({
          params: onOkta(x, { userId: await x.scimUserId(x.okta, PEOPLE.dan) }),
          body: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: true }] },
        }),
        expect: (res) => expect(bodyOf(res).active).toBe(true),
      },
      {
        name: 'no operations',
        status: 400,
        request: async (x) => ({
          params: onOkta(x, { userId: await x.scimUserId(x.okta, PEOPLE.paul) }),
          body: { schemas: [PATCH_OP] },
        }),
      },
      {
        name: 'unknown id',
        status: 404,
        request: (x) => ({
          params: onOkta(x, { userId: UNKNOWN_UUID }),
          body: { schemas: [PATCH_OP], operations: [{ op: 'replace', value: { active: false } }] },
        }),
      },
      {
        name: 'wrong key',
        status: 401,
        request: async (x) => ({
          params: onOkta(x, { userId: await x.scimUserId(x.okta, PEOPLE.paul) }),
          body: { schemas: [PATCH_OP], operations: [{ op: 'replace', value: { active: false } }] },
          token: BAD_KEY,
        }),
      },
    ],
  },
  {
    operationId: 'scim.deleteUser',
    cases: [
      {
        name: 'deletes a user',
        status: 204,
        request: async (x) => ({ params: onOkta(x, { userId: await x.scimUserId(x.okta, PEOPLE.bob) }) }),
      },
      { name: 'unknown id', status: 404, request: (x) => ({ params: onOkta(x, { userId: UNKNOWN_UUID }) }) },
      {
        name: 'the org key is not a directory key',
        status: 403,
        request: async (x) => ({
          params: onOkta(x, { userId: await x.scimUserId(x.okta, PEOPLE.bob) }),
          token: x.orgKey,
        }),
      },
      {
        name: 'no credentials',
        status: 401,
        request: async (x) => ({
          params: onOkta(x, { userId: await x.scimUserId(x.okta, PEOPLE.bob) }),
          token: null,
        }),
      },
    ],
  },
  {
    operationId: 'scim.listGroups',
    cases: [
      {
        name: 'lists groups',
        status: 200,
        request: (x) => ({ params: onOkta(x) }),
        expect: (res) => expect(bodyOf(res).totalResults).toBeGreaterThan(0),
      },
      {
        name: 'unsupported filter',
        status: 400,
        request: (x) => ({ params: onOkta(x), query: { filter: 'displayName co "eng"' } }),
      },
      { name: 'wrong key', status: 401, request: (x) => ({ params: onOkta(x), token: BAD_KEY }) },
    ],
  },
  {
    operationId: 'scim.createGroup',
    cases: [
      {
        name: 'creates a group',
        status: 201,
        request: (x) => ({
          params: onOkta(x),
          body: { schemas: [CORE_GROUP], displayName: 'contract-test-group' },
        }),
      },
      {
        name: 'name already taken',
        status: 409,
        request: async (x) => {
          const res = await fetch(
            `${x.sim.url}/scim/directory/${x.okta.id}/Groups/${await x.scimGroupId(x.okta)}`,
            {
              headers: { Authorization: `Bearer ${x.okta.scimKey}` },
            },
          );
          const { displayName } = (await res.json()) as { displayName: string };
          return { params: onOkta(x), body: { schemas: [CORE_GROUP], displayName } };
        },
        expect: (res) => expect(bodyOf(res).scimType).toBe('uniqueness'),
      },
      {
        name: 'no displayName',
        status: 400,
        request: (x) => ({ params: onOkta(x), body: { schemas: [CORE_GROUP] } }),
      },
      {
        name: 'wrong key',
        status: 401,
        request: (x) => ({
          params: onOkta(x),
          body: { schemas: [CORE_GROUP], displayName: 'g' },
          token: BAD_KEY,
        }),
      },
    ],
  },
  {
    operationId: 'scim.getGroup',
    cases: [
      {
        name: 'a group with members',
        status: 200,
        request: async (x) => ({ params: onOkta(x, { id: await x.scimGroupId(x.okta) }) }),
      },
      { name: 'unknown id', status: 404, request: (x) => ({ params: onOkta(x, { id: UNKNOWN_UUID }) }) },
      {
        name: 'the org key is not a directory key',
        status: 403,
        request: async (x) => ({ params: onOkta(x, { id: await x.scimGroupId(x.okta) }), token: x.orgKey }),
      },
      {
        name: 'no credentials',
        status: 401,
        request: async (x) => ({ params: onOkta(x, { id: await x.scimGroupId(x.okta) }), token: null }),
      },
    ],
  },
  {
    operationId: 'scim.patchGroup',
    cases: [
      {
        name: 'adds a member',
        status: 200,
        request: async (x) => ({
          params: onOkta(x, { id: await x.scimGroupId(x.okta) }),
          body: {
            schemas: [PATCH_OP],
            Operations: [
              { op: 'add', path: 'members', value: [{ value: await x.scimUserId(x.okta, PEOPLE.paul) }] },
            ],
          },
        }),
      },
      {
        name: 'no operations',
        status: 400,
        request: async (x) => ({
          params: onOkta(x, { id: await x.scimGroupId(x.okta) }),
          body: { schemas: [PATCH_OP] },
        }),
      },
      {
        name: 'unknown group',
        status: 404,
        request: (x) => ({
          params: onOkta(x, { id: UNKNOWN_UUID }),
          body: { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [] }] },
        }),
      },
      {
        name: 'wrong key',
        status: 401,
        request: async (x) => ({
          params: onOkta(x, { id: await x.scimGroupId(x.okta) }),
          body: { schemas: [PATCH_OP], Operations: [] },
          token: BAD_KEY,
        }),
      },
    ],
  },
];

const reasonOf = (res: Captured) =>
  (res.body as { context?: { reason?: { key?: string } } }).context?.reason?.key;

export const UM_CASES: Table = [
  {
    operationId: 'um.getManage',
    cases: [
      {
        name: 'privileges of a SCIM-linked account name the SCIM directory',
        status: 200,
        request: (x) => ({ params: { account_id: x.accountId(PEOPLE.bob) } }),
        expect: (res) =>
          expect(bodyOf(res)['lifecycle.enablement']).toEqual({
            allowed: false,
            reason: { key: 'externalDirectory.scim' },
          }),
      },
      {
        name: 'unknown account',
        status: 404,
        request: () => ({ params: { account_id: UNKNOWN_ACCOUNT } }),
      },
      {
        name: 'a SCIM directory key is not an org key',
        status: 401,
        request: (x) => ({ params: { account_id: x.accountId(PEOPLE.bob) }, token: x.okta.scimKey }),
      },
    ],
  },
  {
    operationId: 'um.enable',
    cases: [
      {
        name: 'enables an account whose SCIM record was deleted',
        status: 204,
        request: (x) => ({ params: { account_id: x.accountId(PEOPLE.frank) } }),
      },
      {
        name: 'refuses an account still linked to SCIM',
        status: 403,
        request: (x) => ({ params: { account_id: x.accountId(PEOPLE.bob) } }),
        expect: (res) => {
          expect(bodyOf(res).key).toBe('forbidden.action');
          expect(reasonOf(res)).toBe('externalDirectory.scim');
        },
      },
      {
        name: 'refuses an account pending deletion once unlinked',
        status: 409,
        request: async (x) => {
          const scimUserId = await x.scimUserId(x.okta, PEOPLE.mia);
          const unlink = await fetch(
            `${x.sim.url}/admin/user-provisioning/v1/org/${x.orgId}/scimDirectoryId/${x.okta.id}/scimUserId/${scimUserId}/unlink`,
            { method: 'PATCH', headers: { Authorization: `Bearer ${x.orgKey}` } },
          );
          if (unlink.status !== 204) throw new Error(`setup unlink failed: HTTP ${unlink.status}`);
          return { params: { account_id: x.accountId(PEOPLE.mia) } };
        },
        expect: (res) => expect(bodyOf(res).key).toBe('conflict.lifecycleErrors'),
      },
      { name: 'unknown account', status: 404, request: () => ({ params: { account_id: UNKNOWN_ACCOUNT } }) },
      {
        name: 'wrong key',
        status: 401,
        request: (x) => ({ params: { account_id: x.accountId(PEOPLE.frank) }, token: BAD_KEY }),
      },
    ],
  },
  {
    operationId: 'um.disable',
    cases: [
      {
        name: 'disables an invited managed account',
        status: 204,
        request: (x) => ({
          params: { account_id: x.accountId(PEOPLE.ivy) },
          body: { message: 'Left the company' },
        }),
      },
      {
        name: 'refuses an account managed by SCIM',
        status: 403,
        request: (x) => ({ params: { account_id: x.accountId(PEOPLE.paul) }, body: {} }),
        expect: (res) => expect(reasonOf(res)).toBe('externalDirectory.scim'),
      },
      {
        name: 'unknown account',
        status: 404,
        request: () => ({ params: { account_id: UNKNOWN_ACCOUNT }, body: {} }),
      },
      {
        name: 'no credentials',
        status: 401,
        request: (x) => ({ params: { account_id: x.accountId(PEOPLE.ivy) }, body: {}, token: null }),
      },
    ],
  },
];

export const ADMIN_TABLES = {
  org: ORG_CASES,
  scimLinks: SCIM_LINK_CASES,
  scim: SCIM_CASES,
  userManagement: UM_CASES,
};
