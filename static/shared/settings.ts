import type { UnlinkMethod } from '../../src/contract/proxy';
import {
  RELOCK_WATCH_DAYS_MAX,
  SCAN_VERIFY_WINDOW_HOURS_MAX,
  Settings,
  type Cadence,
  type IdpSyncMode,
} from '../../src/contract/app/records';

/** The settings form holds text as typed; parsing turns it into the resolver's Settings or field problems. */
export interface SettingsForm {
  projectKey: string;
  issueTypeName: string;
  label: string;
  scanEnabled: boolean;
  cadence: Cadence;
  scanPageSize: string;
  scanVerifyWindowHours: string;
  defaultUnlinkMethod: UnlinkMethod | null;
  /** 0 turns the re-lock watch off. */
  relockWatchDays: string;
  idpSync: IdpSyncMode;
  idpSyncCadence: Cadence;
  /** Empty: the proxy's own cap. */
  idpSyncMaxDeactivations: string;
}

export const CADENCE_LABEL: Record<Cadence, string> = {
  hourly: 'Hourly',
  'every-6-hours': 'Every 6 hours',
  daily: 'Daily',
  weekly: 'Weekly',
};

/** How an unlock removes SCIM links when the admin does not pick a method for that one action. */
export const UNLINK_METHOD_LABEL: Record<UnlinkMethod | 'proxy', string> = {
  proxy: 'The org-admin proxy’s setting',
  unlink: 'Unlink (keep the SCIM record)',
  delete: 'Delete the SCIM record (every directory)',
};

export function settingsToForm(s: Settings): SettingsForm {
  return {
    projectKey: s.projectKey ?? '',
    issueTypeName: s.issueTypeName,
    label: s.label,
    scanEnabled: s.scanEnabled,
    cadence: s.cadence,
    scanPageSize: String(s.scanPageSize),
    scanVerifyWindowHours: String(s.scanVerifyWindowHours),
    defaultUnlinkMethod: s.defaultUnlinkMethod,
    relockWatchDays: String(s.relockWatchDays),
    idpSync: s.idpSync,
    idpSyncCadence: s.idpSyncCadence,
    idpSyncMaxDeactivations: s.idpSyncMaxDeactivations === null ? '' : String(s.idpSyncMaxDeactivations),
  };
}

function toInt(text: string): number {
  const t = text.trim();
  return /^[0-9]+$/.test(t) ? Number(t) : Number.NaN;
}

const FIELD_WORDS: Partial<Record<keyof SettingsForm, string>> = {
  projectKey: 'Use a project key like ITSUP: 2–10 capital letters, digits or "_", starting with a letter.',
  issueTypeName: 'Enter the issue type’s name (up to 60 characters).',
  label: 'Use 1–64 letters, digits, ".", ":", "_" or "-", without spaces.',
  scanPageSize: 'Enter a whole number from 1 to 100.',
  scanVerifyWindowHours: `Enter a whole number of hours from 1 to ${SCAN_VERIFY_WINDOW_HOURS_MAX}.`,
  idpSyncMaxDeactivations: 'Enter a whole number from 0 to 10000, or leave it empty for the proxy’s cap.',
  relockWatchDays: `Enter a whole number of days from 0 (off) to ${RELOCK_WATCH_DAYS_MAX}.`,
};

export function parseSettingsForm(
  form: SettingsForm,
): { settings: Settings } | { problems: Partial<Record<keyof SettingsForm, string>> } {
  const project = form.projectKey.trim().toUpperCase();
  const candidate = {
    scanEnabled: form.scanEnabled,
    cadence: form.cadence,
    projectKey: project === '' ? null : project,
    issueTypeName: form.issueTypeName.trim(),
    label: form.label.trim(),
    scanPageSize: toInt(form.scanPageSize),
    scanVerifyWindowHours: toInt(form.scanVerifyWindowHours),
    defaultUnlinkMethod: form.defaultUnlinkMethod,
    relockWatchDays: toInt(form.relockWatchDays),
    idpSync: form.idpSync,
    idpSyncCadence: form.idpSyncCadence,
    idpSyncMaxDeactivations:
      form.idpSyncMaxDeactivations.trim() === '' ? null : toInt(form.idpSyncMaxDeactivations),
  };
  const parsed = Settings.safeParse(candidate);
  if (parsed.success) return { settings: parsed.data };
  const problems: Partial<Record<keyof SettingsForm, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (typeof field === 'string' && field in form) {
      const key = field as keyof SettingsForm;
      problems[key] ??= FIELD_WORDS[key] ?? issue.message;
    }
  }
  return { problems };
}
