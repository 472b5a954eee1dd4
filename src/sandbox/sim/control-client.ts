import type { z } from 'zod';
import {
  CallsResponseSchema,
  ClockResponseSchema,
  type CallsResponse,
  type FaultConfig,
  type LatencyConfig,
  type RateLimitConfig,
  type SeedRequest,
} from './control/schemas';

export type {
  CallRecord,
  CallsResponse,
  FaultConfig,
  FaultStep,
  FaultTarget,
  LatencyConfig,
  RateLimitConfig,
  SeedRequest,
  SimApi,
} from './control/schemas';

/** A control API request failed; carries the status and the server's error body, never the token. */
export class SimControlError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`simulator control ${method} ${path} failed with HTTP ${status}`);
  }
}

/** Typed client for the simulator's control API (/_sim). */
export class SimControlClient {
  private readonly base: string;

  constructor(
    url: string,
    private readonly controlToken: string,
  ) {
    this.base = url.replace(/\/+$/, '');
  }

  reset(seed: SeedRequest = { seed: 'demo' }): Promise<void> {
    return this.send('POST', '/_sim/reset', seed);
  }

  setFaults(config: FaultConfig): Promise<void> {
    return this.send('POST', '/_sim/faults', config);
  }

  clearFaults(): Promise<void> {
    return this.send('DELETE', '/_sim/faults');
  }

  setRateLimit(config: RateLimitConfig): Promise<void> {
    return this.send('POST', '/_sim/rate-limit', config);
  }

  clearRateLimit(): Promise<void> {
    return this.send('DELETE', '/_sim/rate-limit');
  }

  setLatency(config: LatencyConfig): Promise<void> {
    return this.send('POST', '/_sim/latency', config);
  }

  clearLatency(): Promise<void> {
    return this.send('DELETE', '/_sim/latency');
  }

  /** Moves the simulator's clock forward; answers the new time (ISO). */
  async advanceClock(advanceMs: number): Promise<string> {
    const body = await this.request('POST', '/_sim/clock', { advanceMs });
    return this.parse(ClockResponseSchema, body, '/_sim/clock').now;
  }

  /** The whole model as JSON (shape: see src/sandbox/sim/model/snapshot.ts); read-only. */
  async state(): Promise<Record<string, unknown>> {
    return (await this.request('GET', '/_sim/state')) as Record<string, unknown>;
  }

  async calls(): Promise<CallsResponse> {
    return this.parse(CallsResponseSchema, await this.request('GET', '/_sim/calls'), '/_sim/calls');
  }

  clearCalls(): Promise<void> {
    return this.send('DELETE', '/_sim/calls');
  }

  private async send(method: string, path: string, body?: unknown): Promise<void> {
    await this.request(method, path, body);
  }

  private parse<S extends z.ZodType>(schema: S, value: unknown, path: string): z.infer<S> {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new SimControlError('GET', path, 200, { error: 'unexpected_response_shape' });
    return parsed.data;
  }

  private async request(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.controlToken}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    let parsed: unknown = undefined;
    if (text !== '') {
      try {
        parsed = JSON.parse(text) as unknown;
      } catch {
        parsed = text;
      }
    }
    if (!res.ok) throw new SimControlError(method, path, res.status, parsed);
    return parsed;
  }
}
