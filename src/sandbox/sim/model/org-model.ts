import { accountIdFor, uuidFrom } from '../ids';
import { SimClock } from './clock';
import { NotFoundError, UniquenessError } from './errors';
import type {
  Account,
  AccountStatus,
  KeycloakSeedUser,
  ManagementSource,
  MembershipStatus,
  ScimGroupRecord,
  ScimUserRecord,
} from './types';

/** One SCIM directory's records with the lookups its uniqueness rules and filters need. */
export class DirectoryData {
  readonly users = new Map<string, ScimUserRecord>();
  readonly byUserName = new Map<string, string>();
  readonly byExternalId = new Map<string, string>();
  readonly byEmail = new Map<string, string>();
  readonly groups = new Map<string, ScimGroupRecord>();
  readonly groupByName = new Map<string, string>();

  constructor(
    readonly id: string,
    readonly name: string,
  ) {}
}

export interface NewAccount {
  email: string;
  name: string;
  nickname?: string;
  jobTitle?: string | null;
  department?: string | null;
  organization?: string | null;
  timeZone?: string | null;
  managementSource: ManagementSource;
  memberships?: Array<[string, MembershipStatus]>;
  orgAdmin?: boolean;
  mfaEnabled?: boolean;
}

export interface OrgModelOptions {
  orgId: string;
  claimedDomains: string[];
  directories: Array<{ id: string; name: string }>;
  clock?: SimClock;
}

const lower = (s: string) => s.toLowerCase();

export function emailDomain(email: string): string {
  return lower(email.slice(email.lastIndexOf('@') + 1));
}

/**
 * The organisation: accounts, directories and SCIM records, with indexes by email, account id,
 * account status and SCIM link. All mutation of indexed fields goes through the methods here.
 */
export class OrgModel {
  readonly orgId: string;
  readonly clock: SimClock;
  readonly claimedDomains: ReadonlySet<string>;
  readonly directories = new Map<string, DirectoryData>();
  readonly accounts = new Map<string, Account>();
  keycloakUsers: KeycloakSeedUser[] = [];

  private readonly accountByEmail = new Map<string, string>();
  private readonly accountsByStatus = new Map<AccountStatus, Set<string>>([
    ['active', new Set()],
    ['inactive', new Set()],
    ['closed', new Set()],
  ]);
  /** Per account, its linked records; arrays, not Sets, because there are 100k of them at scale. */
  private readonly linksByAccount = new Map<string, ScimUserRecord[]>();
  private accountSeq = 0;
  private scimUserSeq = 0;
  private scimGroupSeq = 0;

  constructor(options: OrgModelOptions) {
    this.orgId = options.orgId;
    this.clock = options.clock ?? new SimClock();
    this.claimedDomains = new Set(options.claimedDomains.map(lower));
    for (const d of options.directories) this.directories.set(d.id, new DirectoryData(d.id, d.name));
  }

  // ---- accounts -------------------------------------------------------------------------------

  isManaged(account: Pick<Account, 'email'>): boolean {
    return this.claimedDomains.has(emailDomain(account.email));
  }

  createAccount(input: NewAccount): Account {
    if (this.accountByEmail.has(lower(input.email))) {
      throw new UniquenessError('USER', 'email', input.email);
    }
    let salt = 0;
    let accountId = accountIdFor(input.email);
    // An email can return after its first account changed address; keep ids unique regardless.
    while (this.accounts.has(accountId)) accountId = accountIdFor(input.email, ++salt);
    const now = this.clock.tick();
    const account: Account = {
      seq: ++this.accountSeq,
      accountId,
      email: input.email,
      name: input.name,
      nickname: input.nickname ?? input.name.split(' ')[0] ?? input.name,
      jobTitle: input.jobTitle ?? null,
      department: input.department ?? null,
      organization: input.organization ?? null,
      timeZone: input.timeZone ?? null,
      accountStatus: 'active',
      managementSource: input.managementSource,
      memberships: new Map(input.memberships ?? []),
      exportControl: false,
      pendingDeletionSince: null,
      orgAdmin: input.orgAdmin ?? false,
      mfaEnabled: input.mfaEnabled ?? false,
      addedToOrg: now,
      deactivatedOn: null,
    };
    this.accounts.set(accountId, account);
    this.accountByEmail.set(lower(input.email), accountId);
    this.accountsByStatus.get('active')?.add(accountId);
    return account;
  }

  getAccount(accountId: string): Account {
    const account = this.accounts.get(accountId);
    if (!account) throw new NotFoundError('account', accountId);
    return account;
  }

  findAccountByEmail(email: string): Account | undefined {
    const id = this.accountByEmail.get(lower(email));
    return id === undefined ? undefined : this.accounts.get(id);
  }

  accountIdsWithStatus(status: AccountStatus): ReadonlySet<string> {
    return this.accountsByStatus.get(status) ?? new Set();
  }

  setAccountStatus(account: Account, status: AccountStatus): void {
    if (account.accountStatus === status) return;
    this.accountsByStatus.get(account.accountStatus)?.delete(account.accountId);
    this.accountsByStatus.get(status)?.add(account.accountId);
    account.accountStatus = status;
    account.deactivatedOn = status === 'active' ? null : this.clock.tick();
  }

  setAccountEmail(account: Account, email: string): void {
    if (lower(email) === lower(account.email)) {
      account.email = email;
      return;
    }
    if (this.accountByEmail.has(lower(email))) throw new UniquenessError('USER', 'email', email);
    this.accountByEmail.delete(lower(account.email));
    this.accountByEmail.set(lower(email), account.accountId);
    account.email = email;
  }

  // ---- directories and SCIM records ------------------------------------------------------------

  directory(directoryId: string): DirectoryData {
    const directory = this.directories.get(directoryId);
    if (!directory) throw new NotFoundError('directory', directoryId);
    return directory;
  }

  nextScimUserId(): { seq: number; id: string } {
    const seq = ++this.scimUserSeq;
    return { seq, id: uuidFrom(`scim-user:${seq}`) };
  }

  nextScimGroupId(): { seq: number; id: string } {
    const seq = ++this.scimGroupSeq;
    return { seq, id: uuidFrom(`scim-group:${seq}`) };
  }

  indexScimUser(record: ScimUserRecord): void {
    const dir = this.directory(record.directoryId);
    dir.users.set(record.id, record);
    dir.byUserName.set(lower(record.userName), record.id);
    if (record.externalId !== null) dir.byExternalId.set(record.externalId, record.id);
    for (const e of record.emails) dir.byEmail.set(lower(e.value), record.id);
    if (record.accountId !== null) this.addLink(record.accountId, record);
  }

  unindexScimUser(record: ScimUserRecord): void {
    const dir = this.directory(record.directoryId);
    dir.users.delete(record.id);
    if (dir.byUserName.get(lower(record.userName)) === record.id)
      dir.byUserName.delete(lower(record.userName));
    if (record.externalId !== null && dir.byExternalId.get(record.externalId) === record.id) {
      dir.byExternalId.delete(record.externalId);
    }
    for (const e of record.emails) {
      if (dir.byEmail.get(lower(e.value)) === record.id) dir.byEmail.delete(lower(e.value));
    }
    if (record.accountId !== null) this.removeLink(record.accountId, record);
  }

  /** Re-indexes a record after its indexed attributes change (userName, externalId, emails, link). */
  reindexScimUser(record: ScimUserRecord, mutate: () => void): void {
    this.unindexScimUser(record);
    try {
      mutate();
    } finally {
      this.indexScimUser(record);
    }
  }

  setLink(record: ScimUserRecord, accountId: string | null): void {
    if (record.accountId !== null) this.removeLink(record.accountId, record);
    record.accountId = accountId;
    if (accountId !== null) this.addLink(accountId, record);
  }

  /** SCIM records linked to the account, in creation order. */
  linkedRecords(accountId: string): ScimUserRecord[] {
    return [...(this.linksByAccount.get(accountId) ?? [])].sort((a, b) => a.seq - b.seq);
  }

  isLinked(accountId: string): boolean {
    return (this.linksByAccount.get(accountId)?.length ?? 0) > 0;
  }

  private addLink(accountId: string, record: ScimUserRecord): void {
    const list = this.linksByAccount.get(accountId);
    if (!list) this.linksByAccount.set(accountId, [record]);
    else if (!list.includes(record)) list.push(record);
  }

  private removeLink(accountId: string, record: ScimUserRecord): void {
    const list = this.linksByAccount.get(accountId);
    if (!list) return;
    const rest = list.filter((r) => r !== record);
    if (rest.length === 0) this.linksByAccount.delete(accountId);
    else this.linksByAccount.set(accountId, rest);
  }
}
