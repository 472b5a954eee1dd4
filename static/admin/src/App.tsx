import Heading from '@atlaskit/heading';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { useCallback, useEffect, useState } from 'react';
import type { Overview } from '../../../src/contract/app/resolvers';
import { callAdmin } from '../../shared/bridge';
import { useAsyncAction } from '../../shared/ui/use-async-action';
import type { UiError } from '../../shared/errors';
import { AuditSection } from './sections/AuditSection';
import { FlagsSection } from './sections/FlagsSection';
import { IdpSection } from './sections/IdpSection';
import { LookupSection } from './sections/LookupSection';
import { RequestsSection } from './sections/RequestsSection';
import { SettingsSection } from './sections/SettingsSection';

export interface OverviewState {
  overview: Overview | null;
  error: UiError | null;
  reload: () => Promise<Overview | null>;
}

/** The overview (settings, scan state, open requests) is shared by the tabs and refreshed after changes. */
function useOverview(): OverviewState {
  const [overview, setOverview] = useState<Overview | null>(null);
  const { run, error } = useAsyncAction(
    async () => {
      const o = await callAdmin('overview');
      setOverview(o);
      return o;
    },
    // The overview is polled while a scan runs: an error stays until a poll succeeds.
    { keepErrorWhileBusy: true },
  );
  const reload = useCallback(async () => (await run()) ?? null, [run]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { overview, error, reload };
}

export function App() {
  const ov = useOverview();
  const [tab, setTab] = useState(0);
  const pending = ov.overview?.pendingRequests ?? 0;
  return (
    <main className="su-page su-stack">
      <Heading size="large" as="h1">
        SCIM Unlock
      </Heading>
      <Tabs id="scim-unlock-tabs" selected={tab} onChange={setTab}>
        <TabList>
          <Tab>Flagged accounts</Tab>
          <Tab>Look up</Tab>
          <Tab>{pending > 0 ? `Requests (${pending})` : 'Requests'}</Tab>
          <Tab>IdP offboarding</Tab>
          <Tab>Audit</Tab>
          <Tab>Settings</Tab>
        </TabList>
        <TabPanel>
          <div className="su-tab">{tab === 0 && <FlagsSection overview={ov} />}</div>
        </TabPanel>
        <TabPanel>
          <div className="su-tab">{tab === 1 && <LookupSection onChanged={ov.reload} />}</div>
        </TabPanel>
        <TabPanel>
          <div className="su-tab">{tab === 2 && <RequestsSection onChanged={ov.reload} />}</div>
        </TabPanel>
        <TabPanel>
          <div className="su-tab">{tab === 3 && <IdpSection />}</div>
        </TabPanel>
        <TabPanel>
          <div className="su-tab">{tab === 4 && <AuditSection />}</div>
        </TabPanel>
        <TabPanel>
          <div className="su-tab">{tab === 5 && <SettingsSection onSaved={ov.reload} />}</div>
        </TabPanel>
      </Tabs>
    </main>
  );
}
