import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  /** `http://host:port`, no trailing slash (an IPv6 host in brackets). */
  url: string;
  close(): Promise<void>;
}

export interface ListenOptions {
  /** 0 picks a free port. Default 0. */
  port?: number;
  /** Default 127.0.0.1: nothing here listens beyond the machine unless asked to. */
  host?: string;
  /**
   * How close() treats open connections: `all` ends them (a test server, the sandbox), `idle` ends only
   * idle keep-alive sockets and lets requests in flight finish (the proxy's graceful stop).
   */
  closeConnections?: 'all' | 'idle';
}

/** Starts `server` listening and resolves once it is bound; a bind error (port in use) rejects. */
export async function listen(server: Server, opts: ListenOptions = {}): Promise<Listening> {
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const closeAll = (opts.closeConnections ?? 'all') === 'all';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Keep-alive sockets would hold close() open until they time out.
        if (closeAll) server.closeAllConnections();
        else server.closeIdleConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
