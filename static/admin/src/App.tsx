import Heading from '@atlaskit/heading';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { useCallback, useEffect, useState } from 'react';
import type { Overview } from '../../../src/contract/app/resolvers';
import { callAdmin } from '../../shared/bridge';
import type { UiError } from '../../shared/errors';
import { LazyBoundary, lazyPart } from '../../shared/ui/lazy';
import { useAsyncAction } from '../../shared/ui/use-async-action';

// One chunk per tab, fetched when the tab is first opened (static/shared/ui/lazy.tsx).
const Flags = lazyPart(() => import('./sections/FlagsSection').then((m) => m.FlagsSection));
const Lookup = lazyPart(() => import('./sections/LookupSection').then((m) => m.LookupSection));
const Requests = lazyPart(() => import('./sections/RequestsSection').then((m) => m.RequestsSection));
const Idp = lazyPart(() => import('./sections/IdpSection').then((m) => m.IdpSection));
const Audit = lazyPart(() => import('./sections/AuditSection').then((m) => m.AuditSection));
const Settings = lazyPart(() => import('./sections/SettingsSection').then((m) => m.SettingsSection));

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
          <div className="su-tab">
            {tab === 0 && (
              <LazyBoundary what="this tab" label="flagged accounts" onRetry={Flags.reload}>
                {() => <Flags.Component overview={ov} />}
              </LazyBoundary>
            )}
          </div>
        </TabPanel>
        <TabPanel>
          <div className="su-tab">
            {tab === 1 && (
              <LazyBoundary what="this tab" label="look up" onRetry={Lookup.reload}>
                {() => <Lookup.Component onChanged={ov.reload} />}
              </LazyBoundary>
            )}
          </div>
        </TabPanel>
        <TabPanel>
          <div className="su-tab">
            {tab === 2 && (
              <LazyBoundary what="this tab" label="requests" onRetry={Requests.reload}>
                {() => <Requests.Component onChanged={ov.reload} />}
              </LazyBoundary>
            )}
          </div>
        </TabPanel>
        <TabPanel>
          <div className="su-tab">
            {tab === 3 && (
              <LazyBoundary what="this tab" label="IdP offboarding" onRetry={Idp.reload}>
                {() => <Idp.Component />}
              </LazyBoundary>
            )}
          </div>
        </TabPanel>
        <TabPanel>
          <div className="su-tab">
            {tab === 4 && (
              <LazyBoundary what="this tab" label="the audit log" onRetry={Audit.reload}>
                {() => <Audit.Component />}
              </LazyBoundary>
            )}
          </div>
        </TabPanel>
        <TabPanel>
          <div className="su-tab">
            {tab === 5 && (
              <LazyBoundary what="this tab" label="settings" onRetry={Settings.reload}>
                {() => <Settings.Component onSaved={ov.reload} />}
              </LazyBoundary>
            )}
          </div>
        </TabPanel>
      </Tabs>
    </main>
  );
}
