/**
 * The core scenario end to end through the real proxy and the real simulator: look a SCIM-locked
 * account up, dry-run the unlock (nothing changes upstream, the exact calls are listed), unlock it,
 * and check upstream that it is active and unlinked — with both unlink methods.
 */
import { LookupResponse, UnlockResponse } from '../../../src/contract/proxy';
import { createAtlassianClients, AtlassianNotFoundError } from '../../../src/atlassian';
import { startHarness, type Harness } from './support/sim-proxy';
import { accountIn, idOf, linkedRecords, readState } from './support/sim-state';

const BOB = 'bob.mover@acme.example';
const CARLA = 'carla.both@acme.example';
const GINA = 'gina.suspended@acme.example';

describe.each(['unlink', 'delete'] as const)('unlock with UNLINK_METHOD=%s', (method) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: () => ({ UNLINK_METHOD: method }) });
  });
  afterAll(() => h.close());
  beforeEach(() => h.control.reset({ seed: 'demo' }));

  function scimClientFor(directoryId: string) {
    const dir = h.sim.identity.directories.find((d) => d.id === directoryId);
    if (!dir) throw new Error('unknown directory');
    return createAtlassianClients({
      baseUrl: h.sim.url,
      orgId: h.sim.identity.org.id,
      orgApiKey: h.sim.identity.org.apiKey,
      scimKeys: { [dir.id]: dir.scimKey },
    }).scim(dir.id);
  }

  test('lookup → locked-by-scim → dry run (no change, exact calls) → unlock → active and unlinked', async () => {
    const lookup = await h.call('GET', `/v1/accounts/lookup?email=${encodeURIComponent(BOB)}`);
    expect(lookup.status).toBe(200);
    const found = LookupResponse.parse(lookup.body);
    expect(found.account).toMatchObject({ accountId: idOf(BOB), accountStatus: 'inactive' });
    expect(found.diagnosis).toMatchObject({ state: 'locked-by-scim', canUnlock: true, blockers: [] });
    expect(found.scimLinks).toHaveLength(1);
    const link = found.scimLinks[0]!;
    expect(link).toMatchObject({ directoryId: h.okta, record: 'known', active: false });
    // Every upstream read the lookup made is reported, and none of them is a mutation.
    expect(found.calls.length).toBeGreaterThan(0);
    expect(found.calls.every((c) => c.method === 'GET' || c.operation === 'org.searchUsers')).toBe(true);

    const before = await h.stateText();
    const dry = await h.call('POST', `/v1/accounts/${idOf(BOB)}/unlock`, {
      reason: 'moved team',
      dryRun: true,
    });
    expect(dry.status).toBe(200);
    const planned = UnlockResponse.parse(dry.body);
    expect(planned.outcome).toBe('planned');
    expect(await h.stateText()).toBe(before);

    const orgId = h.sim.identity.org.id;
    const removal =
      method === 'unlink'
        ? {
            operation: 'scimLinks.unlink',
            method: 'PATCH',
            path: `/admin/user-provisioning/v1/org/${orgId}/scimDirectoryId/${h.okta}/scimUserId/${link.scimUserId}/unlink`,
          }
        : {
            operation: 'scimLinks.onlyDeleteUserInDB',
            method: 'DELETE',
            path: `/admin/user-provisioning/v1/org/${orgId}/user/${encodeURIComponent(idOf(BOB))}/onlyDeleteUserInDB`,
          };
    const enable = {
      operation: 'um.enable',
      method: 'POST',
      path: `/users/${encodeURIComponent(idOf(BOB))}/manage/lifecycle/enable`,
    };
    expect(planned.steps.filter((s) => s.status === 'planned').map((s) => s.call)).toEqual([
      { ...removal, status: null },
      { ...enable, status: null },
    ]);
    // The dry run's calls are its reads (made) followed by the mutations it would make (status null).
    expect(planned.calls.filter((c) => c.status === null)).toEqual([
      { ...removal, status: null },
      { ...enable, status: null },
    ]);

    const res = await h.call('POST', `/v1/accounts/${idOf(BOB)}/unlock`, { reason: 'moved team' });
    expect(res.status).toBe(200);
    const done = UnlockResponse.parse(res.body);
    expect(done.outcome).toBe('unlocked');
    expect(done.steps.map((s) => [s.action, s.status, s.call?.status ?? null])).toEqual([
      [method === 'unlink' ? 'unlink-scim-link' : 'delete-scim-records', 'done', 204],
      ['enable-account', 'done', 204],
      ['restore-membership', 'skipped', null],
      ['verify', 'done', null],
    ]);
    expect(done.account).toMatchObject({ accountStatus: 'active' });

    const state = await readState(h.control);
    expect(accountIn(state, BOB)).toMatchObject({ accountStatus: 'active', linked: false });
    expect(linkedRecords(state, BOB)).toEqual([]);
    const okta = state.directories.find((d) => d.id === h.okta)!;
    const record = okta.users.find((u) => u.id === link.scimUserId);
    const viaScim = await scimClientFor(h.okta)
      .getUser(link.scimUserId)
      .catch((e: unknown) => e);
    if (method === 'unlink') {
      // The record is kept, only its link is gone.
      expect(record).toMatchObject({ accountId: null });
      expect(viaScim).toMatchObject({ id: link.scimUserId, active: false });
    } else {
      expect(record).toBeUndefined();
      expect(viaScim).toBeInstanceOf(AtlassianNotFoundError);
    }
  });

  test('an account linked in two directories is unlocked in both', async () => {
    const res = await h.call('POST', `/v1/accounts/${idOf(CARLA)}/unlock`, { reason: 'contract renewed' });
    const done = UnlockResponse.parse(res.body);
    expect(done.outcome).toBe('unlocked');
    const removals = done.steps.filter(
      (s) => s.action === 'unlink-scim-link' || s.action === 'delete-scim-records',
    );
    // unlink removes one link per directory; delete removes the records of every directory in one call.
    expect(removals).toHaveLength(method === 'unlink' ? 2 : 1);
    const state = await readState(h.control);
    expect(accountIn(state, CARLA)).toMatchObject({ accountStatus: 'active', linked: false });
  });

  test('running unlock twice is safe: the second run finds nothing to do', async () => {
    const first = UnlockResponse.parse(
      (await h.call('POST', `/v1/accounts/${idOf(BOB)}/unlock`, { reason: 'r' })).body,
    );
    expect(first.outcome).toBe('unlocked');
    await h.control.clearCalls();
    const before = await h.stateText();
    const second = UnlockResponse.parse(
      (await h.call('POST', `/v1/accounts/${idOf(BOB)}/unlock`, { reason: 'r' })).body,
    );
    expect(second.outcome).toBe('already-active');
    expect(second.steps.every((s) => s.status === 'skipped')).toBe(true);
    expect(await h.stateText()).toBe(before);
    const { calls } = await h.control.calls();
    expect(calls.filter((c) => c.method !== 'GET' && !c.path.endsWith('/users/search'))).toEqual([]);
  });

  test('a suspended directory membership is restored', async () => {
    const res = UnlockResponse.parse(
      (await h.call('POST', `/v1/accounts/${idOf(GINA)}/unlock`, { reason: 'back' })).body,
    );
    expect(res.outcome).toBe('unlocked');
    expect(res.steps.find((s) => s.action === 'restore-membership')).toMatchObject({
      status: 'done',
      target: `directory ${h.okta}`,
    });
    expect(accountIn(await readState(h.control), GINA).memberships[h.okta]).toBe('active');
  });
});
