/**
 * Every client method against the real simulator seeded with the demo organisation: the requests the
 * clients build are accepted, and the answers parse into the typed shapes.
 */
import {
  AtlassianConflictError,
  AtlassianForbiddenError,
  AtlassianNotFoundError,
  createAtlassianClients,
  privilege,
  type AtlassianClients,
} from '../../../src/atlassian';
import { SimControlClient } from '../../../src/sandbox/sim/control-client';
import { startSimulator, type RunningSimulator } from '../../../src/sandbox/sim/server';

describe('typed clients against the simulator', () => {
  let sim: RunningSimulator;
  let control: SimControlClient;
  let clients: AtlassianClients;
  let okta: string;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: { seed: 'demo' } });
    control = new SimControlClient(sim.url, sim.identity.controlToken);
    okta = sim.identity.directories[0]!.id;
    clients = createAtlassianClients({
      baseUrl: sim.url,
      orgId: sim.identity.org.id,
      orgApiKey: sim.identity.org.apiKey,
      scimKeys: Object.fromEntries(sim.identity.directories.map((d) => [d.id, d.scimKey])),
      http: { sleep: async () => undefined },
    });
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(async () => {
    await control.reset({ seed: 'demo' });
  });

  async function accountOf(email: string) {
    const page = await clients.org.searchUsers('-', { emails: [email] });
    const user = page.data[0];
    if (!user) throw new Error(`demo seed has no ${email}`);
    return user;
  }

  it('lists directories and walks every user of the org', async () => {
    const dirs = [];
    for await (const d of clients.org.allDirectories({ limit: 1 })) dirs.push(d.directoryId);
    expect(dirs.sort()).toEqual(sim.identity.directories.map((d) => d.id).sort());

    const seen = new Set<string>();
    for await (const u of clients.org.allUsers('-', { limit: 100 })) seen.add(u.accountId);
    expect(seen.size).toBeGreaterThan(150);
  });

  it('finds a SCIM-locked account and reads its details, links and privileges', async () => {
    const bob = await accountOf('bob.mover@acme.example');
    expect(bob).toMatchObject({
      accountStatus: 'inactive',
      managementSource: 'synced',
      claimStatus: 'managed',
    });

    const details = await clients.org.getUser(okta, bob.accountId);
    expect(details.accountId).toBe(bob.accountId);

    const links = await clients.scimLinks.getScimLinks(bob.accountId);
    expect(links.map((l) => l.directoryId)).toEqual([okta]);
    expect(await clients.scimLinks.getScimLinksForEmail('bob.mover@acme.example')).toEqual(links);

    const privileges = await clients.userManagement.getManage(bob.accountId);
    expect(privilege(privileges, 'lifecycle.enablement')).toEqual({
      allowed: false,
      reason: 'externalDirectory.scim',
    });

    const err = await clients.userManagement.enable(bob.accountId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AtlassianForbiddenError);
    expect(err).toMatchObject({ reason: 'externalDirectory.scim' });
  });

  it('unlocks by unlinking, then enables and disables', async () => {
    const bob = await accountOf('bob.mover@acme.example');
    const [link] = await clients.scimLinks.getScimLinks(bob.accountId);
    await clients.scimLinks.unlink(link!.directoryId, link!.scimUserId);
    expect(await clients.scimLinks.getScimLinks(bob.accountId)).toEqual([]);

    await clients.userManagement.enable(bob.accountId);
    expect((await accountOf('bob.mover@acme.example')).accountStatus).toBe('active');
    await clients.userManagement.disable(bob.accountId, 'Offboarded');
    expect((await accountOf('bob.mover@acme.example')).accountStatus).toBe('inactive');
  });

  it('onlyDeleteUserInDB removes the links in every directory', async () => {
    const carla = await accountOf('carla.both@acme.example');
    expect(await clients.scimLinks.getScimLinks(carla.accountId)).toHaveLength(2);
    await clients.scimLinks.onlyDeleteUserInDB(carla.accountId);
    expect(await clients.scimLinks.getScimLinks(carla.accountId)).toEqual([]);
  });

  it('refuses enable on an account pending deletion with a lifecycle conflict', async () => {
    const mia = await accountOf('mia.pendingdeletion@acme.example');
    await clients.scimLinks.onlyDeleteUserInDB(mia.accountId);
    const err = await clients.userManagement.enable(mia.accountId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AtlassianConflictError);
    expect(err).toMatchObject({ code: 'conflict.lifecycleErrors' });
  });

  it('suspends and restores directory membership', async () => {
    const paul = await accountOf('paul.agent@acme.example');
    await clients.org.suspendUser(okta, paul.accountId);
    expect((await clients.org.getUser(okta, paul.accountId)).membershipStatus).toBe('suspended');
    await clients.org.restoreUser(okta, paul.accountId);
    expect((await clients.org.getUser(okta, paul.accountId)).membershipStatus).toBe('active');
  });

  it('SCIM users: filter, get, create, deactivate, reactivate, delete', async () => {
    const scim = clients.scim(okta);
    const found = await scim.listUsers({ filter: { userName: 'bob.mover@acme.example' } });
    expect(found.totalResults).toBe(1);
    const bobScim = found.resources[0]!;
    expect(bobScim['urn:scim:schemas:extension:atlassian-external:1.0']?.atlassianAccountId).toBe(
      (await accountOf('bob.mover@acme.example')).accountId,
    );
    expect((await scim.getUser(bobScim.id)).userName).toBe('bob.mover@acme.example');

    const created = await scim.createUser({
      userName: 'new.hire@acme.example',
      emails: [{ value: 'new.hire@acme.example', type: 'work', primary: true }],
      externalId: 'ext-new-hire',
      displayName: 'New Hire',
    });
    expect(created.id).toBeTruthy();
    expect(
      (await scim.listUsers({ filter: { externalId: 'ext-new-hire' } })).resources.map((u) => u.id),
    ).toEqual([created.id]);

    expect((await scim.setUserActive(created.id, false)).active).toBe(false);
    expect((await scim.setUserActive(created.id, true)).active).toBe(true);
    await scim.deleteUser(created.id);
    await expect(scim.getUser(created.id)).rejects.toBeInstanceOf(AtlassianNotFoundError);

    let count = 0;
    for await (const _ of scim.allUsers(undefined, 50)) count += 1;
    expect(count).toBe((await scim.listUsers({ count: 1 })).totalResults);
  });

  it('SCIM groups: create, find by name, add and remove members', async () => {
    const scim = clients.scim(okta);
    const paul = (await scim.listUsers({ filter: { userName: 'paul.agent@acme.example' } })).resources[0]!;
    const group = await scim.createGroup({ displayName: 'scim-unlock-test-group' });
    const byName = await scim.listGroups({ filter: { displayName: 'scim-unlock-test-group' } });
    expect(byName.resources.map((g) => g.id)).toEqual([group.id]);

    await scim.addGroupMembers(group.id, [paul.id]);
    expect((await scim.getGroup(group.id)).members?.map((m) => m.value)).toEqual([paul.id]);
  });

  it('SCIM groups: remove one member with an RFC 7644 filtered path, keeping the others', async () => {
    const scim = clients.scim(okta);
    const ids = await Promise.all(
      ['paul.agent@acme.example', 'alice.admin@acme.example'].map(
        async (userName) => (await scim.listUsers({ filter: { userName } })).resources[0]!.id,
      ),
    );
    const group = await scim.createGroup({ displayName: 'scim-unlock-remove-test' });
    await scim.addGroupMembers(group.id, ids);
    await scim.removeGroupMembers(group.id, [ids[0]!]);
    expect((await scim.getGroup(group.id)).members?.map((m) => m.value)).toEqual([ids[1]]);
  });
});
