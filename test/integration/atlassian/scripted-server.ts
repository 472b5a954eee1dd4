/**
 * A real HTTP server on 127.0.0.1:0 that answers from a script, one step per request, and records what
 * it received. Used where the simulator cannot produce a situation (a server that never answers, a
 * malformed 2xx body) and to assert exact request shapes.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ScriptStep =
  | { status: number; headers?: Record<string, string>; body?: unknown; rawBody?: string }
  | { drop: true }
  /** Accept the request and never answer (for timeouts). */
  | { hang: true };

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ScriptedServer {
  url: string;
  requests: RecordedRequest[];
  /** Steps for the next requests, in order; when exhausted the fallback answers. */
  script(...steps: ScriptStep[]): void;
  fallback(step: ScriptStep): void;
  close(): Promise<void>;
}

export async function startScriptedServer(): Promise<ScriptedServer> {
  const queue: ScriptStep[] = [];
  let fallback: ScriptStep = { status: 204 };
  const requests: RecordedRequest[] = [];

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const step = queue.shift() ?? fallback;
      if ('drop' in step) {
        req.socket.destroy();
        return;
      }
      if ('hang' in step) return;
      const headers: Record<string, string> = { ...step.headers };
      let payload = '';
      if (step.rawBody !== undefined) payload = step.rawBody;
      else if (step.body !== undefined) {
        payload = JSON.stringify(step.body);
        headers['content-type'] ??= 'application/json';
      }
      res.writeHead(step.status, headers);
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...steps) => queue.push(...steps),
    fallback: (step) => {
      fallback = step;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** A loopback URL whose port is certainly closed (bound, then released). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
