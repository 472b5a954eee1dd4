import { REASON_MAX_LENGTH } from '../../../contract/proxy';
import type { ProxyConfig } from '../../config';

/** The part of the configuration that decides what the proxy may touch. */
export type Policy = Pick<ProxyConfig, 'protectedAccounts' | 'allowedDirectories'>;

export interface AccountIdentity {
  accountId: string;
  email: string | null;
}

/**
 * True when the account is on the never-touch list, by account id or by email (case-insensitive, since
 * Atlassian treats email addresses case-insensitively). An account whose email is hidden is matched by id
 * only, which is why operators should list account ids for break-glass accounts.
 */
export function isProtected(account: AccountIdentity, policy: Policy): boolean {
  if (policy.protectedAccounts.accountIds.has(account.accountId)) return true;
  const email = account.email?.trim().toLowerCase();
  return email !== undefined && email !== '' && policy.protectedAccounts.emails.has(email);
}

/** True when the proxy may act in this directory (no allowlist configured means every directory). */
export function isDirectoryAllowed(directoryId: string, policy: Policy): boolean {
  return policy.allowedDirectories === null || policy.allowedDirectories.has(directoryId);
}

/** Directories among `directoryIds` the proxy must not act in, in input order without duplicates. */
export function disallowedDirectories(directoryIds: readonly string[], policy: Policy): string[] {
  return [...new Set(directoryIds)].filter((d) => !isDirectoryAllowed(d, policy));
}

/**
 * A mutation's reason must say something. The request schema already trims and bounds it; this guard
 * keeps the rule in force for callers that build requests without the schema (the audit depends on it).
 */
export function hasReason(reason: string | null | undefined): reason is string {
  if (typeof reason !== 'string') return false;
  const trimmed = reason.trim();
  return trimmed.length >= 1 && trimmed.length <= REASON_MAX_LENGTH;
}
