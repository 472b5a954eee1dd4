import Button from '@atlaskit/button/new';
import { ErrorMessage as FieldError, HelperMessage, Label } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { UnlinkMethod } from '../../../../src/contract/proxy';
import type { Cadence, IdpSyncMode, Settings } from '../../../../src/contract/app/records';
import { callAdmin } from '../../../shared/bridge';
import { useAsyncAction } from '../../../shared/ui/use-async-action';
import { describeIdpSchedule, IDP_MODE_LABEL } from '../../../shared/idp';
import {
  CADENCE_LABEL,
  UNLINK_METHOD_LABEL,
  parseSettingsForm,
  settingsToForm,
  type SettingsForm,
} from '../../../shared/settings';
import { ErrorMessage } from '../../../shared/ui/ErrorMessage';
import { Loading } from '../../../shared/ui/Loading';

type CadenceOption = { label: string; value: Cadence };
const CADENCE_OPTIONS: CadenceOption[] = (Object.keys(CADENCE_LABEL) as Cadence[]).map((value) => ({
  value,
  label: CADENCE_LABEL[value],
}));

type IdpModeOption = { label: string; value: IdpSyncMode };
const IDP_MODE_OPTIONS: IdpModeOption[] = (Object.keys(IDP_MODE_LABEL) as IdpSyncMode[]).map((value) => ({
  value,
  label: IDP_MODE_LABEL[value],
}));

type MethodOption = { label: string; value: UnlinkMethod | null };
const METHOD_OPTIONS: MethodOption[] = [
  { value: null, label: UNLINK_METHOD_LABEL.proxy },
  { value: 'unlink', label: UNLINK_METHOD_LABEL.unlink },
  { value: 'delete', label: UNLINK_METHOD_LABEL.delete },
];

function TextSetting(props: {
  id: keyof SettingsForm;
  label: string;
  help: string;
  form: SettingsForm;
  problems: Partial<Record<keyof SettingsForm, string>>;
  onChange: (id: keyof SettingsForm, value: string) => void;
  type?: 'text' | 'number';
}): ReactNode {
  const problem = props.problems[props.id];
  const value = props.form[props.id];
  return (
    <div className="su-field">
      <Label htmlFor={`setting-${props.id}`}>{props.label}</Label>
      <Textfield
        id={`setting-${props.id}`}
        type={props.type ?? 'text'}
        value={typeof value === 'string' ? value : ''}
        isInvalid={problem !== undefined}
        aria-describedby={`setting-${props.id}-help`}
        onChange={(e) => props.onChange(props.id, e.currentTarget.value)}
      />
      <div id={`setting-${props.id}-help`}>
        {problem !== undefined ? (
          <FieldError>{problem}</FieldError>
        ) : (
          <HelperMessage>{props.help}</HelperMessage>
        )}
      </div>
    </div>
  );
}

export function SettingsSection({ onSaved }: { onSaved: () => unknown }) {
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [problems, setProblems] = useState<Partial<Record<keyof SettingsForm, string>>>({});
  const [saved, setSaved] = useState<Settings | null>(null);

  const { run: load, error: loadError } = useAsyncAction(async () =>
    setForm(settingsToForm(await callAdmin('getSettings'))),
  );
  const {
    run: save,
    busy: saving,
    error: saveError,
  } = useAsyncAction(async (settings: Settings) => {
    const s = await callAdmin('saveSettings', { settings });
    setForm(settingsToForm(s));
    setSaved(s);
    onSaved();
  });
  useEffect(() => {
    void load();
  }, [load]);

  if (loadError !== null) return <ErrorMessage error={loadError} onRetry={() => void load()} />;
  if (form === null) return <Loading label="Loading settings" />;

  const change = (id: keyof SettingsForm, value: string | boolean | null) => {
    setForm({ ...form, [id]: value });
    setSaved(null);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseSettingsForm(form);
    if ('problems' in parsed) {
      setProblems(parsed.problems);
      return;
    }
    setProblems({});
    await save(parsed.settings);
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="su-stack" noValidate>
      <Heading size="medium" as="h2">
        Settings
      </Heading>
      <fieldset className="su-stack su-fieldset">
        <legend>
          <Heading size="small" as="h3">
            Posting flagged accounts to Jira
          </Heading>
        </legend>
        <div className="su-row su-top">
          <TextSetting
            id="projectKey"
            label="Project key"
            help="Each newly flagged account becomes an issue here. Leave empty to post nothing."
            form={form}
            problems={problems}
            onChange={change}
          />
          <TextSetting
            id="issueTypeName"
            label="Issue type"
            help="The issue type’s name in that project, e.g. Task."
            form={form}
            problems={problems}
            onChange={change}
          />
          <TextSetting
            id="label"
            label="Label"
            help="Added to every posted issue; no spaces."
            form={form}
            problems={problems}
            onChange={change}
          />
        </div>
      </fieldset>
      <fieldset className="su-stack su-fieldset">
        <legend>
          <Heading size="small" as="h3">
            Scan
          </Heading>
        </legend>
        <label className="su-check" htmlFor="setting-scanEnabled">
          <input
            id="setting-scanEnabled"
            type="checkbox"
            checked={form.scanEnabled}
            onChange={(e) => change('scanEnabled', e.currentTarget.checked)}
          />
          Scan automatically
        </label>
        <div className="su-row su-top">
          <div className="su-field">
            <Label htmlFor="setting-cadence">Cadence</Label>
            <Select<CadenceOption>
              inputId="setting-cadence"
              options={CADENCE_OPTIONS}
              value={CADENCE_OPTIONS.find((o) => o.value === form.cadence) ?? null}
              onChange={(o) => o && change('cadence', o.value)}
              isDisabled={!form.scanEnabled}
            />
          </div>
          <TextSetting
            id="scanPageSize"
            label="Accounts per page"
            help="Accounts the proxy checks per request (1–100)."
            type="number"
            form={form}
            problems={problems}
            onChange={change}
          />
          <TextSetting
            id="scanVerifyWindowHours"
            label="Re-check within (hours)"
            help="Each scan re-checks its share of the accounts it knows, so every one is verified again within this many hours (1–720)."
            type="number"
            form={form}
            problems={problems}
            onChange={change}
          />
        </div>
      </fieldset>
      <fieldset className="su-stack su-fieldset">
        <legend>
          <Heading size="small" as="h3">
            Unlocking
          </Heading>
        </legend>
        <div className="su-field">
          <Label htmlFor="setting-defaultUnlinkMethod">Default unlink method</Label>
          <Select<MethodOption>
            inputId="setting-defaultUnlinkMethod"
            options={METHOD_OPTIONS}
            value={METHOD_OPTIONS.find((o) => o.value === form.defaultUnlinkMethod) ?? null}
            onChange={(o) => o && change('defaultUnlinkMethod', o.value)}
            aria-describedby="setting-defaultUnlinkMethod-help"
          />
          <div id="setting-defaultUnlinkMethod-help">
            <HelperMessage>
              Used by Unlock and Unlink only when no method is chosen for that action (Look up tab), and by
              approved requests. Unlinking keeps the SCIM record; deleting removes it in every directory.
            </HelperMessage>
          </div>
        </div>
        <TextSetting
          id="relockWatchDays"
          label="Watch for re-locks (days)"
          help="After an unlock here, the scan re-checks the account for this many days and reopens its flag if the identity provider links or deactivates it again (0 turns the watch off, at most 90)."
          type="number"
          form={form}
          problems={problems}
          onChange={change}
        />
      </fieldset>
      <fieldset className="su-stack su-fieldset">
        <legend>
          <Heading size="small" as="h3">
            IdP offboarding (Keycloak)
          </Heading>
        </legend>
        <div className="su-row su-top">
          <div className="su-field">
            <Label htmlFor="setting-idpSync">Scheduled runs</Label>
            <Select<IdpModeOption>
              inputId="setting-idpSync"
              options={IDP_MODE_OPTIONS}
              value={IDP_MODE_OPTIONS.find((o) => o.value === form.idpSync) ?? null}
              onChange={(o) => o && change('idpSync', o.value)}
              aria-describedby="setting-idpSync-help"
            />
            <div id="setting-idpSync-help">
              <HelperMessage>
                Apply deactivates the accounts of people disabled in, or missing from, Keycloak, unless the
                proxy’s circuit breaker stops the run. A run that applies or is stopped is posted to the
                project above.
              </HelperMessage>
            </div>
          </div>
          <div className="su-field">
            <Label htmlFor="setting-idpSyncCadence">How often</Label>
            <Select<CadenceOption>
              inputId="setting-idpSyncCadence"
              options={CADENCE_OPTIONS}
              value={CADENCE_OPTIONS.find((o) => o.value === form.idpSyncCadence) ?? null}
              onChange={(o) => o && change('idpSyncCadence', o.value)}
              isDisabled={form.idpSync === 'off'}
            />
          </div>
          <TextSetting
            id="idpSyncMaxDeactivations"
            label="Most deactivations a run"
            help="Lowers the proxy’s cap for the app’s runs; empty uses the proxy’s cap."
            type="number"
            form={form}
            problems={problems}
            onChange={change}
          />
        </div>
      </fieldset>
      {saveError !== null && <ErrorMessage error={saveError} />}
      {saved !== null && (
        <SectionMessage appearance="success" title="Settings saved">
          <p>
            {saved.projectKey === null
              ? 'Flagged accounts will not be posted to Jira.'
              : `Flagged accounts will be posted to ${saved.projectKey} as ${saved.issueTypeName}.`}{' '}
            {saved.scanEnabled
              ? `Scans run ${CADENCE_LABEL[saved.cadence].toLowerCase()}.`
              : 'Automatic scans are off.'}{' '}
            {describeIdpSchedule(saved)}
          </p>
        </SectionMessage>
      )}
      <div>
        <Button type="submit" appearance="primary" isLoading={saving}>
          Save settings
        </Button>
      </div>
    </form>
  );
}
