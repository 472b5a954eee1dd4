import { AuditAction, type AuditEntry } from '../../src/contract/app/records';
import { buildAuditEntry } from '../../src/forge/audit/audit-log';
import { newAuditId } from '../../src/forge/platform/ids';

/**
 * A deterministic audit trail shaped like a busy org's: 60 days, most entries written by the app (scans,
 * posted issues), the rest by 20 admins; 2,000 accounts, a fifth of the entries about no account.
 */
export const SEED_DAYS = 60;
export const SEED_ACCOUNTS = 2_000;
export const SEED_ADMINS = 20;
export const SEED_END = Date.parse('2026-11-30T00:00:00.000Z');

/** A small LCG, so every run seeds the same trail. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const APP_ACTIONS: AuditAction[] = ['scan-started', 'scan-finished', 'issue-posted', 'idp-sync'];
const ADMIN_ACTIONS: AuditAction[] = AuditAction.options.filter((a) => !APP_ACTIONS.includes(a));

export const accountOf = (i: number): string => `712020:bench-account-${String(i).padStart(5, '0')}`;
export const adminOf = (i: number): string => `712020:bench-admin-${String(i).padStart(3, '0')}`;

/** `n` entries, oldest first, spread evenly over SEED_DAYS ending at SEED_END. */
export function seedEntries(n: number): AuditEntry[] {
  const next = rng(12);
  const span = SEED_DAYS * 86_400_000;
  const out: AuditEntry[] = [];
  for (let i = 0; i < n; i++) {
    const at = new Date(SEED_END - span + Math.floor((i * span) / n));
    const byApp = next() < 0.5;
    const actions = byApp ? APP_ACTIONS : ADMIN_ACTIONS;
    const action = actions[Math.floor(next() * actions.length)] as AuditAction;
    const withAccount = action !== 'scan-started' && action !== 'scan-finished' && next() < 0.95;
    const entry = buildAuditEntry(
      {
        actor: byApp ? 'app' : adminOf(Math.floor(next() * SEED_ADMINS)),
        action,
        outcome: 'success',
        summary: `bench entry ${i}`,
        accountId: withAccount ? accountOf(Math.floor(next() * SEED_ACCOUNTS)) : null,
      },
      at,
      // The id's random part comes from the seeded generator too.
      `${newAuditId(at).slice(0, 13)}${Math.floor(next() * 36 ** 6)
        .toString(36)
        .padStart(6, '0')}`,
    );
    out.push(entry);
  }
  return out;
}
