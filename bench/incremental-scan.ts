/**
 * The incremental scan as the Forge app runs it (src/forge/scan/scan.ts), driven over the proxy's HTTP
 * API with the app's own pure rules (src/forge/scan/domain/) and the app's state kept in memory instead
 * of Forge storage: candidate pages of 100, a full verify of accounts never verified, a rotation of known
 * accounts (link-only for flagged accounts whose links are unchanged), and clearing of accounts that left
 * the candidates. Upstream calls come from each answer's own `calls` list.
 */
import type { ApiFamily } from '../src/atlassian';
import { VERIFY_MAX_ACCOUNTS, type VerifiedAccount } from '../src/contract/proxy';
import { selectRotation } from '../src/forge/scan/domain/rotation';
import {
  isFlagged,
  linkRefs,
  recheckMode,
  sameLinks,
  type LinkRef,
} from '../src/forge/scan/domain/verification';
import { emptyCounts, type FamilyCounts } from './call-tally';
import type { ProxyClient } from './proxy-client';
import { countSentCalls } from './proxy-scan';

export const CANDIDATE_PAGE_LIMIT = 100;
export const HOUR_MS = 3_600_000;

interface Known {
  accountId: string;
  lastSeenAt: string;
  lastVerifiedAt: string;
  flagged: boolean;
  links: LinkRef[];
}

export interface IncrementalRun {
  flagged: string[];
  candidates: number;
  pages: number;
  verified: number;
  rechecked: number;
  /** Rechecked accounts whose links changed, read again in full. */
  reread: number;
  cleared: number;
  reportedCalls: FamilyCounts;
  verifyCalls: number;
  wallMs: number;
}

export class IncrementalScanner {
  readonly #known = new Map<string, Known>();

  constructor(
    private readonly proxy: ProxyClient,
    private readonly opts: { intervalMs: number; windowMs: number },
  ) {}

  /** One run at the simulated time `now` (the bench advances it by the cadence between runs). */
  async run(now: Date): Promise<IncrementalRun> {
    const started = performance.now();
    const runStartedAt = now.toISOString();
    const calls = emptyCounts();
    const add = (c: ReadonlyArray<{ operation: string; status: number | null }>) => {
      const n = countSentCalls(c);
      for (const f of Object.keys(n) as ApiFamily[]) calls[f] += n[f];
    };
    const out = { candidates: 0, pages: 0, verified: 0, rechecked: 0, reread: 0, cleared: 0, verifyCalls: 0 };

    const verify = async (ids: readonly string[], read: 'records' | 'links') => {
      const answers: VerifiedAccount[] = [];
      for (let i = 0; i < ids.length; i += VERIFY_MAX_ACCOUNTS) {
        const res = await this.proxy.verify(ids.slice(i, i + VERIFY_MAX_ACCOUNTS), read);
        out.verifyCalls += 1;
        add(res.calls);
        answers.push(...res.accounts);
      }
      return answers;
    };
    const record = (v: VerifiedAccount, seen: string) =>
      this.#known.set(v.accountId, {
        accountId: v.accountId,
        lastSeenAt: seen,
        lastVerifiedAt: runStartedAt,
        flagged: isFlagged(v.verdict?.confidence ?? null),
        links: linkRefs(v.links),
      });

    // 1. candidate pages; verify the new ones
    let cursor: string | undefined;
    do {
      const page = await this.proxy.candidatesPage({
        limit: CANDIDATE_PAGE_LIMIT,
        ...(cursor ? { cursor } : {}),
      });
      out.pages += 1;
      add(page.calls);
      out.candidates += page.candidates.length;
      const fresh: string[] = [];
      for (const c of page.candidates) {
        const k = this.#known.get(c.accountId);
        if (k === undefined) fresh.push(c.accountId);
        else k.lastSeenAt = runStartedAt;
      }
      for (const v of await verify(fresh, 'records')) record(v, runStartedAt);
      out.verified += fresh.length;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);

    // 2. rotation
    for (;;) {
      const seen = [...this.#known.values()].filter((k) => k.lastSeenAt >= runStartedAt);
      const picked = selectRotation(seen, {
        runStartedAt,
        now,
        intervalMs: this.opts.intervalMs,
        windowMs: this.opts.windowMs,
        alreadyRechecked: out.rechecked,
        max: VERIFY_MAX_ACCOUNTS,
      });
      if (picked.length === 0) break;
      const chosen = picked.flatMap((id) => this.#known.get(id) ?? []);
      const linkOnly = chosen.filter((k) => recheckMode(k) === 'links');
      const full = chosen.filter((k) => recheckMode(k) === 'records').map((k) => k.accountId);
      const answers = new Map(
        (
          await verify(
            linkOnly.map((k) => k.accountId),
            'links',
          )
        ).map((v) => [v.accountId, v]),
      );
      for (const k of linkOnly) {
        const v = answers.get(k.accountId);
        if (v !== undefined && sameLinks(k.links, linkRefs(v.links))) k.lastVerifiedAt = runStartedAt;
        else full.push(k.accountId);
      }
      out.reread += full.length;
      for (const v of await verify(full, 'records')) record(v, runStartedAt);
      out.rechecked += chosen.length;
    }

    // 3. clear what left the candidates
    for (const k of [...this.#known.values()]) {
      if (k.lastSeenAt < runStartedAt) {
        this.#known.delete(k.accountId);
        if (k.flagged) out.cleared += 1;
      }
    }
    const flagged = [...this.#known.values()].filter((k) => k.flagged).map((k) => k.accountId);
    return { ...out, flagged, reportedCalls: calls, wallMs: performance.now() - started };
  }
}
