/**
 * The bench's view of the proxy: its public HTTP API, called the way the Forge app and the CLI call it
 * (bearer token, JSON), with every answer checked against the shared contract schemas.
 */
import type { z } from 'zod';
import {
  CandidatesResponse,
  ScanResponse,
  UnlockResponse,
  VerifyResponse,
  type UnlockRequest,
  type VerifyRead,
} from '../src/contract/proxy';

export class ProxyCallError extends Error {
  override readonly name = 'ProxyCallError';
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    /** The problem type (or `unexpected-shape`); never the token. */
    readonly problemType: string,
  ) {
    super(`proxy ${method} ${path} failed: HTTP ${status} ${problemType}`);
  }
}

export class ProxyClient {
  private readonly base: string;

  constructor(
    url: string,
    private readonly token: string,
  ) {
    this.base = url.replace(/\/+$/, '');
  }

  scanPage(request: { limit: number; cursor?: string }): Promise<ScanResponse> {
    return this.post('/v1/scan/deactivated-by-sync', request, ScanResponse);
  }

  candidatesPage(request: { limit: number; cursor?: string }): Promise<CandidatesResponse> {
    return this.post('/v1/scan/candidates', request, CandidatesResponse);
  }

  verify(accountIds: readonly string[], read: VerifyRead): Promise<VerifyResponse> {
    return this.post('/v1/scan/verify', { accountIds, read }, VerifyResponse);
  }

  unlock(accountId: string, request: z.input<typeof UnlockRequest>): Promise<UnlockResponse> {
    return this.post(`/v1/accounts/${encodeURIComponent(accountId)}/unlock`, request, UnlockResponse);
  }

  private async post<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.output<S>> {
    const res = await fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text) as unknown;
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const type =
        json !== null && typeof json === 'object' && typeof (json as { type?: unknown }).type === 'string'
          ? (json as { type: string }).type
          : 'no-problem-body';
      throw new ProxyCallError('POST', path, res.status, type);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new ProxyCallError('POST', path, res.status, 'unexpected-shape');
    return parsed.data;
  }
}
