import { createAdaptorServer } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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

export interface CloseOptions {
  /**
   * How long requests already running may take to finish; after that their connections are cut. Unset:
   * wait for them however long they take.
   */
  graceMs?: number;
  /** Called once when the grace period ends with requests still running (how many). */
  onGraceExpired?: (inFlight: number) => void;
}

export interface RunningProxy {
  /** `http://host:port`, no trailing slash. */
  url: string;
  /** Stops accepting connections, lets running requests finish (bounded by `graceMs`), then resolves. */
  close(opts?: CloseOptions): Promise<void>;
}

/** Serves the app over HTTP; port 0 picks an ephemeral port (tests, the local sandbox). */
export async function startServer(
  app: { fetch: (req: Request) => Response | Promise<Response> },
  opts: { port: number; host?: string },
): Promise<RunningProxy> {
  const host = opts.host ?? '127.0.0.1';
  // Counted so a shutdown can say truthfully whether it cut requests short.
  let inFlight = 0;
  const fetch = async (req: Request): Promise<Response> => {
    inFlight += 1;
    try {
      return await app.fetch(req);
    } finally {
      inFlight -= 1;
    }
  };
  const server = createAdaptorServer({ fetch, hostname: host }) as Server;
  // Slow or idle clients must not hold sockets forever; the app's own deadline covers handlers.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: (closeOpts = {}) =>
      new Promise<void>((resolve, reject) => {
        let timer: NodeJS.Timeout | undefined;
        server.close((err) => {
          if (timer) clearTimeout(timer);
          if (err) reject(err);
          else resolve();
        });
        server.closeIdleConnections();
        if (closeOpts.graceMs !== undefined) {
          timer = setTimeout(() => {
            closeOpts.onGraceExpired?.(inFlight);
            server.closeAllConnections();
          }, closeOpts.graceMs);
          timer.unref();
        }
      }),
  };
}
