/**
 * The local sandbox: simulator + org-admin proxy wired together on loopback, as `npm start` runs them.
 *
 * The proxy is configured through the same `loadConfig` an operator's environment goes through, so the
 * sandbox exercises the production configuration path rather than a hand-built config object.
 */
import { randomBytes } from 'node:crypto';
import type { DestinationStream } from 'pino';
import { loadConfig } from '../proxy/config';
import { startProxy, type StartedProxy } from '../proxy/main';
import { sandboxFromSimulator, type SandboxFile } from '../sim/sandbox-file';
import { startSimulator, type RunningSimulator } from '../sim/server';

export interface SandboxOptions {
  simPort: number;
  proxyPort: number;
  /** Where the proxy appends its audit lines; null keeps them on stdout only. */
  auditLogFile: string | null;
  /** Where the proxy's log and audit lines go besides AUDIT_LOG_FILE; default stdout. */
  proxyOutput?: DestinationStream;
}

export interface RunningSandbox {
  sim: RunningSimulator;
  proxy: StartedProxy;
  /** What `.sandbox/sandbox.json` holds. */
  file: SandboxFile & { proxy: { url: string; token: string } };
  close(): Promise<void>;
}

/** The name the sandbox's static token is audited under. */
export const SANDBOX_TOKEN_NAME = 'sandbox-cli';

export function sandboxProxyEnv(sim: RunningSimulator, token: string, auditLogFile: string | null) {
  const { identity } = sim;
  const admins = identity.jira.users.filter((u) => u.admin).map((u) => u.email);
  return {
    ATLASSIAN_ORG_ID: identity.org.id,
    ATLASSIAN_ORG_API_KEY: identity.org.apiKey,
    ATLASSIAN_API_BASE_URL: sim.url,
    SCIM_DIRECTORY_KEYS: JSON.stringify(
      Object.fromEntries(identity.directories.map((d) => [d.id, d.scimKey])),
    ),
    PROXY_API_TOKENS: JSON.stringify({ [SANDBOX_TOKEN_NAME]: token }),
    // The demo org's admins stand for the accounts an operator would protect first.
    PROTECTED_ACCOUNTS: admins.join(','),
    UNLINK_METHOD: 'unlink',
    ...(auditLogFile ? { AUDIT_LOG_FILE: auditLogFile } : {}),
  };
}

export async function startSandbox(opts: SandboxOptions): Promise<RunningSandbox> {
  const sim = await startSimulator({ port: opts.simPort, seed: { seed: 'demo' } });
  try {
    const token = randomBytes(32).toString('base64url');
    const config = loadConfig(sandboxProxyEnv(sim, token, opts.auditLogFile));
    const output = opts.proxyOutput
      ? { logDestination: opts.proxyOutput, auditStdout: opts.proxyOutput }
      : {};
    const proxy = await startProxy(config, { port: opts.proxyPort, ...output });
    return {
      sim,
      proxy,
      file: { ...sandboxFromSimulator(sim), proxy: { url: proxy.url, token } },
      close: async () => {
        await proxy.close();
        await sim.close();
      },
    };
  } catch (err) {
    await sim.close();
    throw err;
  }
}
