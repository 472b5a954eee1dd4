import type {
  ActionResponse,
  Blocker,
  IdpSyncResponse,
  LookupResponse,
  ScanResponse,
  Step,
  UnlockResponse,
  Warning,
} from '../../contract/proxy';
import type { Style } from '../io/terminal';
import { fixOf, HEADLINE, linkNote, whyOf } from '../../contract/proxy/diagnosis-words';

/** Left-aligned columns, padded to the widest cell; the last column is never padded. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

function warningText(w: Warning): string {
  return w.groups !== undefined && w.groups.length > 0
    ? `${w.message} Groups: ${w.groups.map((g) => g.displayName ?? g.id).join(', ')}.`
    : w.message;
}

/** The lookup as a card: who, the diagnosis in words, the SCIM links, what to do. */
export function lookupCard(r: LookupResponse, s: Style): string[] {
  const d = r.diagnosis;
  const tone =
    d.state === 'active' ? s.green : d.state === 'not-found' ? s.bold : d.canUnlock ? s.yellow : s.red;
  const lines: string[] = [tone(s.bold(HEADLINE[d.state]))];
  if (r.account) {
    const a = r.account;
    lines.push(
      ...table([
        ['  Account', `${a.name ?? '(no name)'} <${a.email ?? 'email hidden'}>`],
        ['  Account id', a.accountId],
        [
          '  Status',
          `${a.accountStatus}, ${a.claimStatus}${a.managementSource ? `, ${a.managementSource}` : ''}${a.pendingDeletion ? ', pending deletion' : ''}`,
        ],
        ...a.memberships.map((m) => [
          '  Directory',
          `${m.directoryName ?? m.directoryId}: ${m.membershipStatus}`,
        ]),
      ]),
    );
  }
  if (r.scimLinks.length > 0) {
    lines.push('', '  SCIM links:');
    lines.push(
      ...table(
        r.scimLinks.map((l) => [
          '   ',
          l.directoryName ?? l.directoryId,
          `SCIM user ${l.scimUserId}`,
          l.record === 'known'
            ? l.active
              ? 'active in the IdP'
              : 'inactive in the IdP'
            : `record ${l.record}`,
        ]),
      ),
    );
  }
  lines.push('', ...whyOf(d.state, r.account, r.scimLinks).map((w) => `  ${w}`));
  for (const b of d.blockers) lines.push(`  ${s.red('Blocked:')} ${b.message}`);
  for (const w of d.warnings) lines.push(`  ${s.yellow('Warning:')} ${warningText(w)}`);
  for (const n of r.scimLinks.map(linkNote)) if (n) lines.push(`  ${s.yellow('Note:')} ${n}`);
  lines.push('', `  ${s.bold('What to do:')} ${fixOf(d)}`);
  return lines;
}

const STEP_MARK: Record<Step['status'], string> = {
  planned: 'plan',
  done: 'done',
  skipped: 'skip',
  failed: 'FAIL',
};

export function stepLines(steps: readonly Step[], s: Style): string[] {
  return table(
    steps.map((st) => [
      `  ${st.status === 'failed' ? s.red(STEP_MARK[st.status]) : STEP_MARK[st.status]}`,
      st.action,
      st.target,
      st.detail,
    ]),
  );
}

function blockerAndWarningLines(
  blockers: readonly Blocker[],
  warnings: readonly Warning[],
  s: Style,
): string[] {
  return [
    ...blockers.map((b) => `  ${s.red('Blocked:')} ${b.message}`),
    ...warnings.map((w) => `  ${s.yellow('Warning:')} ${warningText(w)}`),
  ];
}

const OUTCOME_WORDS: Record<UnlockResponse['outcome'] | ActionResponse['outcome'], string> = {
  planned: 'Plan (dry run, nothing changed)',
  unlocked: 'Unlocked',
  'already-active': 'Already active: nothing to do',
  done: 'Done',
  'no-op': 'Nothing to do',
  blocked: 'Blocked: nothing was changed',
  partial: 'Partial: some steps failed; running it again is safe',
};

export function mutationLines(action: string, r: UnlockResponse | ActionResponse, s: Style): string[] {
  const word = OUTCOME_WORDS[r.outcome];
  const tone =
    r.outcome === 'blocked' || r.outcome === 'partial' ? s.red : r.outcome === 'planned' ? s.bold : s.green;
  const lines = [tone(s.bold(`${action}: ${word}`))];
  if (r.steps.length > 0) lines.push(...stepLines(r.steps, s));
  lines.push(...blockerAndWarningLines(r.blockers, r.warnings, s));
  if (r.account) {
    const a = r.account;
    lines.push(
      `  Account ${r.outcome === 'planned' ? 'now' : 'after'}: ${a.email ?? a.accountId} is ${a.accountStatus}${a.memberships.some((m) => m.membershipStatus === 'suspended') ? ', suspended in a directory' : ''}`,
    );
  }
  return lines;
}

export function scanLines(r: ScanResponse, s: Style): string[] {
  if (r.items.length === 0) return ['No deactivated account on this page looks deactivated by SCIM.'];
  const lines = [
    s.bold(
      `${r.items.length} deactivated account${r.items.length === 1 ? '' : 's'} SCIM probably deactivated:`,
    ),
    ...table([
      ['  CONFIDENCE', 'ACCOUNT', 'LINKS', 'WHY'],
      ...r.items.map((i) => [
        `  ${i.confidence}`,
        i.account.email ?? i.account.accountId,
        String(i.scimLinks.length),
        i.reason,
      ]),
    ]),
  ];
  if (r.nextCursor) lines.push('', `More on the next page: --cursor ${r.nextCursor}`);
  return lines;
}

export function idpSyncLines(r: IdpSyncResponse, s: Style): string[] {
  const lines = [
    s.bold(`IdP sync of realm ${r.realm}: ${r.dryRun ? 'plan (dry run, nothing changed)' : 'applied'}`),
    `  ${r.summary.keycloakUsers} Keycloak users (${r.summary.keycloakDisabled} disabled), ${r.summary.matchedAccounts} matched Atlassian accounts, ${r.summary.unmatchedKeycloakUsers} unmatched; cap ${r.summary.maxDeactivations} deactivations (5 % rule: ${r.summary.shareLimit}).`,
  ];
  if (r.aborted)
    lines.push(`  ${s.red('Stopped by the circuit breaker')} (${r.aborted.rule}): ${r.aborted.reason}`);
  const acting = r.plan.filter((p) => p.action !== 'none');
  if (acting.length > 0) {
    lines.push('  Plan:', ...table(acting.map((p) => ['   ', p.action, p.email ?? p.accountId, p.reason])));
  }
  if (r.applied.length > 0) {
    lines.push(
      '  Applied:',
      ...table(r.applied.map((a) => ['   ', a.outcome, a.action, a.email ?? a.accountId, a.detail])),
    );
  }
  if (r.skipped.length > 0) {
    lines.push(
      '  Skipped:',
      ...table(r.skipped.map((k) => ['   ', k.code, k.email ?? k.accountId, k.detail])),
    );
  }
  if (acting.length === 0 && !r.aborted) lines.push('  Nothing to do.');
  return lines;
}
