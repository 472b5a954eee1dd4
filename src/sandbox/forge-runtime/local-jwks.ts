import { createServer } from 'node:http';
import { listen } from '../../lib/listen';
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
  const listening = await listen(server, { port: opts.port ?? 0 });
  return { url: `${listening.url}${JWKS_PATH}`, close: listening.close };
}
