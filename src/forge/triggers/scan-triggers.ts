import { isScanDue } from '../services/cadence';
import { scan, ScanContinuation } from '../services/scan';
import { getScanState, getSettings } from '../services/settings';

/**
 * The scheduled trigger fires hourly (manifest); whether a scan is due is decided here from the admin's
 * cadence, so changing the cadence never needs a redeploy (which would also reset every trigger).
 * Trigger and consumer errors are not retried by Forge, so both end by recording, never by throwing.
 */
export async function runScheduledScan(): Promise<void> {
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
