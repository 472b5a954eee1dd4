import type { IdpSyncRequest, IdpSyncResponse, SyncRunStatus } from '../../contract/proxy';
import { ProxyProblemError, type ProxyClient } from '../../contract/proxy/client';
import { CliError } from '../io/errors';
import type { ProxyConnection } from './connection';
import { explainProxyFailure } from './proxy-api';

/** Each status read waits this long for the run to end (the proxy's most). */
const WAIT_SECONDS = 20;
/** Status reads before the command stops following: far past IDP_RUN_MAX_SECONDS' most (a day). */
const MAX_READS = Math.ceil(86_400 / WAIT_SECONDS) + 10;

const PHASE_WORDS: Record<SyncRunStatus['progress']['phase'], string> = {
  listing: 'listing the Keycloak realm',
  matching: 'matching realm users to Atlassian accounts',
  planning: 'planning each account from its current state',
  applying: 'applying',
  finished: 'finished',
};

/** "IdP sync: applying 12 of 30 accounts" — one line per change of what the proxy reports. */
export function progressLine(status: SyncRunStatus): string {
  const p = status.progress;
  if (p.phase !== 'applying') return `IdP sync: ${PHASE_WORDS[p.phase]}…`;
  return `IdP sync: applying ${p.attempted} of ${p.toApply} account${p.toApply === 1 ? '' : 's'}…`;
}

/**
 * Runs the sync as the proxy's background run and follows it with long polls, so a run that takes
 * minutes (hundreds of accounts at the org's rate limit) is not cut by the 24 s request deadline of
 * `POST /v1/idp/sync`. Progress goes to `onProgress`; the answer is the same as the synchronous route's.
 */
export async function runIdpSync(
  client: ProxyClient,
  conn: ProxyConnection,
  body: IdpSyncRequest,
  onProgress: (line: string) => void,
): Promise<IdpSyncResponse> {
  const action = body.dryRun ? undefined : 'IdP sync';
  let status: SyncRunStatus;
  try {
    status = await client.startIdpRun({ body });
  } catch (err) {
    throw explainProxyFailure(err, conn, action);
  }
  let said = '';
  for (let read = 0; read < MAX_READS; read += 1) {
    if (status.state === 'finished' && status.result !== null) return status.result;
    if (status.state !== 'running') {
      const why =
        status.error === null
          ? 'it ended without an answer'
          : `${status.error.title}: ${status.error.detail}`;
      throw new CliError(`The proxy's IdP run ${status.runId} failed (${why}).`, [
        'Its audit log records what was applied; run a plan again to see what remains.',
      ]);
    }
    const line = progressLine(status);
    if (line !== said) onProgress(line);
    said = line;
    try {
      status = await client.idpRunStatus({
        path: { runId: status.runId },
        query: { waitSeconds: WAIT_SECONDS },
      });
    } catch (err) {
      if (err instanceof ProxyProblemError && err.status === 404) {
        throw new CliError(
          `The proxy no longer knows IdP run ${status.runId} (it restarted during the run).`,
          ['Its audit log records what was applied; run a plan again to see what remains.'],
        );
      }
      throw explainProxyFailure(err, conn, action);
    }
  }
  throw new CliError(`IdP run ${status.runId} did not end while the command followed it.`, [
    "It may still be running in the proxy; check the proxy's audit log.",
  ]);
}
