/**
 * A loopback server in front of the simulator that forwards every request unchanged, except the
 * listings a test switches to "endless": then it answers them itself, as a misbehaving upstream would,
 * with another page and a cursor never seen before, for ever. The simulator cannot misbehave this way,
 * and a scripted server alone could not serve the rest of a sync (directories, account reads, Keycloak).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * - `org-users`: Org v2 `POST …/users/search` returns an empty page and a fresh `links.next`;
 * - `org-directories`: Org v2 `GET …/directories` does the same;
 * - `keycloak`: the realm's user count is a billion and every users page is full of new users.
 */
export type EndlessMode = 'off' | 'org-users' | 'org-directories' | 'keycloak';

export interface EndlessFront {
  url: string;
  /** Where requests are forwarded (the simulator's URL); set before the first request. */
  target: string;
  mode: EndlessMode;
  /** Answers the front made up itself (not forwarded), since the last reset. */
  endlessAnswers: number;
  close(): Promise<void>;
}

const ORG_USERS = /^\/admin\/v2\/orgs\/[^/]+\/directories\/[^/]+\/users\/search$/;
const ORG_DIRECTORIES = /^\/admin\/v2\/orgs\/[^/]+\/directories$/;
const KC_COUNT = /^\/keycloak\/admin\/realms\/[^/]+\/users\/count$/;
const KC_USERS = /^\/keycloak\/admin\/realms\/[^/]+\/users\/?$/;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startEndlessFront(): Promise<EndlessFront> {
  let cursor = 0;
  const front: EndlessFront = {
    url: '',
    target: '',
    mode: 'off',
    endlessAnswers: 0,
    close: async () => undefined,
  };

  /** The made-up answer for this request, or null to forward it. */
  function endless(method: string, url: URL): unknown {
    const path = url.pathname;
    if (front.mode === 'org-users' && method === 'POST' && ORG_USERS.test(path))
      return { data: [], links: { next: `endless-${++cursor}` } };
    if (front.mode === 'org-directories' && method === 'GET' && ORG_DIRECTORIES.test(path))
      return { data: [], links: { next: `endless-${++cursor}` } };
    if (front.mode === 'keycloak' && method === 'GET' && KC_COUNT.test(path)) return 1_000_000_000;
    if (front.mode === 'keycloak' && method === 'GET' && KC_USERS.test(path)) {
      const max = Number(url.searchParams.get('max') ?? '100');
      return Array.from({ length: max }, () => {
        const n = ++cursor;
        return { id: `endless-${n}`, username: `endless${n}`, enabled: true, emailVerified: true };
      });
    }
    return null;
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://front.invalid');
      const made = endless(req.method ?? 'GET', url);
      if (made !== null) {
        front.endlessAnswers += 1;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(made));
        return;
      }
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) {
        if (v === undefined || ['host', 'connection', 'content-length'].includes(k)) continue;
        headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      }
      const upstream = await fetch(`${front.target}${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
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
  front.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  front.close = () =>
    new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    });
  return front;
}
