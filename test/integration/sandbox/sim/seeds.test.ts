import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SimControlClient } from '../../../../src/sandbox/sim/control-client';
import { createIdentity } from '../../../../src/sandbox/sim/identity';
import { linksForAccount } from '../../../../src/sandbox/sim/model/links';
import { privilegesOf } from '../../../../src/sandbox/sim/model/lifecycle';
import { snapshotModel } from '../../../../src/sandbox/sim/model/snapshot';
import {
  readSandboxFile,
  sandboxFromSimulator,
  writeSandboxFile,
} from '../../../../src/sandbox/sim/sandbox-file';
import { buildSeed } from '../../../../src/sandbox/sim/seeds';
import { DEMO_PEOPLE, type DemoPersonKey } from '../../../../src/sandbox/sim/seeds/demo-people';
import { startSimulator } from '../../../../src/sandbox/sim/server';
import { searchUsers } from '../../../../src/sandbox/sim/model/user-search';

/** Seeds: determinism, the demo org's documented situations, the scale seed's size. */

test('two demo builds, in two simulator processes with the same identity, have identical /_sim/state', async () => {
  const identity = createIdentity();
  const a = await startSimulator({ identity, seed: { seed: 'demo' } });
  const b = await startSimulator({ identity, seed: { seed: 'demo' } });
  try {
    const stateA = await new SimControlClient(a.url, identity.controlToken).state();
    const stateB = await new SimControlClient(b.url, identity.controlToken).state();
    expect(JSON.stringify(stateA)).toBe(JSON.stringify(stateB));
    expect((stateA.accounts as unknown[]).length).toBeGreaterThanOrEqual(200);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

describe('demo org situations (the table in src/sandbox/sim/seeds/demo.ts)', () => {
  const identity = createIdentity();
  const model = buildSeed({ seed: 'demo' }, identity);
  const [okta, entra] = identity.directories.map((d) => d.id);
  const account = (k: DemoPersonKey) => {
    const a = model.findAccountByEmail(DEMO_PEOPLE[k].email);
    if (!a) throw new Error(`demo account ${k} missing`);
    return a;
  };
  const linkDirs = (k: DemoPersonKey) =>
    linksForAccount(model, account(k).accountId).map((l) => l.directoryId);
  const inGroups = (k: DemoPersonKey) =>
    [...model.directories.values()].flatMap((d) =>
      [...d.groups.values()].filter((g) =>
        [...g.members].some((id) => d.users.get(id)?.accountId === account(k).accountId),
      ),
    ).length;

  test.each<[DemoPersonKey, string, string[], Record<string, unknown>]>([
    ['alice', 'active', ['okta'], { orgAdmin: true, managementSource: 'synced' }],
    ['olivia', 'active', [], { orgAdmin: true, managementSource: 'invited' }],
    ['paul', 'active', ['okta'], {}],
    ['bob', 'inactive', ['okta'], { managementSource: 'synced' }],
    ['carla', 'inactive', ['okta', 'entra'], {}],
    ['dan', 'inactive', ['okta'], {}],
    ['erin', 'inactive', [], { managementSource: 'synced' }],
    ['frank', 'inactive', [], {}],
    ['gina', 'active', ['okta'], {}],
    ['hank', 'active', ['okta'], {}],
    ['ivy', 'active', [], { managementSource: 'invited' }],
    ['jack', 'active', [], { managementSource: 'invited' }],
    ['kate', 'active', ['entra'], {}],
    ['leo', 'inactive', ['okta'], { exportControl: true }],
    ['mia', 'inactive', ['okta'], { pendingDeletionSince: expect.any(String) }],
    ['nora', 'inactive', ['entra'], {}],
  ])('%s: %s, linked in %j', (k, status, dirs, extra) => {
    expect(account(k)).toMatchObject({ accountStatus: status, ...extra });
    expect(linkDirs(k)).toEqual(dirs.map((d) => (d === 'okta' ? okta : entra)));
  });

  test('moved-out accounts left their synced groups; the IdP-deactivated one did not', () => {
    expect(inGroups('bob')).toBe(1); // still in confluence-users, out of jira-software-users
    expect(inGroups('carla')).toBe(1); // out of both synced Jira groups, still in engineering
    expect(inGroups('dan')).toBe(2);
    expect(inGroups('nora')).toBe(0);
  });

  test('erin kept an unlinked record; frank has none; gina is suspended in Okta', () => {
    const records = [...model.directory(okta ?? '').users.values()];
    expect(records.find((r) => r.userName === DEMO_PEOPLE.erin.email)).toMatchObject({ accountId: null });
    expect(records.find((r) => r.userName === DEMO_PEOPLE.frank.email)).toBeUndefined();
    expect(account('gina').memberships.get(okta ?? '')).toBe('suspended');
  });

  test('claim status and privileges of the named cases', () => {
    expect(model.isManaged(account('jack'))).toBe(false);
    expect(model.isManaged(account('kate'))).toBe(false);
    expect(model.isManaged(account('nora'))).toBe(true);
    expect(privilegesOf(model, account('bob').accountId)['lifecycle.enablement']).toEqual({
      allowed: false,
      reason: { key: 'externalDirectory.scim' },
    });
    expect(privilegesOf(model, account('frank').accountId)['lifecycle.enablement']).toEqual({
      allowed: true,
    });
  });

  test('Keycloak users: part of the org, some disabled, some absent from Atlassian', () => {
    const kc = model.keycloakUsers;
    expect(kc.find((u) => u.email === DEMO_PEOPLE.hank.email)?.enabled).toBe(false);
    expect(kc.find((u) => u.email === DEMO_PEOPLE.alice.email)?.enabled).toBe(true);
    expect(kc.filter((u) => !u.enabled).length).toBeGreaterThan(3);
    expect(kc.filter((u) => model.findAccountByEmail(u.email) === undefined).map((u) => u.email)).toEqual([
      'zed.ghost@acme.example',
      'yara.newhire@acme.example',
    ]);
  });

  test('the Jira users of identity are demo accounts', () => {
    for (const u of identity.jira.users)
      expect(model.findAccountByEmail(u.email)?.accountId).toBe(u.accountId);
  });

  test('a second build is identical', () => {
    expect(snapshotModel(buildSeed({ seed: 'demo' }, identity))).toEqual(snapshotModel(model));
  });
});

test('scale seed: 100k accounts, ~2% inactive, searchable by status', () => {
  const started = process.hrtime.bigint();
  const model = buildSeed({ seed: 'scale', accounts: 100_000, inactiveFraction: 0.02 }, createIdentity());
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  // Reported, not asserted: timing depends on the machine.
  console.log(`scale seed: ${model.accounts.size} accounts built in ${ms.toFixed(0)} ms`);
  expect(model.accounts.size).toBe(100_000);
  const inactive = model.accountIdsWithStatus('inactive').size;
  expect(inactive).toBeGreaterThan(1_500);
  expect(inactive).toBeLessThan(2_500);
  const first = searchUsers(model, '-', { accountStatus: ['inactive'] }, 0, 100);
  expect(first.accounts).toHaveLength(100);
  expect(first.accounts.every((a) => a.accountStatus === 'inactive' && model.isLinked(a.accountId))).toBe(
    true,
  );
  const last = searchUsers(model, '-', { accountStatus: ['inactive'] }, inactive - 1, 100);
  expect([last.accounts.length, last.nextOffset]).toEqual([1, null]);
});

test('sandbox file: written 0600 in a created directory, read back validated', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'sim-sandbox-'));
  const sim = await startSimulator({ seed: { seed: 'empty' } });
  try {
    const file = path.join(dir, 'nested', 'sandbox.json');
    await writeSandboxFile(sandboxFromSimulator(sim), file);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const back = await readSandboxFile(file);
    expect(back).toEqual({
      sim: { url: sim.url, controlToken: sim.identity.controlToken },
      org: sim.identity.org,
      directories: sim.identity.directories,
    });
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
});
