import { serve, type HttpBindings } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { apiFamilyOf } from './api-family';
import { createControlRoutes } from './control/routes';
import { createJiraApp, JiraStore, seedJira } from './jira';
import { createKeycloakApp, KeycloakRealmStore, KeycloakTokenIssuer } from './keycloak';
import type { SeedRequest } from './control/schemas';
import { createIdentity, type SimIdentity } from './identity';
import { orgErrors, scimError, umError } from './routes/error-bodies';
import { createOrgRoutes } from './routes/org';
import { createScimRoutes } from './routes/scim';
import { createScimLinksRoutes } from './routes/scim-links';
import { createUserManagementRoutes } from './routes/user-management';
import { SimRuntime } from './runtime';
import { upstreamChain } from './upstream-chain';

export type { SeedRequest } from './control/schemas';
export type { SimIdentity } from './identity';

export interface StartSimulatorOptions {
  /** 0 (default) picks an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1; the simulator is for loopback use. */
  host?: string;
  /** Default `{ seed: 'demo' }`. */
  seed?: SeedRequest;
  identity?: Partial<SimIdentity>;
  /** Let the SCIM admin (link) APIs accept a directory key too (which key they take is UNCONFIRMED). */
  scimLinksAcceptScimKey?: boolean;
}

export interface RunningSimulator {
  /** http://127.0.0.1:PORT, no trailing slash. */
  url: string;
  identity: SimIdentity;
  close(): Promise<void>;
}

function notFoundBody(path: string): unknown {
  switch (apiFamilyOf(path)) {
    case 'org':
      return orgErrors(404, 'ADMIN-404-0', 'Not Found', 'No such resource.');
    case 'scim':
    case 'scimLinks':
      return scimError(404, 'No such resource.');
    case 'userManagement':
      return umError('notFound');
    case 'jira':
      return { errorMessages: ['No such resource.'], errors: {} };
    default:
      return { error: 'not_found' };
  }
}

/** The whole simulator as a Hono app; exported for tests that want it without a socket. */
export function createSimulatorApp(
  rt: SimRuntime,
  opts: Pick<StartSimulatorOptions, 'scimLinksAcceptScimKey'> = {},
) {
  const app = new Hono<{ Bindings: HttpBindings }>();
  const jira = new JiraStore(rt.identity.jira.cloudId);
  const reseedJira = (seed: SeedRequest) => seedJira(jira, { seed: seed.seed }, rt.identity);
  reseedJira(rt.initialSeed);
  rt.onReset(reseedJira);
  const keycloak = new KeycloakRealmStore(rt.identity.keycloak.realm);
  // The realm follows the org: the demo seed's Keycloak users, none for the other seeds.
  keycloak.reset(rt.model.keycloakUsers);
  rt.onReset(() => keycloak.reset(rt.model.keycloakUsers));
  const keycloakTokens = new KeycloakTokenIssuer(`keycloak-sim/realms/${rt.identity.keycloak.realm}`);
  app.route(
    '/',
    createControlRoutes(rt, {
      extraState: () => ({ jira: jira.snapshot(), keycloak: keycloak.snapshot() }),
    }),
  );
  app.use('*', upstreamChain(rt.controls));
  app.route('/', createOrgRoutes(rt));
  app.route('/', createScimLinksRoutes(rt, { acceptScimKey: opts.scimLinksAcceptScimKey ?? false }));
  app.route('/', createScimRoutes(rt));
  app.route('/', createUserManagementRoutes(rt));
  app.route('/', createJiraApp(jira));
  app.route('/', createKeycloakApp(keycloak, rt.identity.keycloak, keycloakTokens));
  app.notFound((c) => c.json(notFoundBody(c.req.path) as object, 404));
  return app;
}

export async function startSimulator(opts: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  const identity = createIdentity(opts.identity);
  const rt = new SimRuntime(identity, opts.seed ?? { seed: 'demo' });
  const app = createSimulatorApp(rt, opts);
  const host = opts.host ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: opts.port ?? 0, hostname: host }, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    identity,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets would hold close() open until they time out.
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
