import { InvalidInputError } from '../platform/errors';
import { jira } from '../platform/jira';
import { DEFAULT_SETTINGS, ScanState, Settings } from '../../contract/app/records';
import { KEYS, repository } from '../platform/repository';
import { audit } from '../audit/audit-log';

export async function getSettings(): Promise<Settings> {
  return (await repository.get(KEYS.settings, Settings)) ?? DEFAULT_SETTINGS;
}

/**
 * Saves settings after checking, as the saving admin, that the chosen project exists and offers the
 * chosen issue type — otherwise every scheduled post would fail later, out of sight.
 */
export async function saveSettings(next: Settings, actor: string): Promise<Settings> {
  if (next.projectKey !== null) {
    const types = await jira.projectIssueTypes(next.projectKey);
    if (types === null) {
      throw new InvalidInputError('The project does not exist or you cannot see it.', {
        fields: [{ path: 'settings.projectKey', message: 'project not found' }],
      });
    }
    if (!types.includes(next.issueTypeName)) {
      throw new InvalidInputError('The project has no issue type with that name.', {
        fields: [{ path: 'settings.issueTypeName', message: 'issue type not in project' }],
        available: types.slice(0, 50),
      });
    }
  }
  await repository.set(KEYS.settings, next);
  await audit.record({
    actor,
    action: 'settings-saved',
    outcome: 'success',
    summary:
      `Scan ${next.scanEnabled ? 'on' : 'off'}, ${next.cadence}; posting to ` +
      (next.projectKey === null ? 'no project' : `${next.projectKey} as ${next.issueTypeName}`) +
      ` with label ${next.label}; unlink method ${next.defaultUnlinkMethod ?? 'from the proxy'}; ` +
      `IdP sync ${next.idpSync === 'off' ? 'off' : `${next.idpSync}, ${next.idpSyncCadence}`}` +
      (next.idpSyncMaxDeactivations === null ? '' : `, at most ${next.idpSyncMaxDeactivations} a run`) +
      `; re-lock watch ${next.relockWatchDays === 0 ? 'off' : `${next.relockWatchDays} days`}.`,
  });
  return next;
}

export const EMPTY_SCAN_STATE: ScanState = { lastStartedAt: null, lastRun: null };

export async function getScanState(): Promise<ScanState> {
  return (await repository.get(KEYS.scanState, ScanState)) ?? EMPTY_SCAN_STATE;
}

export async function saveScanState(state: ScanState): Promise<void> {
  await repository.set(KEYS.scanState, state);
}
