import type { AtlassianClients } from '../../atlassian/clients/create-clients';
import type { OrgUser as UpstreamOrgUser, UserSearchRequest } from '../../atlassian/clients/org-schemas';
import type { ScimUserLink } from '../../atlassian/clients/scim-links-client';
import {
  AtlassianForbiddenError,
  AtlassianHttpError,
  AtlassianNetworkError,
  AtlassianNotFoundError,
} from '../../atlassian/errors';
import type {
  AccountSnapshot,
  LinkSnapshot,
  Membership,
  OrgUser,
  Privilege,
} from '../accounts/domain/snapshot';
import type { DirectoryCatalogue } from './directory-catalogue';
import { toDomainUser, toEnablement, toMembershipStatus, toRecordState } from './upstream-mapping';

/**
 * Reads what the decisions need about one account, with as few upstream calls as the APIs allow:
 *
 * - Org v2 `users/search` once per directory, filtered to the account. The `-` ("all directories")
 *   form reports one combined membership status, which cannot say *which* directory is suspended, and
 *   restoring access is per directory; orgs have a handful of directories, so one search each is the
 *   cheapest exact answer. Only when no directory knows the account is `-` asked (an account without
 *   any membership, or none at all).
 * - SCIM admin `get-scim-links` by account id (concurrently with the searches).
 * - SCIM `GET /Users/{id}` for each link, only where the proxy holds that directory's key.
 * - User management `GET /manage` only for an inactive managed account: enablement matters only for
 *   reactivation, and UM refuses unmanaged accounts anyway.
 */
export interface SnapshotReader {
  byAccountId(accountId: string): Promise<AccountSnapshot>;
  /** By email; when no account has it, `user` is null and the links are the email's SCIM records. */
  byEmail(email: string): Promise<AccountSnapshot>;
  /** The records behind already-known links (used by the scan for its candidates). */
  readLinks(links: readonly ScimUserLink[]): Promise<LinkSnapshot[]>;
}

type UserFilter = Pick<UserSearchRequest, 'accountIds' | 'emails'>;

interface FoundUser {
  user: OrgUser | null;
  memberships: Membership[];
}

export function createSnapshotReader(
  clients: AtlassianClients,
  catalogue: DirectoryCatalogue,
): SnapshotReader {
  async function findUser(filter: UserFilter): Promise<FoundUser> {
    const dirs = await catalogue.list();
    const pages = await Promise.all(
      dirs.map(async (d) => ({
        dir: d,
        page: await clients.org.searchUsers(d.directoryId, { ...filter, limit: 10 }),
      })),
    );
    let upstream: UpstreamOrgUser | undefined;
    const memberships: Membership[] = [];
    for (const { dir, page } of pages) {
      const u = page.data.find((candidate) => matches(candidate, filter));
      if (!u) continue;
      upstream ??= u;
      const status = toMembershipStatus(u.membershipStatus);
      if (status !== 'no_membership') {
        memberships.push({ directoryId: dir.directoryId, directoryName: dir.name, membershipStatus: status });
      }
    }
    if (!upstream) {
      const page = await clients.org.searchUsers('-', { ...filter, limit: 10 });
      upstream = page.data.find((candidate) => matches(candidate, filter));
    }
    return { user: upstream ? toDomainUser(upstream) : null, memberships };
  }

  async function readLinks(links: readonly ScimUserLink[]): Promise<LinkSnapshot[]> {
    return Promise.all(
      links.map(async (l): Promise<LinkSnapshot> => {
        const base = {
          directoryId: l.directoryId,
          directoryName: catalogue.nameOf(l.directoryId),
          scimUserId: l.scimUserId,
        };
        if (!clients.hasScimKey(l.directoryId)) return { ...base, record: { kind: 'no-key' } };
        try {
          return { ...base, record: toRecordState(await clients.scim(l.directoryId).getUser(l.scimUserId)) };
        } catch (err) {
          // One unreadable record must not hide the rest of the account: the state says what is unknown.
          if (err instanceof AtlassianNotFoundError) return { ...base, record: { kind: 'missing' } };
          if (err instanceof AtlassianHttpError)
            return { ...base, record: { kind: 'unreadable', status: err.status } };
          if (err instanceof AtlassianNetworkError)
            return { ...base, record: { kind: 'unreadable', status: null } };
          throw err;
        }
      }),
    );
  }

  async function readEnablement(user: OrgUser | null): Promise<Privilege | null> {
    if (user === null || user.accountStatus !== 'inactive' || user.claimStatus !== 'managed') return null;
    try {
      return toEnablement(await clients.userManagement.getManage(user.accountId));
    } catch (err) {
      // UM answers 403 targetUnverified / 404 for accounts it will not manage: nothing to learn then.
      if (err instanceof AtlassianForbiddenError || err instanceof AtlassianNotFoundError) return null;
      throw err;
    }
  }

  async function complete(
    accountId: string,
    found: FoundUser,
    links: readonly ScimUserLink[],
  ): Promise<AccountSnapshot> {
    const [scimLinks, enablement] = await Promise.all([readLinks(links), readEnablement(found.user)]);
    return { accountId, user: found.user, memberships: found.memberships, scimLinks, enablement };
  }

  return {
    async byAccountId(accountId) {
      const [found, links] = await Promise.all([
        findUser({ accountIds: [accountId] }),
        clients.scimLinks.getScimLinks(accountId),
      ]);
      return complete(accountId, found, links);
    },
    async byEmail(email) {
      const found = await findUser({ emails: [email] });
      if (found.user !== null) {
        const links = await clients.scimLinks.getScimLinks(found.user.accountId);
        return complete(found.user.accountId, found, links);
      }
      const links = await clients.scimLinks.getScimLinksForEmail(email);
      const linked = links.find(
        (l) => typeof l.atlassianAccountId === 'string' && l.atlassianAccountId !== '',
      );
      return complete(linked?.atlassianAccountId ?? '', found, links);
    },
    readLinks,
  };
}

function matches(u: UpstreamOrgUser, filter: UserFilter): boolean {
  if (filter.accountIds) return filter.accountIds.includes(u.accountId);
  const wanted = filter.emails?.map((e) => e.toLowerCase()) ?? [];
  return u.email !== undefined && wanted.includes(u.email.toLowerCase());
}
