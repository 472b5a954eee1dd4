/**
 * The local sandbox: simulator + org-admin proxy + the Forge app on the local Forge runtime, wired
 * together on loopback, as `npm start` runs them (and the tests that want the whole product).
 *
 * The proxy is configured through the same `loadConfig` an operator's environment goes through, so the
 * sandbox exercises the production configuration path rather than a hand-built config object. It trusts
 * the runtime's local JWKS — the only place where FITs are not Atlassian-signed.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { listen } from '../lib/listen';
import { createAdaptorServer } from '@hono/node-server';
import type { DestinationStream } from 'pino';
import * as forgeApp from '../index';
import { loadConfig, type Env } from '../proxy/config';
import { startProxy, type StartProxyOptions, type StartedProxy } from '../proxy/main';
import { sandboxFromSimulator, type SandboxFile } from './sim/sandbox-file';
import { startSimulator, type RunningSimulator } from './sim/server';
import { DEMO_PROJECTS } from './sim/jira/seed';
import { readAppManifest, type AppManifest } from './forge-app-manifest';
import { createForgeGateway } from './forge-gateway';
import {
  createFitSigner,
  createForgeRuntime,
  startLocalJwks,
  type ForgeRuntime,
  type LocalJwks,
  type TriggerHandler,
  type ConsumerHandler,
} from './forge-runtime';
import {
  loadHostedModules,
  startShell,
  type HostedModule,
  type ModuleKind,
  type RunningShell,
} from './shell';

export interface SandboxOptions {
  simPort: number;
  proxyPort: number;
  forgePort: number;
  /** The local Jira shell hosting the app's pages (src/sandbox/shell); omitted → no shell. */
  shellPort?: number;
  /** The modules the shell hosts; default: manifest.yml's admin page and issue action (tests: fixtures). */
  shellModules?: Record<ModuleKind, HostedModule>;
  /** Where the shell reports failures of background queue delivery; default stderr. */
  onShellError?: (err: unknown) => void;
  /** Where the proxy appends its audit lines; null keeps them on stdout only. */
  auditLogFile: string | null;
  /** Where the proxy's log and audit lines go besides AUDIT_LOG_FILE; default stdout. */
  proxyOutput?: DestinationStream;
  /** Extra proxy settings (tests: immediate retries, a roomier rate limit). */
  proxy?: Pick<StartProxyOptions, 'http' | 'sleep' | 'limits'>;
  /** Extra proxy environment, applied last. */
  proxyEnv?: Env;
}

/** The Forge remote key the app's manifest declares for the proxy. */
export const PROXY_REMOTE_KEY = 'scim-unlock-proxy';
/** A fixed, obviously-local app id and installation: FITs are audience-checked against them. */
export const SANDBOX_APP_ID = 'ari:cloud:ecosystem::app/5a4d1b0e-0000-4000-8000-00005c1a0000';
export const SANDBOX_INSTALLATION_ID = '5a4d1b0e-0000-4000-8000-0000000001a7';
/**
 * The sandbox runs the app the way `forge tunnel` does: in a development environment. The proxy is told
 * to accept exactly that environment, that installation and the simulator's site — the same three
 * checks a production proxy makes against Atlassian-signed tokens.
 */
export const SANDBOX_ENVIRONMENT = {
  id: '5a4d1b0e-0000-4000-8000-00000000de70',
  type: 'DEVELOPMENT',
} as const;
/** The name the sandbox's static token is audited under. */
export const SANDBOX_TOKEN_NAME = 'sandbox-cli';

export interface SandboxForge {
  rt: ForgeRuntime;
  manifest: AppManifest;
  /** The sandbox-only invocation gateway (see forge-gateway.ts), also mountable in another server. */
  gatewayUrl: string;
  gatewayToken: string;
  jwks: LocalJwks;
}

export interface SandboxFileWithParts extends SandboxFile {
  proxy: { url: string; token: string };
  forge: {
    appId: string;
    installationId: string;
    gateway: { url: string; token: string; invoke: string; runTrigger: string };
    modules: Array<{ key: string; type: string }>;
    triggers: string[];
    users: Array<{ accountId: string; displayName: string; email: string; admin: boolean }>;
  };
  /** The simulated Keycloak realm and the service account the proxy's IdP sync uses. */
  keycloak: { url: string; realm: string; clientId: string; clientSecret: string };
  /** Present when the shell runs: open `url` in a browser; switch users there. */
  shell?: { url: string; adminPage: string; issues: string };
}

export interface RunningSandbox {
  sim: RunningSimulator;
  proxy: StartedProxy;
  forge: SandboxForge;
  shell: RunningShell | null;
  /** What `.sandbox/sandbox.json` holds. */
  file: SandboxFileWithParts;
  close(): Promise<void>;
}

export function sandboxProxyEnv(
  sim: RunningSimulator,
  opts: { token: string; jwksUrl: string; auditLogFile: string | null },
): Env {
  const { identity } = sim;
  const admins = identity.jira.users.filter((u) => u.admin).map((u) => u.email);
  return {
    ATLASSIAN_ORG_ID: identity.org.id,
    ATLASSIAN_ORG_API_KEY: identity.org.apiKey,
    ATLASSIAN_API_BASE_URL: sim.url,
    SCIM_DIRECTORY_KEYS: JSON.stringify(
      Object.fromEntries(identity.directories.map((d) => [d.id, d.scimKey])),
    ),
    PROXY_API_TOKENS: JSON.stringify({ [SANDBOX_TOKEN_NAME]: opts.token }),
    FORGE_APP_ID: SANDBOX_APP_ID,
    FORGE_JWKS_URL: opts.jwksUrl,
    FORGE_INSTALLATION_IDS: `ari:cloud:ecosystem::installation/${SANDBOX_INSTALLATION_ID}`,
    FORGE_ALLOWED_SITES: identity.jira.cloudId,
    FORGE_ALLOWED_ENVIRONMENTS: SANDBOX_ENVIRONMENT.type.toLowerCase(),
    // The demo org's admins stand for the accounts an operator would protect first.
    PROTECTED_ACCOUNTS: admins.join(','),
    UNLINK_METHOD: 'unlink',
    ...(opts.auditLogFile ? { AUDIT_LOG_FILE: opts.auditLogFile } : {}),
    // IdP offboarding (POST /v1/idp/sync) against the simulator's Keycloak realm.
    KEYCLOAK_URL: `${sim.url}/keycloak`,
    KEYCLOAK_REALM: identity.keycloak.realm,
    KEYCLOAK_CLIENT_ID: identity.keycloak.clientId,
    KEYCLOAK_CLIENT_SECRET: identity.keycloak.clientSecret,
  };
}

function exported<T>(name: string): T {
  const value = (forgeApp as Record<string, unknown>)[name];
  if (typeof value !== 'function') throw new Error(`src/index.ts exports no function '${name}'`);
  return value as T;
}

function listenApp(app: { fetch: (req: Request) => Response | Promise<Response> }, port: number) {
  return listen(createAdaptorServer({ fetch: app.fetch, hostname: '127.0.0.1' }) as Server, { port });
}

export async function startSandbox(opts: SandboxOptions): Promise<RunningSandbox> {
  const cleanups: Array<() => Promise<void> | void> = [];
  const closeAll = async () => {
    for (const fn of cleanups.reverse()) await fn();
  };
  try {
    const sim = await startSimulator({ port: opts.simPort, seed: { seed: 'demo' } });
    cleanups.push(() => sim.close());
    const signer = await createFitSigner();
    const jwks = await startLocalJwks(signer);
    cleanups.push(() => jwks.close());

    const token = randomBytes(32).toString('base64url');
    const config = loadConfig({
      ...sandboxProxyEnv(sim, { token, jwksUrl: jwks.url, auditLogFile: opts.auditLogFile }),
      ...opts.proxyEnv,
    });
    const output = opts.proxyOutput
      ? { logDestination: opts.proxyOutput, auditStdout: opts.proxyOutput }
      : {};
    const proxy = await startProxy(config, { port: opts.proxyPort, ...output, ...opts.proxy });
    cleanups.push(() => proxy.close());

    const { jira } = sim.identity;
    const tokens = new Map(jira.users.map((u) => [u.accountId, u.token]));
    const manifest = readAppManifest();
    const rt = createForgeRuntime({
      jira: {
        baseUrl: sim.url,
        cloudId: jira.cloudId,
        appToken: jira.appToken,
        siteUrl: jira.siteUrl,
        tokenFor: (id) => tokens.get(id),
      },
      remotes: { [PROXY_REMOTE_KEY]: { baseUrl: proxy.url } },
      fit: signer,
      appId: SANDBOX_APP_ID,
      installationId: SANDBOX_INSTALLATION_ID,
      environment: SANDBOX_ENVIRONMENT,
      entities: manifest.entities,
    });
    const uninstall = rt.install();
    cleanups.push(() => uninstall());

    for (const c of manifest.consumers) {
      rt.queue.register(c.queue, exported<ConsumerHandler>(c.exportName), {
        ...(c.timeoutSeconds === undefined ? {} : { timeoutSeconds: c.timeoutSeconds }),
      });
    }
    for (const t of manifest.triggers) {
      rt.scheduler.registerTrigger(t.key, exported<TriggerHandler>(t.exportName), {
        interval: t.interval,
        ...(t.timeoutSeconds === undefined ? {} : { timeoutSeconds: t.timeoutSeconds }),
      });
    }
    const gatewayToken = randomUUID();
    const gateway = await listenApp(
      createForgeGateway({ rt, manifest, handlers: forgeApp, token: gatewayToken }),
      opts.forgePort,
    );
    cleanups.push(() => gateway.close());

    let shell: RunningShell | null = null;
    if (opts.shellPort !== undefined) {
      const onError =
        opts.onShellError ??
        ((err: unknown) =>
          console.error(`local Jira shell: ${err instanceof Error ? err.message : String(err)}`));
      shell = await startShell({
        port: opts.shellPort,
        modules: opts.shellModules ?? loadHostedModules(process.cwd()),
        site: { cloudId: jira.cloudId, siteUrl: jira.siteUrl },
        jiraBaseUrl: sim.url,
        users: jira.users,
        projects: [DEMO_PROJECTS.itSupport, DEMO_PROJECTS.readOnly, DEMO_PROJECTS.restricted],
        gateway: { url: gateway.url, token: gatewayToken },
        deliverQueued: async () => {
          const report = await rt.queue.drain();
          if (report.failed.length > 0) onError(new Error(`${report.failed.length} queued event(s) failed`));
        },
        onBackgroundError: onError,
      });
      const running = shell;
      cleanups.push(() => running.close());
    }

    const file: SandboxFileWithParts = {
      ...sandboxFromSimulator(sim),
      proxy: { url: proxy.url, token },
      keycloak: { url: `${sim.url}/keycloak`, ...sim.identity.keycloak },
      forge: {
        appId: SANDBOX_APP_ID,
        installationId: SANDBOX_INSTALLATION_ID,
        gateway: {
          url: gateway.url,
          token: gatewayToken,
          invoke: `POST ${gateway.url}/invoke {"moduleKey","functionKey","payload","accountId","extension"?: {"issue"?: {"key","id"}}}`,
          runTrigger: `POST ${gateway.url}/triggers/{key}/run`,
        },
        modules: manifest.uiModules.map((m) => ({ key: m.key, type: m.type })),
        triggers: manifest.triggers.map((t) => t.key),
        users: jira.users.map(({ accountId, displayName, email, admin }) => ({
          accountId,
          displayName,
          email,
          admin,
        })),
      },
      ...(shell
        ? { shell: { url: shell.url, adminPage: `${shell.url}/admin`, issues: `${shell.url}/` } }
        : {}),
    };
    return {
      sim,
      proxy,
      forge: { rt, manifest, gatewayUrl: gateway.url, gatewayToken, jwks },
      shell,
      file,
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
