import type { AtlassianClients } from '../../atlassian/clients/create-clients';
import type {
  Candidate,
  CandidatesRequest,
  LinkEvidence,
  VerifiedAccount,
  VerifyRequest,
} from '../../contract/proxy';
import { mapConcurrent } from '../../lib/map-concurrent';
import { accountFields, type LinkSnapshot } from '../accounts/domain/snapshot';
import type { DirectoryCatalogue } from '../upstream/directory-catalogue';
import type { SnapshotReader } from '../upstream/snapshot-reader';
import { toDomainUser } from '../upstream/upstream-mapping';
import { linkVerdict } from './domain/confidence';
import { decodeScanCursor, encodeScanCursor } from './scan-cursor';

export interface ScanReadsDeps {
  clients: AtlassianClients;
  reader: SnapshotReader;
  catalogue: DirectoryCatalogue;
  /** Parallel per-account reads in one verify call. */
  concurrency: number;
}

/**
 * The incremental scan's reads, stateless: the Forge app keeps what it verified and when.
 *
 * - `candidates`: one Org v2 search for inactive *managed* accounts (SCIM deactivates only accounts the
 *   org manages) per call; nothing per account.
 * - `verify`: per account one `get-scim-links` (there is no batch link API) and, for `records`, one SCIM
 *   `GET /Users/{id}` per link whose directory key the proxy holds. The per-directory membership searches
 *   of the full scan are not made: a flag does not need them, and the account's lookup reads them when an
 *   admin opens it or unlocks it.
 */
export function createScanReads(deps: ScanReadsDeps) {
  const { clients, reader, catalogue } = deps;

  async function candidates(request: CandidatesRequest): Promise<{
    candidates: Candidate[];
    nextCursor: string | null;
  }> {
    const orgCursor = request.cursor === undefined ? undefined : decodeScanCursor(request.cursor);
    const page = await clients.org.searchUsers('-', {
      accountStatus: ['inactive'],
      claimStatus: 'managed',
      limit: request.limit,
      ...(orgCursor === undefined ? {} : { cursor: orgCursor }),
    });
    const out: Candidate[] = page.data
      .filter((u) => u.accountStatus === 'inactive')
      .map((upstream) => accountFields(toDomainUser(upstream)));
    return {
      candidates: out,
      nextCursor: page.nextCursor === undefined ? null : encodeScanCursor(page.nextCursor),
    };
  }

  async function verify(request: VerifyRequest): Promise<VerifiedAccount[]> {
    // Directory names for the evidence; the catalogue is cached, so this is one call per proxy process.
    await catalogue.list();
    const ids = [...new Set(request.accountIds)];
    return mapConcurrent(ids, deps.concurrency, async (accountId): Promise<VerifiedAccount> => {
      const links = await clients.scimLinks.getScimLinks(accountId);
      if (request.read === 'links') {
        return {
          accountId,
          links: links.map((l) => ({
            directoryId: l.directoryId,
            directoryName: catalogue.nameOf(l.directoryId),
            scimUserId: l.scimUserId,
            record: null,
            active: null,
            lastModified: null,
          })),
          verdict: null,
        };
      }
      const snapshots = links.length === 0 ? [] : await reader.readLinks(links);
      const verdict = linkVerdict(snapshots);
      return { accountId, links: snapshots.map(toLinkEvidence), verdict };
    });
  }

  return { candidates, verify };
}

function toLinkEvidence(link: LinkSnapshot): LinkEvidence {
  const known = link.record.kind === 'known' ? link.record.record : null;
  return {
    directoryId: link.directoryId,
    directoryName: link.directoryName,
    scimUserId: link.scimUserId,
    record: link.record.kind,
    active: known === null ? null : known.active,
    lastModified: known?.lastModified ?? null,
  };
}
