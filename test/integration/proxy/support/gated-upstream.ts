import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback front for the proxy's upstream calls: forwards everything to `target` (the simulator's URL,
 * set once the harness has started it), except that while armed it keeps the first upstream mutation
 * waiting until `release()`. A real batch is then provably running for as long as a test needs, without
 * a clock. It starts armed; `arm()` holds the next mutation again.
 */
export interface Gate {
  url: string;
  target: string;
  /** Resolves when the held mutation has arrived. */
  held: Promise<void>;
  release(): void;
  arm(): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Reads sent as POST: the Org v2 user search and the SCIM-links-by-email lookup. */
const POSTED_READS = /\/users\/search$|\/get-scim-links-for-email$/;
const isMutation = (method: string, url: string): boolean =>
  method !== 'GET' && !POSTED_READS.test(new URL(url, 'http://gate.invalid').pathname);

export async function startGate(): Promise<Gate> {
  let armed = false;
  let arrived: () => void = () => undefined;
  let released: Promise<void> = Promise.resolve();
  let open: () => void = () => undefined;
  const gate: Gate = {
    url: '',
    target: '',
    held: Promise.resolve(),
    release: () => open(),
    arm() {
      gate.held = new Promise<void>((r) => (arrived = r));
      released = new Promise<void>((r) => (open = r));
      armed = true;
    },
    close: async () => undefined,
  };
  gate.arm();
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const method = req.method ?? 'GET';
      const url = req.url ?? '/';
      if (armed && isMutation(method, url)) {
        armed = false;
        arrived();
        await released;
      }
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) {
        if (v === undefined || ['host', 'connection', 'content-length'].includes(k)) continue;
        headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      }
      const upstream = await fetch(`${gate.target}${url}`, {
        method,
        headers,
        ...(body.length > 0 ? { body: new Uint8Array(body) } : {}),
      });
      const out: Record<string, string> = {};
      upstream.headers.forEach((v, k) => {
        if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(k))
          out[k] = v;
      });
      res.writeHead(upstream.status, out);
      res.end(Buffer.from(await upstream.arrayBuffer()));
    })().catch(() => {
      res.writeHead(502);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gate.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  gate.close = () =>
    new Promise<void>((resolve, reject) => {
      open();
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    });
  return gate;
}
