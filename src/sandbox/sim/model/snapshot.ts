import type { OrgModel } from './org-model';

/** A read-only, JSON-ready dump of the model with a deterministic key order (for /_sim/state). */

export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((k) => [k, sortKeysDeep((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function snapshotModel(model: OrgModel) {
  return {
    org: { id: model.orgId, claimedDomains: [...model.claimedDomains].sort() },
    clock: model.clock.nowIso(),
    accounts: [...model.accounts.values()].map((a) => ({
      ...a,
      memberships: Object.fromEntries([...a.memberships.entries()].sort(([x], [y]) => x.localeCompare(y))),
      claimStatus: model.isManaged(a) ? 'managed' : 'unmanaged',
      linked: model.isLinked(a.accountId),
    })),
    directories: [...model.directories.values()].map((d) => ({
      id: d.id,
      name: d.name,
      users: [...d.users.values()].map((u) => ({ ...u })),
      groups: [...d.groups.values()].map((g) => ({ ...g, members: [...g.members] })),
    })),
    keycloakUsers: model.keycloakUsers.map((u) => ({ ...u })),
  };
}
