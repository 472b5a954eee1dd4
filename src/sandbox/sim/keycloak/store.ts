import { SIM_EPOCH } from '../model/clock';
import { uuidFrom } from '../ids';
import type { KeycloakSeedUser } from '../model/types';

/** One user of the simulated realm, as Keycloak stores it (usernames and emails lower-cased). */
export interface KeycloakUser {
  id: string;
  username: string;
  email: string | null;
  emailVerified: boolean;
  enabled: boolean;
  firstName: string | null;
  lastName: string | null;
  createdTimestamp: number;
  attributes: Record<string, string[]>;
}

export interface NewKeycloakUser {
  username: string;
  email?: string | null;
  emailVerified?: boolean;
  enabled?: boolean;
  firstName?: string | null;
  lastName?: string | null;
  attributes?: Record<string, string[]>;
}

export type KeycloakUserPatch = Partial<Omit<NewKeycloakUser, 'username'>> & { username?: string };

/** Keycloak's own 409 reasons, kept so the routes can answer with Keycloak's words. */
export class KeycloakConflictError extends Error {
  constructor(readonly field: 'username' | 'email') {
    super(`User exists with same ${field}`);
  }
}

export class KeycloakUserNotFoundError extends Error {
  constructor() {
    super('User not found');
  }
}

/** The filters of GET /users and /users/count (UsersResource.getUsers). */
export interface UserFilter {
  search?: string;
  username?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  enabled?: boolean;
  emailVerified?: boolean;
  exact?: boolean;
}

const lower = (s: string | null | undefined) => (s === null || s === undefined ? null : s.toLowerCase());

function fieldMatches(value: string | null, wanted: string | undefined, exact: boolean): boolean {
  if (wanted === undefined) return true;
  if (value === null) return false;
  const v = value.toLowerCase();
  const w = wanted.toLowerCase();
  return exact ? v === w : v.includes(w);
}

/**
 * `search` as Keycloak reads it: `*` alone lists everyone, a quoted value is exact, otherwise a
 * case-insensitive infix over username, email, first and last name.
 */
function searchMatches(u: KeycloakUser, search: string | undefined): boolean {
  if (search === undefined || search.trim() === '' || search.trim() === '*') return true;
  const s = search.trim();
  const quoted = /^"(.*)"$/.exec(s);
  const term = (quoted ? (quoted[1] ?? '') : s.replace(/\*/g, '')).toLowerCase();
  const fields = [u.username, u.email, u.firstName, u.lastName];
  return fields.some(
    (f) => f !== null && (quoted ? f.toLowerCase() === term : f.toLowerCase().includes(term)),
  );
}

/**
 * The users of one realm, kept ordered by username as Keycloak lists them, so `first`/`max` paging
 * walks a stable order. Ids and timestamps derive from a counter, never from time or randomness.
 */
export class KeycloakRealmStore {
  private readonly byId = new Map<string, KeycloakUser>();
  private readonly idByUsername = new Map<string, string>();
  private readonly idByEmail = new Map<string, string>();
  /** Sorted by username; insertion keeps the order (binary search), so 10,000 creates stay cheap. */
  private ordered: KeycloakUser[] = [];
  private seq = 0;

  constructor(readonly realm: string) {}

  reset(seedUsers: readonly KeycloakSeedUser[]): void {
    this.byId.clear();
    this.idByUsername.clear();
    this.idByEmail.clear();
    this.ordered = [];
    this.seq = 0;
    for (const u of seedUsers) {
      this.create({
        username: u.username,
        email: u.email,
        emailVerified: true,
        enabled: u.enabled,
        firstName: u.firstName,
        lastName: u.lastName,
      });
    }
  }

  get size(): number {
    return this.ordered.length;
  }

  create(input: NewKeycloakUser): KeycloakUser {
    const username = input.username.toLowerCase();
    const email = lower(input.email ?? null);
    this.checkUnique(username, email, null);
    this.seq += 1;
    const user: KeycloakUser = {
      id: uuidFrom(`keycloak:${this.realm}:${this.seq}:${username}`),
      username,
      email,
      emailVerified: input.emailVerified ?? false,
      enabled: input.enabled ?? true,
      firstName: input.firstName ?? null,
      lastName: input.lastName ?? null,
      createdTimestamp: Date.parse(SIM_EPOCH) + this.seq * 1000,
      attributes: input.attributes ?? {},
    };
    this.byId.set(user.id, user);
    this.index(user);
    this.ordered.splice(this.insertionIndex(username), 0, user);
    return user;
  }

  get(id: string): KeycloakUser {
    const user = this.byId.get(id);
    if (!user) throw new KeycloakUserNotFoundError();
    return user;
  }

  /** PUT semantics of Keycloak: fields absent from the representation keep their value. */
  update(id: string, patch: KeycloakUserPatch): KeycloakUser {
    const user = this.get(id);
    const username = patch.username === undefined ? user.username : patch.username.toLowerCase();
    const email = patch.email === undefined ? user.email : lower(patch.email);
    this.checkUnique(username, email, id);
    this.unindex(user);
    if (username !== user.username) {
      this.ordered = this.ordered.filter((u) => u.id !== id);
      user.username = username;
      this.ordered.splice(this.insertionIndex(username), 0, user);
    }
    user.email = email;
    if (patch.emailVerified !== undefined) user.emailVerified = patch.emailVerified;
    if (patch.enabled !== undefined) user.enabled = patch.enabled;
    if (patch.firstName !== undefined) user.firstName = patch.firstName;
    if (patch.lastName !== undefined) user.lastName = patch.lastName;
    if (patch.attributes !== undefined) user.attributes = patch.attributes;
    this.index(user);
    return user;
  }

  delete(id: string): void {
    this.unindex(this.get(id));
    this.byId.delete(id);
    this.ordered = this.ordered.filter((u) => u.id !== id);
  }

  /** Matching users in username order. */
  find(filter: UserFilter): KeycloakUser[] {
    const exact = filter.exact ?? false;
    return this.ordered.filter(
      (u) =>
        searchMatches(u, filter.search) &&
        fieldMatches(u.username, filter.username, exact) &&
        fieldMatches(u.email, filter.email, exact) &&
        fieldMatches(u.firstName, filter.firstName, exact) &&
        fieldMatches(u.lastName, filter.lastName, exact) &&
        (filter.enabled === undefined || u.enabled === filter.enabled) &&
        (filter.emailVerified === undefined || u.emailVerified === filter.emailVerified),
    );
  }

  snapshot(): { realm: string; users: KeycloakUser[] } {
    return { realm: this.realm, users: this.ordered.map((u) => ({ ...u, attributes: { ...u.attributes } })) };
  }

  private checkUnique(username: string, email: string | null, selfId: string | null): void {
    const sameName = this.idByUsername.get(username);
    if (sameName !== undefined && sameName !== selfId) throw new KeycloakConflictError('username');
    const sameEmail = email === null ? undefined : this.idByEmail.get(email);
    if (sameEmail !== undefined && sameEmail !== selfId) throw new KeycloakConflictError('email');
  }

  private index(u: KeycloakUser): void {
    this.idByUsername.set(u.username, u.id);
    if (u.email !== null) this.idByEmail.set(u.email, u.id);
  }

  private unindex(u: KeycloakUser): void {
    this.idByUsername.delete(u.username);
    if (u.email !== null) this.idByEmail.delete(u.email);
  }

  private insertionIndex(username: string): number {
    let lo = 0;
    let hi = this.ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ordered[mid]?.username ?? '') < username) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
