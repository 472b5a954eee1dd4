import type { OrgClient } from '../../atlassian/clients/org-client';

export interface DirectoryInfo {
  directoryId: string;
  name: string | null;
}

export interface DirectoryCatalogue {
  /** The org's directories, read at most once per `ttlMs`. */
  list(): Promise<readonly DirectoryInfo[]>;
  /** The name of a directory already in the cache; null when unknown. */
  nameOf(directoryId: string): string | null;
}

export interface DirectoryCatalogueOptions {
  ttlMs?: number;
  now?: () => number;
}

/**
 * The org's directories change rarely (an admin adds an IdP connection), yet every account read needs
 * them: membership is per directory. Caching the list keeps a lookup to its per-account calls, and
 * concurrent requests share one listing instead of each starting their own.
 */
export function createDirectoryCatalogue(
  org: OrgClient,
  opts: DirectoryCatalogueOptions = {},
): DirectoryCatalogue {
  const ttlMs = opts.ttlMs ?? 5 * 60_000;
  const now = opts.now ?? Date.now;
  let cached: { at: number; list: DirectoryInfo[] } | null = null;
  let inFlight: Promise<DirectoryInfo[]> | null = null;

  async function load(): Promise<DirectoryInfo[]> {
    const list: DirectoryInfo[] = [];
    for await (const d of org.allDirectories({ limit: 100 })) {
      list.push({ directoryId: d.directoryId, name: d.name ?? null });
    }
    cached = { at: now(), list };
    return list;
  }

  return {
    async list() {
      if (cached && now() - cached.at < ttlMs) return cached.list;
      inFlight ??= load().finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
    nameOf(directoryId) {
      return cached?.list.find((d) => d.directoryId === directoryId)?.name ?? null;
    },
  };
}
