import { createAdaptorServer } from '@hono/node-server';
import type { Server } from 'node:http';
import { listen } from '../../lib/listen';
import type { JWTVerifyGetKey } from 'jose';
import { createFitVerifier, remoteJwks } from '../auth/fit';
import { createAuthenticator, type Authenticator } from '../auth/middleware';
import { createStaticTokenAuthenticator } from '../auth/static-tokens';
import type { ProxyConfig } from '../config';

/**
 * The authenticator the configuration asks for: FITs when FORGE_APP_ID is set, static tokens when
 * PROXY_API_TOKENS is. `keys` replaces the remote JWKS (tests, or a pinned key set).
 */
export function authenticatorFromConfig(
  config: Pick<
    ProxyConfig,
    | 'forgeAppId'
    | 'forgeJwksUrl'
    | 'forgeInstallationIds'
    | 'forgeAllowedSites'
    | 'forgeAllowedEnvironments'
    | 'apiTokens'
  >,
  keys?: JWTVerifyGetKey,
): Authenticator {
  return createAuthenticator({
    ...(config.forgeAppId === null
      ? {}
      : {
          fit: createFitVerifier({
            appId: config.forgeAppId,
            keys: keys ?? remoteJwks(config.forgeJwksUrl),
            installationIds: config.forgeInstallationIds,
            allowedSites: config.forgeAllowedSites,
            allowedEnvironments: config.forgeAllowedEnvironments,
          }),
        }),
    ...(config.apiTokens.size === 0 ? {} : { tokens: createStaticTokenAuthenticator(config.apiTokens) }),
  });
}

export interface RunningProxy {
  /** `http://host:port`, no trailing slash. */
  url: string;
  close(): Promise<void>;
}

/** Serves the app over HTTP; port 0 picks an ephemeral port (tests, the local sandbox). */
export async function startServer(
  app: { fetch: (req: Request) => Response | Promise<Response> },
  opts: { port: number; host?: string },
): Promise<RunningProxy> {
  const host = opts.host ?? '127.0.0.1';
  const server = createAdaptorServer({ fetch: app.fetch, hostname: host }) as Server;
  // Slow or idle clients must not hold sockets forever; the app's own deadline covers handlers.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  return listen(server, { port: opts.port, host, closeConnections: 'idle' });
}
