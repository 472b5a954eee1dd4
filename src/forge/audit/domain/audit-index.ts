/**
 * Which `audit-entry` index answers a set of Audit tab filters (see manifest.yml). Every combination is
 * one index query: the partition attributes are the equality filters, the time range is a condition on the
 * range attribute `at`, and only account + actor + action together leave one equality (action) to a
 * filter, because Forge allows seven indexes per entity.
 */
export interface AuditFilter {
  accountId?: string | undefined;
  action?: string | undefined;
  actor?: string | undefined;
}

export interface AuditIndexChoice {
  index: string;
  partition: string[];
  /** An equality the index does not cover, checked by the store on each page (pages may be short). */
  actionFilter: string | null;
}

export function auditIndexFor(f: AuditFilter): AuditIndexChoice {
  const { accountId, action, actor } = f;
  if (accountId !== undefined && actor !== undefined) {
    return { index: 'by-account-actor', partition: [accountId, actor], actionFilter: action ?? null };
  }
  if (accountId !== undefined && action !== undefined) {
    return { index: 'by-account-action', partition: [accountId, action], actionFilter: null };
  }
  if (actor !== undefined && action !== undefined) {
    return { index: 'by-actor-action', partition: [actor, action], actionFilter: null };
  }
  if (accountId !== undefined) return { index: 'by-account', partition: [accountId], actionFilter: null };
  if (actor !== undefined) return { index: 'by-actor', partition: [actor], actionFilter: null };
  if (action !== undefined) return { index: 'by-action', partition: [action], actionFilter: null };
  return { index: 'at', partition: [], actionFilter: null };
}
