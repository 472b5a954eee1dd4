import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from './clock';
import { ForgeRuntimeError, NoConsumerError, QueueDrainLimitError } from './errors';

/**
 * Local delivery of @forge/events queues. Pushes reach the runtime as the package sends them (POST
 * `/webhook/queue/publish/...` through `__requestAtlassianAsApp`) and wait here until `drain()` hands
 * them, one at a time, to the consumer registered for their queue.
 *
 * Platform limits enforced on push (DAC "limits-async-events"): 500 events per minute per installation
 * (→ 429, RateLimitError) and 1000 pushes per chain started by one invocation (→ 405,
 * InvocationLimitReachedError). The per-push limits (50 events, 200 KB, delay 0-900 s) are checked by
 * the package itself before anything is sent, and again here.
 *
 * Delivery: `drain()` ignores wall time — delays and retry-after only order the deliveries, so tests
 * never wait. A consumer returning an InvocationError (`{_retry: true, retryOptions}`) is retried with
 * `event.retryContext` up to 4 times (Forge's documented maximum); a consumer that throws is recorded as
 * failed and not retried (assumption: Forge retries only on request or on platform faults).
 */

export const QUEUE_LIMITS = {
  eventsPerMinute: 500,
  pushesPerChain: 1000,
  maxEventsPerPush: 50,
  maxPushBytes: 200 * 1024,
  maxDelaySeconds: 900,
  maxRetries: 4,
  defaultDrainBound: 10_000,
} as const;

const PushEvent = z.object({
  body: z.record(z.string(), z.unknown()),
  delayInSeconds: z.number().min(0).max(QUEUE_LIMITS.maxDelaySeconds).optional(),
  concurrency: z.object({ key: z.string(), limit: z.number().int().positive() }).optional(),
});
const PushRequest = z.object({
  queueName: z.string().regex(/^[a-zA-Z0-9-_]+$/),
  jobId: z.string().min(1),
  type: z.string(),
  schema: z.string(),
  payload: z.array(PushEvent).min(1).max(QUEUE_LIMITS.maxEventsPerPush),
  time: z.string(),
});
const JobRequest = z.object({ queueName: z.string(), jobId: z.string().min(1), time: z.string() });

const RetryAnswer = z.object({
  _retry: z.literal(true),
  retryOptions: z
    .object({
      retryAfter: z.number().optional(),
      retryReason: z.string().optional(),
      retryData: z.unknown().optional(),
    })
    .optional(),
});

/** The event a consumer receives (@forge/events `AsyncEvent`). */
export interface AsyncEvent {
  queueName: string;
  jobId: string;
  eventId: string;
  body: Record<string, unknown>;
  delayInSeconds?: number;
  concurrency?: { key: string; limit: number };
  retryContext?: { retryCount: number; retryReason: string; retryData: unknown };
}

export type ConsumerHandler = (event: AsyncEvent, context: unknown) => unknown;

interface Pending {
  seq: number;
  availableAt: number;
  chainRootId: string;
  event: AsyncEvent;
}

export interface DrainFailure {
  queueName: string;
  jobId: string;
  eventId: string;
  /** The error's name and message; never the event body. */
  error: string;
}

export interface DrainReport {
  delivered: number;
  retried: number;
  failed: DrainFailure[];
}

/** Runs a consumer as a platform invocation belonging to the chain `chainRootId`. */
export type Deliver = (handler: ConsumerHandler, event: AsyncEvent, chainRootId: string) => Promise<unknown>;

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

export class LocalQueues {
  private readonly consumers = new Map<string, ConsumerHandler>();
  private pending: Pending[] = [];
  private seq = 0;
  private readonly pushTimes: number[] = [];
  private readonly pushesPerChain = new Map<string, number>();
  private readonly jobs = new Map<string, { success: number; inProgress: number; failed: number }>();
  /** Settles when the last drain asked for has finished (see `drain`). */
  private draining: Promise<void> = Promise.resolve();

  constructor(
    private readonly clock: Clock,
    private readonly deliver: Deliver,
  ) {}

  register(queueKey: string, handler: ConsumerHandler): void {
    if (this.consumers.has(queueKey)) {
      throw new ForgeRuntimeError(
        'DUPLICATE_REGISTRATION',
        `A consumer is already registered for '${queueKey}'`,
        {
          queueKey,
        },
      );
    }
    this.consumers.set(queueKey, handler);
  }

  /** Events waiting for delivery, per queue (for assertions). */
  size(queueKey?: string): number {
    return this.pending.filter((p) => queueKey === undefined || p.event.queueName === queueKey).length;
  }

  /** Handles the package's `/webhook/queue/{publish|stats|cancel}/...` requests. */
  handle(path: string, init: RequestInit | undefined, chainRootId: string): Response {
    const op = /^\/webhook\/queue\/(publish|stats|cancel)\//.exec(path)?.[1];
    let raw: unknown;
    try {
      raw = JSON.parse(typeof init?.body === 'string' ? init.body : '');
    } catch {
      return json(400, { message: 'Invalid request body' });
    }
    if (op === 'publish') return this.push(raw, chainRootId);
    const req = JobRequest.safeParse(raw);
    if (op === undefined || !req.success) return json(400, { message: 'Invalid request body' });
    const job = this.jobs.get(req.data.jobId);
    if (job === undefined) return json(404, { message: 'Job not found' });
    if (op === 'stats') return json(200, { ...job });
    const dropped = this.pending.filter((p) => p.event.jobId === req.data.jobId).length;
    this.pending = this.pending.filter((p) => p.event.jobId !== req.data.jobId);
    job.inProgress -= dropped;
    return new Response(null, { status: 204 });
  }

  private push(raw: unknown, chainRootId: string): Response {
    const req = PushRequest.safeParse(raw);
    if (!req.success) return json(400, { message: 'Invalid push request' });
    if (Buffer.byteLength(JSON.stringify(req.data.payload)) > QUEUE_LIMITS.maxPushBytes) {
      return json(413, { errorMessage: 'The maximum payload size is 200KB.' });
    }
    const now = this.clock.now();
    while (this.pushTimes.length > 0 && (this.pushTimes[0] as number) <= now - 60_000) this.pushTimes.shift();
    if (this.pushTimes.length + req.data.payload.length > QUEUE_LIMITS.eventsPerMinute) {
      return json(429, { message: 'Rate limit exceeded' });
    }
    const chainPushes = (this.pushesPerChain.get(chainRootId) ?? 0) + 1;
    if (chainPushes > QUEUE_LIMITS.pushesPerChain) return json(405, { message: 'Invocation limit reached' });
    this.pushesPerChain.set(chainRootId, chainPushes);
    for (const _ of req.data.payload) this.pushTimes.push(now);

    const job = this.jobs.get(req.data.jobId) ?? { success: 0, inProgress: 0, failed: 0 };
    this.jobs.set(req.data.jobId, job);
    for (const e of req.data.payload) {
      job.inProgress += 1;
      this.pending.push({
        seq: this.seq++,
        availableAt: now + (e.delayInSeconds ?? 0) * 1000,
        chainRootId,
        event: {
          queueName: req.data.queueName,
          jobId: req.data.jobId,
          eventId: randomUUID(),
          body: e.body,
          ...(e.delayInSeconds === undefined ? {} : { delayInSeconds: e.delayInSeconds }),
          ...(e.concurrency === undefined ? {} : { concurrency: e.concurrency }),
        },
      });
    }
    return json(201, {});
  }

  /**
   * Delivers pending events (including those pushed while draining) until none is left, in order of
   * availability then push order. Throws QueueDrainLimitError after `maxDeliveries`, and NoConsumerError
   * (leaving the event queued) when a queue has no registered consumer.
   *
   * Drains never overlap: the sandbox drains after each invocation and on its clock, and two drains at
   * once would run two consumers of one queue side by side and could hand one event to both. A caller
   * arriving while a drain runs waits for it (whether it succeeds or fails), then drains what is left;
   * its report counts only its own deliveries. A consumer must therefore never call `drain()` itself.
   */
  drain(opts: { maxDeliveries?: number } = {}): Promise<DrainReport> {
    const run = this.draining.then(() => this.drainNow(opts));
    this.draining = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async drainNow(opts: { maxDeliveries?: number }): Promise<DrainReport> {
    const bound = opts.maxDeliveries ?? QUEUE_LIMITS.defaultDrainBound;
    const report: DrainReport = { delivered: 0, retried: 0, failed: [] };
    for (;;) {
      this.pending.sort((a, b) => a.availableAt - b.availableAt || a.seq - b.seq);
      const next = this.pending[0];
      if (next === undefined) return report;
      if (report.delivered >= bound) throw new QueueDrainLimitError(bound, this.pending.length);
      const handler = this.consumers.get(next.event.queueName);
      if (handler === undefined) throw new NoConsumerError(next.event.queueName);
      this.pending.shift();
      report.delivered += 1;
      const job = this.jobs.get(next.event.jobId);
      let outcome: unknown;
      try {
        outcome = await this.deliver(handler, structuredClone(next.event), next.chainRootId);
      } catch (err) {
        if (job !== undefined) {
          job.inProgress -= 1;
          job.failed += 1;
        }
        report.failed.push({
          queueName: next.event.queueName,
          jobId: next.event.jobId,
          eventId: next.event.eventId,
          error: err instanceof Error ? `${err.name}: ${err.message}` : 'non-Error thrown',
        });
        continue;
      }
      const retry = RetryAnswer.safeParse(outcome);
      const retryCount = next.event.retryContext?.retryCount ?? 0;
      if (retry.success && retryCount < QUEUE_LIMITS.maxRetries) {
        report.retried += 1;
        const opts = retry.data.retryOptions ?? {};
        this.pending.push({
          seq: this.seq++,
          availableAt: this.clock.now() + Math.max(1, opts.retryAfter ?? 1) * 1000,
          chainRootId: next.chainRootId,
          event: {
            ...next.event,
            retryContext: {
              retryCount: retryCount + 1,
              retryReason: opts.retryReason ?? 'FUNCTION_RETRY_REQUEST',
              retryData: opts.retryData,
            },
          },
        });
        continue;
      }
      if (job !== undefined) {
        job.inProgress -= 1;
        if (retry.success) job.failed += 1;
        else job.success += 1;
      }
      if (retry.success) {
        report.failed.push({
          queueName: next.event.queueName,
          jobId: next.event.jobId,
          eventId: next.event.eventId,
          error: 'retries exhausted',
        });
      }
    }
  }
}
