import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createJiraApp } from '../../../../src/sandbox/sim/jira/app';
import { seedJira, type JiraIdentity, type JiraSeed } from '../../../../src/sandbox/sim/jira/seed';
import { JiraStore } from '../../../../src/sandbox/sim/jira/store';

/** A fixed Jira identity for tests that run the Jira app on its own (no full simulator). */
export const TEST_JIRA: JiraIdentity = {
  cloudId: '0f0e0d0c-0000-4000-8000-00000000c10d',
  siteUrl: 'https://acme-test.atlassian.net',
  appToken: 'test-app-token',
  appAccountId: '557058:00000000-0000-5000-a000-0000000000ab',
  users: [
    {
      accountId: '712020:admin',
      displayName: 'Alice Admin',
      email: 'alice.admin@acme.example',
      admin: true,
      token: 'tok-admin',
    },
    {
      accountId: '712020:member',
      displayName: 'Paul Agent',
      email: 'paul.agent@acme.example',
      admin: false,
      token: 'tok-member',
    },
  ],
};

export interface RunningJira {
  url: string;
  /** `${url}/ex/jira/${cloudId}/rest/api/3` */
  api: string;
  store: JiraStore;
  close(): Promise<void>;
}

export async function startJira(seed: JiraSeed = { seed: 'demo' }): Promise<RunningJira> {
  const store = new JiraStore(TEST_JIRA.cloudId);
  seedJira(store, seed, { jira: TEST_JIRA });
  const app = createJiraApp(store);
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      const url = `http://127.0.0.1:${info.port}`;
      resolve({
        url,
        api: `${url}/ex/jira/${TEST_JIRA.cloudId}/rest/api/3`,
        store,
        close: () => new Promise<void>((done, fail) => server.close((e) => (e ? fail(e) : done()))),
      });
    });
  });
}

export interface JsonReply {
  status: number;
  contentType: string | undefined;
  body: unknown;
}

/** One request; the body is parsed when there is one. */
export async function call(
  url: string,
  init: { method?: string; token?: string; json?: unknown; rawBody?: string } = {},
): Promise<JsonReply> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (init.token !== undefined) headers.Authorization = `Bearer ${init.token}`;
  let body: string | undefined;
  if (init.json !== undefined) body = JSON.stringify(init.json);
  if (init.rawBody !== undefined) body = init.rawBody;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await res.text();
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? undefined,
    body: text === '' ? undefined : (JSON.parse(text) as unknown),
  };
}
