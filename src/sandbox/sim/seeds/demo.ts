/**
 * The demo organisation ("Acme"): ~230 accounts over two SCIM directories, built through the
 * model's own operations so that every locked account really was locked by SCIM.
 *
 * Claimed domains: acme.example, acme-labs.example. Directories: "Okta Workforce" (first) and
 * "Entra Contractors" (second). Notable accounts:
 *
 * | email                              | situation                                                                 |
 * |------------------------------------|---------------------------------------------------------------------------|
 * | alice.admin@acme.example           | org admin (protected), Jira admin, SCIM-synced from Okta, active          |
 * | olivia.owner@acme.example          | org admin (protected), invited (not SCIM), active, Jira admin             |
 * | paul.agent@acme.example            | SCIM-synced (Okta), active, Jira user (not admin)                         |
 * | bob.mover@acme.example             | LOCKED BY SCIM: removed from synced group + active=false (Okta); linked   |
 * | carla.both@acme.example            | LOCKED BY SCIM in BOTH directories (Okta + Entra); two links              |
 * | dan.deactivated@acme.example       | deactivated by the IdP (active=false, still in its groups); linked (Okta) |
 * | erin.unlinked@acme.example         | locked by SCIM, then admin-unlinked: inactive, record kept, no link       |
 * | frank.deleted@acme.example         | SCIM DELETE'd: record gone, inactive, no link (re-enable-able)            |
 * | gina.suspended@acme.example        | SCIM-synced, active account, Okta directory membership SUSPENDED          |
 * | hank.active@acme.example           | SCIM-synced, active; DISABLED in Keycloak (offboarding candidate)         |
 * | ivy.invited@acme.example           | invited (not SCIM), active; DISABLED in Keycloak                          |
 * | jack.external@gmail.com            | unmanaged external account, invited, active                               |
 * | kate.partner@partner.example       | unmanaged partner account SCIM-linked from Entra, active                  |
 * | leo.exportcontrol@acme.example     | locked by SCIM (Okta) AND export-control blocked: enable refused 403      |
 * | mia.pendingdeletion@acme.example   | locked by SCIM (Okta) AND pending deletion: enable refused 409            |
 * | nora.contractor@acme-labs.example  | LOCKED BY SCIM in Entra only (contractor moved out of its group)          |
 *
 * The generated population (first.lastN@…) adds active synced staff, further SCIM-locked and
 * IdP-deactivated accounts (some in both directories), invited staff and unmanaged externals.
 * Keycloak users (model.keycloakUsers) match part of the org, some disabled, some absent, plus two
 * Keycloak-only users (zed.ghost@acme.example disabled, yara.newhire@acme.example enabled).
 */
import { mulberry32 } from '../ids';
import { SIM_EPOCH } from '../model/clock';
import { unlinkScimUser } from '../model/links';
import { setMembership } from '../model/memberships';
import type { OrgModel } from '../model/org-model';
import { createScimGroup, patchScimGroup } from '../model/scim-groups';
import { applyScimUserPatch } from '../model/scim-patch';
import { createScimUser, deleteScimUser, updateScimUser } from '../model/scim-users';
import type { KeycloakSeedUser, ScimUserAttributes, ScimUserRecord } from '../model/types';
import { DEMO_PEOPLE, displayNameOf, type DemoPerson } from './demo-people';

const DAY = 86_400_000;
const HISTORY_START = '2026-01-05T09:00:00.000Z';
/** Ordinary departures arrive hours apart (in days, as DemoBuilder.later takes them). */
const HOURS_BETWEEN_DEPARTURES = 7 / 24;

const FIRST = [
  'Liam',
  'Emma',
  'Noah',
  'Ava',
  'Mateo',
  'Sofia',
  'Lucas',
  'Mila',
  'Elias',
  'Aria',
  'Omar',
  'Yuki',
  'Priya',
  'Chen',
  'Fatima',
  'Jonas',
  'Ines',
  'Tariq',
  'Lena',
  'Diego',
  'Hana',
  'Kofi',
  'Zara',
  'Ravi',
];
const LAST = [
  'Smith',
  'Garcia',
  'Müller',
  'Rossi',
  'Dubois',
  'Kowalski',
  'Tanaka',
  'Okafor',
  'Silva',
  'Nguyen',
  'Johansson',
  'Novak',
  'Haddad',
  'Patel',
  'Kim',
  'Brown',
  'Lopez',
  'Schmidt',
  'Costa',
  'Ahmed',
];
const DEPARTMENTS = [
  'Engineering',
  'Sales',
  'Marketing',
  'Finance',
  'People',
  'Support',
  'Product',
  'Design',
];

export function scimAttributes(p: DemoPerson, externalId: string): ScimUserAttributes {
  return {
    userName: p.email,
    externalId,
    emails: [{ value: p.email, type: 'work', primary: true }],
    name: { givenName: p.givenName, familyName: p.familyName, formatted: displayNameOf(p) },
    displayName: displayNameOf(p),
    nickName: null,
    title: p.jobTitle,
    department: p.department,
    organization: 'Acme',
    timezone: 'Europe/Berlin',
    preferredLanguage: 'en-US',
    phoneNumbers: [],
    active: true,
  };
}

/** Seed-time view of the model's operations, as an IdP and an admin would perform them. */
class DemoBuilder {
  readonly okta: string;
  readonly entra: string;
  readonly groups = new Map<string, string>();
  private externalSeq = 0;

  constructor(readonly model: OrgModel) {
    const [okta, entra] = [...model.directories.keys()];
    if (okta === undefined || entra === undefined) throw new Error('the demo seed needs two directories');
    this.okta = okta;
    this.entra = entra;
  }

  group(directoryId: string, name: string): string {
    const id = createScimGroup(this.model, directoryId, {
      displayName: name,
      externalId: `grp-${name}`,
      members: [],
    }).id;
    this.groups.set(name, id);
    return id;
  }

  provision(directoryId: string, p: DemoPerson, groupNames: string[]): ScimUserRecord {
    const prefix = directoryId === this.okta ? '00u' : 'entra-';
    const record = createScimUser(
      this.model,
      directoryId,
      scimAttributes(p, `${prefix}${++this.externalSeq}`),
    );
    for (const g of groupNames) this.addToGroup(directoryId, g, record.id);
    return record;
  }

  addToGroup(directoryId: string, groupName: string, userId: string): void {
    const groupId = this.groups.get(groupName) ?? '';
    patchScimGroup(this.model, directoryId, groupId, [
      { op: 'add', path: 'members', value: [{ value: userId }] },
    ]);
  }

  /** What an IdP does when someone leaves the synced group: membership removed, then active=false. */
  moveOutOfSyncedGroup(record: ScimUserRecord, groupName: string): void {
    const groupId = this.groups.get(groupName) ?? '';
    patchScimGroup(this.model, record.directoryId, groupId, [
      { op: 'remove', path: `members[value eq "${record.id}"]` },
    ]);
    this.deactivate(record);
  }

  deactivate(record: ScimUserRecord): void {
    updateScimUser(
      this.model,
      record,
      applyScimUserPatch(record, [{ op: 'replace', value: { active: false } }]),
    );
  }

  later(days: number): void {
    this.model.clock.tick(days * DAY);
  }
}

function generatedPerson(rand: () => number, used: Set<string>, domain: string): DemoPerson {
  for (;;) {
    const givenName = FIRST[Math.floor(rand() * FIRST.length)] ?? 'Sam';
    const familyName = LAST[Math.floor(rand() * LAST.length)] ?? 'Doe';
    const n = Math.floor(rand() * 90) + 10;
    const local = `${givenName}.${familyName}${n}`
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z0-9.]/g, '');
    const email = `${local}@${domain}`;
    if (used.has(email)) continue;
    used.add(email);
    const department = DEPARTMENTS[Math.floor(rand() * DEPARTMENTS.length)] ?? 'Engineering';
    return { email, givenName, familyName, jobTitle: `${department} Specialist`, department };
  }
}

export function buildDemoSeed(model: OrgModel): void {
  model.clock.set(HISTORY_START);
  const b = new DemoBuilder(model);
  const rand = mulberry32(20261102);
  const used = new Set<string>(Object.values(DEMO_PEOPLE).map((p) => p.email));
  const P = DEMO_PEOPLE;

  for (const g of ['jira-software-users', 'confluence-users', 'engineering', 'sales']) b.group(b.okta, g);
  for (const g of ['contractors-jira', 'contractors-confluence']) b.group(b.entra, g);

  // Admins and people who stay in good standing.
  model.createAccount({
    email: P.olivia.email,
    name: displayNameOf(P.olivia),
    jobTitle: P.olivia.jobTitle,
    department: P.olivia.department,
    managementSource: 'invited',
    memberships: [[b.okta, 'active']],
    orgAdmin: true,
    mfaEnabled: true,
  });
  const alice = b.provision(b.okta, P.alice, ['jira-software-users', 'confluence-users']);
  const aliceAccount = model.getAccount(alice.accountId ?? '');
  aliceAccount.orgAdmin = true;
  aliceAccount.mfaEnabled = true;
  b.provision(b.okta, P.paul, ['jira-software-users']);
  b.provision(b.okta, P.hank, ['jira-software-users', 'engineering']);
  const gina = b.provision(b.okta, P.gina, ['jira-software-users']);
  model.createAccount({
    email: P.ivy.email,
    name: displayNameOf(P.ivy),
    jobTitle: P.ivy.jobTitle,
    managementSource: 'invited',
    memberships: [[b.okta, 'active']],
  });
  model.createAccount({
    email: P.jack.email,
    name: displayNameOf(P.jack),
    managementSource: 'invited',
    memberships: [[b.okta, 'active']],
  });
  b.provision(b.entra, P.kate, ['contractors-jira']);

  // People who will be locked, unlinked or deleted later in the story.
  const bob = b.provision(b.okta, P.bob, ['jira-software-users', 'confluence-users']);
  const carlaOkta = b.provision(b.okta, P.carla, ['jira-software-users', 'engineering']);
  const carlaEntra = b.provision(b.entra, P.carla, ['contractors-jira']);
  const dan = b.provision(b.okta, P.dan, ['jira-software-users', 'sales']);
  const erin = b.provision(b.okta, P.erin, ['confluence-users']);
  const frank = b.provision(b.okta, P.frank, ['jira-software-users', 'engineering']);
  const leo = b.provision(b.okta, P.leo, ['jira-software-users']);
  const mia = b.provision(b.okta, P.mia, ['jira-software-users']);
  const nora = b.provision(b.entra, P.nora, ['contractors-jira']);

  // The generated population.
  const oktaStaff: ScimUserRecord[] = [];
  for (let i = 0; i < 170; i++) {
    const person = generatedPerson(rand, used, 'acme.example');
    const groups = ['jira-software-users', person.department === 'Sales' ? 'sales' : 'engineering'];
    oktaStaff.push(b.provision(b.okta, person, groups));
    if (i < 5) b.provision(b.entra, person, ['contractors-confluence']);
  }
  const contractors: ScimUserRecord[] = [];
  for (let i = 0; i < 25; i++) {
    contractors.push(
      b.provision(b.entra, generatedPerson(rand, used, 'acme-labs.example'), ['contractors-jira']),
    );
  }
  for (let i = 0; i < 10; i++) {
    const p = generatedPerson(rand, used, 'acme.example');
    model.createAccount({
      email: p.email,
      name: displayNameOf(p),
      jobTitle: p.jobTitle,
      department: p.department,
      managementSource: 'invited',
      memberships: [[b.okta, 'active']],
    });
  }
  for (let i = 0; i < 8; i++) {
    const p = generatedPerson(rand, used, i % 2 === 0 ? 'gmail.com' : 'partner.example');
    model.createAccount({
      email: p.email,
      name: displayNameOf(p),
      managementSource: i % 4 === 1 ? null : 'invited',
      memberships: [[b.okta, 'active']],
    });
  }

  // Months later: role changes and departures, as the IdPs send them — one at a time, hours apart, as
  // ordinary churn does. (Many within minutes is an incident, src/forge/flags/domain/incidents.ts; the
  // demo has none, so each lock is its own flag and Jira issue; tests make incidents on purpose.)
  b.later(120);
  b.moveOutOfSyncedGroup(bob, 'jira-software-users');
  b.later(HOURS_BETWEEN_DEPARTURES);
  b.moveOutOfSyncedGroup(carlaOkta, 'jira-software-users');
  b.moveOutOfSyncedGroup(carlaEntra, 'contractors-jira');
  for (const step of [
    () => b.deactivate(dan),
    () => b.moveOutOfSyncedGroup(erin, 'confluence-users'),
    () => b.moveOutOfSyncedGroup(leo, 'jira-software-users'),
    () => b.moveOutOfSyncedGroup(mia, 'jira-software-users'),
    () => b.moveOutOfSyncedGroup(nora, 'contractors-jira'),
  ]) {
    b.later(HOURS_BETWEEN_DEPARTURES);
    step();
  }
  oktaStaff.forEach((r, i) => {
    if (i % 12 === 3 || i % 25 === 7) b.later(HOURS_BETWEEN_DEPARTURES);
    if (i % 12 === 3) b.moveOutOfSyncedGroup(r, 'jira-software-users');
    else if (i % 25 === 7) b.deactivate(r);
  });
  // Two of the people synced from both IdPs were moved out on both sides.
  for (const r of oktaStaff.slice(0, 2)) {
    b.later(HOURS_BETWEEN_DEPARTURES);
    b.moveOutOfSyncedGroup(r, 'jira-software-users');
    const entraTwin = [...model.directory(b.entra).users.values()].find((u) => u.userName === r.userName);
    if (entraTwin) b.moveOutOfSyncedGroup(entraTwin, 'contractors-confluence');
  }
  contractors.forEach((r, i) => {
    if (i % 10 !== 4) return;
    b.later(HOURS_BETWEEN_DEPARTURES);
    b.moveOutOfSyncedGroup(r, 'contractors-jira');
  });

  // Admin actions taken since.
  b.later(30);
  unlinkScimUser(model, b.okta, erin.id);
  deleteScimUser(model, b.okta, frank.id);
  setMembership(model, b.okta, gina.accountId ?? '', 'suspended');
  const leoAccount = model.getAccount(leo.accountId ?? '');
  leoAccount.exportControl = true;
  const miaAccount = model.getAccount(mia.accountId ?? '');
  miaAccount.pendingDeletionSince = b.model.clock.tick();

  model.keycloakUsers = keycloakUsers(oktaStaff);
  if (Date.parse(model.clock.nowIso()) < Date.parse(SIM_EPOCH)) model.clock.set(SIM_EPOCH);
}

function keycloakUsers(oktaStaff: ScimUserRecord[]): KeycloakSeedUser[] {
  const kc = (p: DemoPerson, enabled: boolean): KeycloakSeedUser => ({
    username: p.email.split('@')[0] ?? p.email,
    email: p.email,
    enabled,
    firstName: p.givenName,
    lastName: p.familyName,
  });
  const P = DEMO_PEOPLE;
  const users = [
    kc(P.alice, true),
    kc(P.olivia, true),
    kc(P.paul, true),
    kc(P.gina, true),
    kc(P.hank, false),
    kc(P.ivy, false),
    kc(P.bob, false),
  ];
  oktaStaff.slice(10, 40).forEach((r, i) => {
    users.push({
      username: r.userName.split('@')[0] ?? r.userName,
      email: r.userName,
      enabled: i % 7 !== 3,
      firstName: r.name.givenName ?? '',
      lastName: r.name.familyName ?? '',
    });
  });
  users.push(
    {
      username: 'zed.ghost',
      email: 'zed.ghost@acme.example',
      enabled: false,
      firstName: 'Zed',
      lastName: 'Ghost',
    },
    {
      username: 'yara.newhire',
      email: 'yara.newhire@acme.example',
      enabled: true,
      firstName: 'Yara',
      lastName: 'Newhire',
    },
  );
  return users;
}
