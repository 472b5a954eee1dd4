import { mulberry32 } from '../ids';
import type { OrgModel } from '../model/org-model';
import { createScimGroup, patchScimGroup } from '../model/scim-groups';
import { applyScimUserPatch } from '../model/scim-patch';
import { createScimUser, updateScimUser } from '../model/scim-users';

/**
 * A large org for benchmarks and paging: `accounts` accounts, ~90% SCIM-synced from the first
 * directory, the rest invited or external. `inactiveFraction` of the synced ones are locked by SCIM
 * (group removal + active=false) through the model's operations.
 */
export function buildScaleSeed(model: OrgModel, opts: { accounts: number; inactiveFraction: number }): void {
  const [dirId] = [...model.directories.keys()];
  if (dirId === undefined) throw new Error('the scale seed needs a directory');
  const [domain = 'acme.example'] = [...model.claimedDomains];
  const rand = mulberry32(7);
  const group = createScimGroup(model, dirId, {
    displayName: 'all-staff',
    externalId: 'grp-all-staff',
    members: [],
  });
  const toLock: string[] = [];
  for (let i = 0; i < opts.accounts; i++) {
    const email = `user${String(i).padStart(6, '0')}@${i % 20 === 19 ? 'gmail.com' : domain}`;
    const name = `User ${i}`;
    if (i % 10 === 9) {
      model.createAccount({ email, name, managementSource: 'invited', memberships: [[dirId, 'active']] });
      continue;
    }
    const record = createScimUser(model, dirId, {
      userName: email,
      externalId: `ext-${i}`,
      emails: [{ value: email, type: 'work', primary: true }],
      name: { givenName: 'User', familyName: String(i) },
      displayName: name,
      nickName: null,
      title: null,
      department: null,
      organization: null,
      timezone: null,
      preferredLanguage: null,
      phoneNumbers: [],
      active: true,
    });
    group.members.add(record.id);
    if (rand() < opts.inactiveFraction / 0.9) toLock.push(record.id);
  }
  const users = model.directory(dirId).users;
  for (const id of toLock) {
    const record = users.get(id);
    if (!record) continue;
    patchScimGroup(model, dirId, group.id, [{ op: 'remove', path: `members[value eq "${id}"]` }]);
    updateScimUser(
      model,
      record,
      applyScimUserPatch(record, [{ op: 'replace', path: 'active', value: false }]),
    );
  }
}
