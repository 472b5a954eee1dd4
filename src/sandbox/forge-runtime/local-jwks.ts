import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FitSigner } from './fit-signer';

export const JWKS_PATH = '/.well-known/jwks.json';

export interface LocalJwks {
  /** Full JWKS URL (`http://127.0.0.1:PORT/.well-known/jwks.json`), ready for FORGE_JWKS_URL. */
  url: string;
  close(): Promise<void>;
}

/** Serves the signer's public key on loopback; port 0 (default) picks an ephemeral port. */
export async function startLocalJwks(signer: FitSigner, opts: { port?: number } = {}): Promise<LocalJwks> {
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === JWKS_PATH) {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(signer.jwks()));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${JWKS_PATH}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
