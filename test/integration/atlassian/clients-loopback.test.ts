/**
 * The typed clients against a scripted loopback server: exact request shapes (method, path, headers,
 * body, query) per the specs, response parsing, paging and input refusal.
 */
import {
  AtlassianInvalidRequestError,
  AtlassianListingStoppedError,
  AtlassianResponseShapeError,
  createAtlassianClients,
  privilege,
  type AtlassianClients,
} from '../../../src/atlassian';
import { startScriptedServer, type ScriptedServer } from './scripted-server';

const ORG_KEY = 'org-key-aaaaaaaaaaaa';
const SCIM_KEY = 'scim-key-bbbbbbbbbbbb';

describe('typed clients over loopback', () => {
  let server: ScriptedServer;
  let clients: AtlassianClients;

  beforeEach(async () => {
    server = await startScriptedServer();
    clients = createAtlassianClients({
      baseUrl: server.url,
      orgId: 'org-1',
      orgApiKey: ORG_KEY,
      scimKeys: { 'dir-1': SCIM_KEY },
      http: { sleep: async () => undefined, retry: { maxAttempts: 2 } },
    });
  });
  afterEach(async () => {
    await server.close();
  });

  const last = () => {
    const r = server.requests.at(-1);
    if (!r) throw new Error('no request recorded');
    return r;
  };

  describe('OrgClient', () => {
    it('pages directories with cursors and stops on a missing next', async () => {
      server.script(
        {
          status: 200,
          body: { data: [{ directoryId: 'd1', name: 'One' }], links: { self: 's', next: 'c2' } },
        },
        {
          status: 200,
          body: { data: [{ directoryId: 'd2', name: 'Two', extra: true }], links: { self: 'c2' } },
        },
      );
      const all = [];
      for await (const d of clients.org.allDirectories({ limit: 1 })) all.push(d.directoryId);
      expect(all).toEqual(['d1', 'd2']);
      expect(server.requests.map((r) => r.url)).toEqual([
        '/admin/v2/orgs/org-1/directories?limit=1',
        '/admin/v2/orgs/org-1/directories?cursor=c2&limit=1',
      ]);
      expect(last().headers.authorization).toBe(`Bearer ${ORG_KEY}`);
    });

    it('refuses to loop on a repeated cursor', async () => {
      server.fallback({ status: 200, body: { data: [], links: { next: 'same' } } });
      const walk = async () => {
        for await (const _ of clients.org.allDirectories()) void _;
      };
      const err = await walk().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AtlassianListingStoppedError);
      expect(err).toMatchObject({ operationId: 'org.listDirectories', pagesRead: 2, why: 'cursor-repeated' });
      expect(server.requests).toHaveLength(2);
    });

    it('stops a walk whose upstream hands out fresh cursors for ever, at the page ceiling', async () => {
      const bounded = createAtlassianClients({
        baseUrl: server.url,
        orgId: 'org-1',
        orgApiKey: ORG_KEY,
        http: { sleep: async () => undefined },
        listing: { maxPages: 5, maxDurationMs: 60_000 },
      });
      let n = 0;
      // Every answer carries a cursor never seen before; more answers than the walk may read.
      server.script(
        ...Array.from({ length: 10 }, () => ({
          status: 200,
          body: { data: [{ accountId: `a${++n}` }], links: { next: `cursor-${n}` } },
        })),
      );
      const seen: string[] = [];
      const err = await (async () => {
        for await (const u of bounded.org.allUsers('-', { limit: 1 })) seen.push(u.accountId);
      })().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AtlassianListingStoppedError);
      expect(err).toMatchObject({ operationId: 'org.searchUsers', pagesRead: 5, why: 'page-limit' });
      expect((err as Error).message).toMatch(/stopped after 5 pages.*LISTING_MAX_PAGES/);
      expect(server.requests).toHaveLength(5);
      expect(seen).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    });

    it('searches users with a JSON body and returns data + nextCursor', async () => {
      server.script({
        status: 200,
        body: {
          data: [
            {
              accountId: 'a1',
              accountStatus: 'inactive',
              managementSource: 'synced',
              claimStatus: 'managed',
              futureField: 1,
            },
          ],
          links: { next: 'n1' },
        },
      });
      const page = await clients.org.searchUsers('-', {
        emails: ['a@example.com'],
        accountStatus: ['inactive'],
        limit: 50,
      });
      expect(page).toEqual({
        data: [
          {
            accountId: 'a1',
            accountStatus: 'inactive',
            managementSource: 'synced',
            claimStatus: 'managed',
            futureField: 1,
          },
        ],
        nextCursor: 'n1',
      });
      expect(last().method).toBe('POST');
      expect(last().url).toBe('/admin/v2/orgs/org-1/directories/-/users/search');
      expect(last().headers['content-type']).toBe('application/json');
      expect(JSON.parse(last().body)).toEqual({
        emails: ['a@example.com'],
        accountStatus: ['inactive'],
        limit: 50,
      });
    });

    it('iterates all users across pages', async () => {
      server.script(
        { status: 200, body: { data: [{ accountId: 'a1' }, { accountId: 'a2' }], links: { next: 'p2' } } },
        { status: 200, body: { data: [{ accountId: 'a3' }], links: {} } },
      );
      const ids = [];
      for await (const u of clients.org.allUsers('dir-1', { limit: 2 })) ids.push(u.accountId);
      expect(ids).toEqual(['a1', 'a2', 'a3']);
      expect(JSON.parse(server.requests[1]?.body ?? '')).toEqual({ limit: 2, cursor: 'p2' });
    });

    const badSearches: Array<[string, object]> = [
      ['limit over 100', { limit: 101 }],
      ['more than 100 emails', { emails: Array.from({ length: 101 }, (_, i) => `u${i}@example.com`) }],
      ['more than 10 accountIds', { accountIds: Array.from({ length: 11 }, (_, i) => `a${i}`) }],
      ['emails with searchTerm', { emails: ['a@example.com'], searchTerm: 'a' }],
      ['unknown status', { status: ['gone'] }],
      ['unknown field', { colour: 'blue' }],
    ];
    it.each(badSearches)('refuses a search with %s before sending', async (_n, body) => {
      await expect(clients.org.searchUsers('-', body as never)).rejects.toBeInstanceOf(
        AtlassianInvalidRequestError,
      );
      expect(server.requests).toHaveLength(0);
    });

    it('gets user details and fails clearly when accountId is missing', async () => {
      server.script(
        {
          status: 200,
          body: {
            data: { accountId: 'a1', deactivatedOn: '2026-01-01T00:00:00Z', accountStatus: 'inactive' },
          },
        },
        { status: 200, body: { data: { name: 'no id' } } },
      );
      expect(await clients.org.getUser('dir-1', 'a1')).toMatchObject({
        accountId: 'a1',
        deactivatedOn: '2026-01-01T00:00:00Z',
      });
      expect(last().url).toBe('/admin/v2/orgs/org-1/directories/dir-1/users/a1');
      const err = await clients.org.getUser('dir-1', 'a1').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AtlassianResponseShapeError);
      expect((err as AtlassianResponseShapeError).issues).toEqual([
        expect.stringMatching(/^data\.accountId: /),
      ]);
    });

    it('suspends and restores with POST and no body', async () => {
      server.script({ status: 204 }, { status: 204 });
      await clients.org.suspendUser('dir-1', 'a1');
      await clients.org.restoreUser('dir-1', 'a1');
      expect(server.requests.map((r) => `${r.method} ${r.url} ${r.body}`)).toEqual([
        'POST /admin/v2/orgs/org-1/directories/dir-1/users/a1/suspend ',
        'POST /admin/v2/orgs/org-1/directories/dir-1/users/a1/restore ',
      ]);
    });
  });

  describe('ScimLinksClient', () => {
    const link = { scimUserId: 's1', atlassianAccountId: 'a1', orgId: 'org-1', directoryId: 'dir-1' };

    it('reads links by account and by email', async () => {
      server.script(
        { status: 200, body: { scimLinks: [link] } },
        { status: 200, body: { scimLinks: [{ ...link, atlassianAccountId: null }] } },
      );
      expect(await clients.scimLinks.getScimLinks('a1')).toEqual([link]);
      expect(last().url).toBe('/admin/user-provisioning/v1/org/org-1/user/a1/get-scim-links');
      expect(await clients.scimLinks.getScimLinksForEmail('a@example.com')).toEqual([
        { ...link, atlassianAccountId: null },
      ]);
      expect(last()).toMatchObject({
        method: 'POST',
        url: '/admin/user-provisioning/v1/org/org-1/get-scim-links-for-email',
      });
      expect(JSON.parse(last().body)).toEqual({ email: 'a@example.com' });
    });

    it('refuses a malformed email locally', async () => {
      await expect(clients.scimLinks.getScimLinksForEmail('not-an-email')).rejects.toBeInstanceOf(
        AtlassianInvalidRequestError,
      );
    });

    it('unlinks and deletes in DB with the org key', async () => {
      server.script({ status: 204 }, { status: 204 });
      await clients.scimLinks.unlink('dir-1', 's1');
      await clients.scimLinks.onlyDeleteUserInDB('a1');
      expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
        'PATCH /admin/user-provisioning/v1/org/org-1/scimDirectoryId/dir-1/scimUserId/s1/unlink',
        'DELETE /admin/user-provisioning/v1/org/org-1/user/a1/onlyDeleteUserInDB',
      ]);
      expect(server.requests.every((r) => r.headers.authorization === `Bearer ${ORG_KEY}`)).toBe(true);
    });
  });

  describe('ScimClient', () => {
    const user = {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      id: 'u1',
      userName: 'a@example.com',
      active: false,
      'urn:scim:schemas:extension:atlassian-external:1.0': { atlassianAccountId: 'a1' },
    };

    it('lists users with an escaped filter and parses the list response', async () => {
      server.script({
        status: 200,
        body: {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
          totalResults: 1,
          startIndex: 1,
          itemsPerPage: 1,
          Resources: [user],
        },
      });
      const list = await clients
        .scim('dir-1')
        .listUsers({ filter: { userName: 'a"b\\c@example.com' }, count: 10 });
      expect(list).toEqual({ totalResults: 1, startIndex: 1, itemsPerPage: 1, resources: [user] });
      const url = new URL(last().url, server.url);
      expect(url.pathname).toBe('/scim/directory/dir-1/Users');
      expect(url.searchParams.get('filter')).toBe('userName eq "a\\"b\\\\c@example.com"');
      expect(url.searchParams.get('count')).toBe('10');
      expect(last().url).toContain('filter=userName%20eq%20');
      expect(last().headers.authorization).toBe(`Bearer ${SCIM_KEY}`);
    });

    it('accepts an empty list without Resources', async () => {
      server.script({ status: 200, body: { totalResults: 0 } });
      const list = await clients.scim('dir-1').listUsers({ filter: { externalId: 'x' } });
      expect(list.resources).toEqual([]);
      expect(new URL(last().url, server.url).searchParams.get('filter')).toBe('externalId eq "x"');
    });

    it('walks all users by startIndex', async () => {
      server.script(
        {
          status: 200,
          body: { totalResults: 3, startIndex: 1, itemsPerPage: 2, Resources: [{ id: 'u1' }, { id: 'u2' }] },
        },
        { status: 200, body: { totalResults: 3, startIndex: 3, itemsPerPage: 1, Resources: [{ id: 'u3' }] } },
      );
      const ids = [];
      for await (const u of clients.scim('dir-1').allUsers(undefined, 2)) ids.push(u.id);
      expect(ids).toEqual(['u1', 'u2', 'u3']);
      expect(server.requests.map((r) => r.url)).toEqual([
        '/scim/directory/dir-1/Users?startIndex=1&count=2',
        '/scim/directory/dir-1/Users?startIndex=3&count=2',
      ]);
    });

    it('bounds the walk by the first page: a total that keeps growing is stopped where it said it would end', async () => {
      const page = (start: number, total: number, ids: string[]) => ({
        status: 200,
        body: {
          totalResults: total,
          startIndex: start,
          itemsPerPage: ids.length,
          Resources: ids.map((id) => ({ id })),
        },
      });
      // 4 users at 2 a page is 2 pages; the server then claims more, page after page.
      server.script(page(1, 4, ['u1', 'u2']), page(3, 6, ['u3', 'u4']), page(5, 8, ['u5', 'u6']));
      const ids: string[] = [];
      const err = await (async () => {
        for await (const u of clients.scim('dir-1').allUsers(undefined, 2)) ids.push(u.id);
      })().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AtlassianListingStoppedError);
      expect(err).toMatchObject({ operationId: 'scim.listUsers', pagesRead: 2, why: 'page-limit' });
      expect((err as Error).message).toMatch(/totalResults 4 at 2 a page/);
      expect(ids).toEqual(['u1', 'u2', 'u3', 'u4']);
      expect(server.requests).toHaveLength(2);
    });

    it('refuses a reported total that needs more pages than the ceiling, after the first page', async () => {
      server.script({
        status: 200,
        body: { totalResults: 1_000_000_000, startIndex: 1, itemsPerPage: 1, Resources: [{ id: 'u1' }] },
      });
      const err = await (async () => {
        for await (const _ of clients.scim('dir-1').allUsers(undefined, 100)) void _;
      })().catch((e: unknown) => e);
      expect(err).toMatchObject({ pagesRead: 1, why: 'page-limit' });
      expect(server.requests).toHaveLength(1);
    });

    it('creates, patches active and deletes users with SCIM content types', async () => {
      server.script(
        { status: 201, body: user },
        { status: 200, body: { ...user, active: true } },
        { status: 204 },
      );
      const scim = clients.scim('dir-1');
      await scim.createUser({
        userName: 'a@example.com',
        emails: [{ value: 'a@example.com', primary: true }],
      });
      expect(server.requests[0]?.headers['content-type']).toBe('application/scim+json');
      expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({
        userName: 'a@example.com',
        emails: [{ value: 'a@example.com', primary: true }],
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      });
      expect((await scim.setUserActive('u1', true)).active).toBe(true);
      expect(server.requests[1]).toMatchObject({ method: 'PATCH', url: '/scim/directory/dir-1/Users/u1' });
      expect(JSON.parse(server.requests[1]?.body ?? '')).toEqual({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', value: { active: true } }],
      });
      await scim.deleteUser('u1');
      expect(server.requests[2]).toMatchObject({ method: 'DELETE', url: '/scim/directory/dir-1/Users/u1' });
    });

    it('manages groups: filter by displayName, add and remove members', async () => {
      const group = { id: 'g1', displayName: 'jira-users', members: [] };
      server.script(
        { status: 200, body: { totalResults: 1, Resources: [group] } },
        { status: 201, body: group },
        { status: 200, body: group },
        { status: 200, body: group },
        { status: 200, body: group },
      );
      const scim = clients.scim('dir-1');
      await scim.listGroups({ filter: { displayName: 'jira-users' } });
      expect(new URL(last().url, server.url).searchParams.get('filter')).toBe('displayName eq "jira-users"');
      await scim.createGroup({ displayName: 'jira-users' });
      expect(JSON.parse(last().body)).toEqual({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: 'jira-users',
      });
      await scim.getGroup('g1');
      expect(last()).toMatchObject({ method: 'GET', url: '/scim/directory/dir-1/Groups/g1' });
      await scim.addGroupMembers('g1', ['u1', 'u2']);
      expect(JSON.parse(last().body).Operations).toEqual([
        { op: 'add', path: 'members', value: [{ value: 'u1' }, { value: 'u2' }] },
      ]);
      await scim.removeGroupMembers('g1', ['u1']);
      expect(JSON.parse(last().body).Operations).toEqual([{ op: 'remove', path: 'members[value eq "u1"]' }]);
    });

    it('refuses a directory without a configured key, and bad patch input', async () => {
      expect(clients.hasScimKey('dir-2')).toBe(false);
      expect(() => clients.scim('dir-2')).toThrow(AtlassianInvalidRequestError);
      await expect(clients.scim('dir-1').patchUser('u1', [])).rejects.toBeInstanceOf(
        AtlassianInvalidRequestError,
      );
      await expect(
        clients.scim('dir-1').createUser({
          userName: 'x',
          emails: [
            { value: 'a@example.com', primary: true },
            { value: 'b@example.com', primary: true },
          ],
        }),
      ).rejects.toBeInstanceOf(AtlassianInvalidRequestError);
      expect(server.requests).toHaveLength(0);
    });
  });

  describe('UserManagementClient', () => {
    it('reads the privilege map', async () => {
      server.script({
        status: 200,
        body: {
          'lifecycle.enablement': { allowed: false, reason: { key: 'externalDirectory.scim' } },
          'email.set': { allowed: true },
          'profile.write': { name: { allowed: false, reason: { key: 'externalDirectory.scim' } } },
        },
      });
      const privileges = await clients.userManagement.getManage('a1');
      expect(privilege(privileges, 'lifecycle.enablement')).toEqual({
        allowed: false,
        reason: 'externalDirectory.scim',
      });
      expect(privilege(privileges, 'email.set')).toEqual({ allowed: true });
      expect(privilege(privileges, 'lifecycle.delete')).toEqual({ allowed: undefined });
      expect(last().url).toBe('/users/a1/manage');
    });

    it('enables with no body and disables with a message object', async () => {
      server.script({ status: 204 }, { status: 204 }, { status: 204 });
      await clients.userManagement.enable('a1');
      await clients.userManagement.disable('a1', 'Left the company');
      await clients.userManagement.disable('a1');
      expect(server.requests.map((r) => [r.method, r.url, r.body])).toEqual([
        ['POST', '/users/a1/manage/lifecycle/enable', ''],
        ['POST', '/users/a1/manage/lifecycle/disable', '{"message":"Left the company"}'],
        ['POST', '/users/a1/manage/lifecycle/disable', '{}'],
      ]);
    });

    it('surfaces the SCIM lock as a forbidden error with reason', async () => {
      server.script({
        status: 403,
        body: {
          key: 'forbidden.action',
          context: { allowed: false, reason: { key: 'externalDirectory.scim' } },
        },
      });
      const err = await clients.userManagement.enable('a1').catch((e: unknown) => e);
      expect(err).toMatchObject({
        name: 'AtlassianForbiddenError',
        code: 'forbidden.action',
        reason: 'externalDirectory.scim',
      });
    });
  });

  it('counts every call in the shared counter', async () => {
    server.script({ status: 503 }, { status: 200, body: { scimLinks: [] } }, { status: 204 });
    await clients.scimLinks.getScimLinks('a1');
    await clients.userManagement.enable('a1');
    expect(clients.callCounter.snapshot()).toMatchObject({
      total: 3,
      retries: 1,
      byApi: { org: 0, scim: 0, scimLinks: 2, userManagement: 1 },
    });
  });
});
