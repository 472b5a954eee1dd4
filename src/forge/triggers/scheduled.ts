import { completeOpenBatches } from '../batches/batch-completion';
import { isScanDue } from '../settings/domain/cadence';
import { idpSync, IdpSyncEvent } from '../idp-sync/idp-sync';
import { scan, ScanContinuation } from '../scan/scan';
import { getScanState, getSettings } from '../settings/settings';

/**
 * The scheduled trigger fires hourly (manifest); whether a scan or an IdP sync is due is decided here
 * from the admin's settings, so changing a cadence never needs a redeploy (which would also reset every
 * trigger). Trigger and consumer errors are not retried by Forge, so both end by recording, never by
 * throwing. The queue carries both kinds of work: scan continuations and IdP sync runs.
 */
export async function runScheduledScan(): Promise<void> {
  // Batches nobody watched to the end still get their flags resolved and issues commented.
  await completeOpenBatches();
  await startScheduledIdpSync();
  await runScanIfDue();
}

async function startScheduledIdpSync(): Promise<void> {
  try {
    await idpSync.startIfDue();
  } catch (err) {
    console.error('scheduled IdP sync failed', { error: (err as Error).name });
  }
}

async function runScanIfDue(): Promise<void> {
  try {
    const settings = await getSettings();
    if (!settings.scanEnabled) return;
    const state = await getScanState();
    if (!isScanDue(settings.cadence, state.lastStartedAt, new Date())) return;
    const run = await scan.startRun('schedule', 'app');
    await scan.drive({ runId: run.runId, cursor: null, hop: 0 });
  } catch (err) {
    console.error('scheduled scan failed', { error: (err as Error).name });
  }
}

export async function runScanConsumer(event: unknown): Promise<void> {
  const body = typeof event === 'object' && event !== null ? (event as { body?: unknown }).body : undefined;
  const idp = IdpSyncEvent.safeParse(body);
  if (idp.success) {
    try {
      await idpSync.execute(idp.data.runId, idp.data.hop ?? 0);
    } catch (err) {
      console.error('IdP sync run failed', { error: (err as Error).name });
    }
    return;
  }
  const parsed = ScanContinuation.safeParse(body);
  if (!parsed.success) {
    console.error('scan continuation rejected', { issues: parsed.error.issues.length });
    return;
  }
  try {
    await scan.drive(parsed.data);
  } catch (err) {
    console.error('scan continuation failed', { error: (err as Error).name });
  }
}
