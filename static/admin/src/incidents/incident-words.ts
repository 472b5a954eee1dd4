import type { IncidentView } from '../../../../src/contract/app/incident-records';
import type { BatchIntent } from '../batches/batch-intent';

/** A batch takes at most this many accounts (the proxy's batch limit). */
export const BATCH_ACCOUNTS_MAX = 1000;

export function directoryLabel(incident: Pick<IncidentView, 'directoryId' | 'directoryName'>): string {
  return incident.directoryName ?? `SCIM directory ${incident.directoryId}`;
}

const count = (n: number): string => n.toLocaleString('en-US');

/** What "Unlock all" hands to the batch flow: the members (up to a batch's limit) and a title. */
export function unlockIntent(incident: IncidentView): BatchIntent {
  const accounts = incident.members.slice(0, BATCH_ACCOUNTS_MAX).map((m) => m.accountId);
  return {
    accounts,
    title: `Unlock ${count(accounts.length)} accounts deactivated by ${directoryLabel(incident)}`,
    source: 'incident',
  };
}

/** "Unlock all 83…", or, for an incident larger than one batch, the part one batch covers. */
export function unlockLabel(incident: IncidentView): string {
  const n = incident.members.length;
  return n > BATCH_ACCOUNTS_MAX
    ? `Unlock the first ${count(BATCH_ACCOUNTS_MAX)}…`
    : `Unlock all ${count(n)}…`;
}
