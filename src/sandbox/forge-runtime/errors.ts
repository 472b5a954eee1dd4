/**
 * Errors raised by the local Forge runtime itself (wiring mistakes in a test or the sandbox, runaway
 * queues), as opposed to errors the real @forge packages raise from the HTTP answers the runtime gives.
 * Messages never carry tokens, payloads or values; `context` holds only identifiers and counts.
 */
export type ForgeRuntimeErrorCode =
  | 'RUNTIME_ALREADY_INSTALLED'
  | 'RUNTIME_NOT_INSTALLED'
  | 'NO_CONSUMER'
  | 'QUEUE_DRAIN_LIMIT'
  | 'UNKNOWN_TRIGGER'
  | 'DUPLICATE_REGISTRATION'
  | 'NOT_SERIALISABLE'
  | 'RESOLVER_RESPONSE_TOO_LARGE'
  | 'INVALID_OPTIONS';

export type ErrorContext = Readonly<Record<string, string | number | boolean | null>>;

export class ForgeRuntimeError extends Error {
  readonly code: ForgeRuntimeErrorCode;
  readonly context: ErrorContext;
  constructor(code: ForgeRuntimeErrorCode, message: string, context: ErrorContext = {}) {
    super(message);
    this.name = 'ForgeRuntimeError';
    this.code = code;
    this.context = context;
  }
}

/** A queue push reached a queue no consumer was registered for (the manifest has one, the test does not). */
export class NoConsumerError extends ForgeRuntimeError {
  constructor(queueKey: string) {
    super('NO_CONSUMER', `No consumer registered for queue '${queueKey}'`, { queueKey });
    this.name = 'NoConsumerError';
  }
}

/** `drain()` stopped because more events were delivered than its bound: the app is pushing in a loop. */
export class QueueDrainLimitError extends ForgeRuntimeError {
  constructor(limit: number, pending: number) {
    super('QUEUE_DRAIN_LIMIT', `Queue drain stopped after ${limit} deliveries; ${pending} still pending`, {
      limit,
      pending,
    });
    this.name = 'QueueDrainLimitError';
  }
}

/**
 * An error answered by the local KVS service, with the HTTP status and `{code, message}` body shape the
 * real service uses (Forge "Error handling for the Key-Value Store"); @forge/kvs turns it into a
 * ForgeKvsAPIError.
 */
export class KvsServiceError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'KvsServiceError';
    this.status = status;
    this.code = code;
  }
}
