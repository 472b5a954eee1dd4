/**
 * Bounded concurrency over a stream, the way an admin script runs "8 requests at a time": workers pull
 * the next item as soon as they are free, and the source is read ahead so that fetching the next page
 * of a listing overlaps the lookups of the current one instead of stalling every worker.
 */

/** Runs `fn` over every item of `source` with at most `concurrency` calls in flight. */
export async function forEachConcurrent<T>(
  source: AsyncIterable<T>,
  concurrency: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  const it = source[Symbol.asyncIterator]();
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed) {
      // Concurrent next() calls on one async generator are queued by the runtime, so each item is
      // handed to exactly one worker.
      const next = await it.next();
      if (next.done) return;
      try {
        await fn(next.value);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/**
 * Reads `source` ahead into a buffer of up to `lookahead` items on its own. A failure of the source
 * is raised to the consumer at the point where it would have received the next item.
 */
export async function* readAhead<T>(source: AsyncIterable<T>, lookahead: number): AsyncGenerator<T, void> {
  const buffer: T[] = [];
  // Held in one object: TypeScript cannot see the assignments made inside the promise executors.
  const state: {
    done: boolean;
    failure: { err: unknown } | null;
    wakeConsumer: (() => void) | null;
    wakeProducer: (() => void) | null;
  } = { done: false, failure: null, wakeConsumer: null, wakeProducer: null };
  const wakeConsumer = () => {
    state.wakeConsumer?.();
    state.wakeConsumer = null;
  };

  const pump = (async () => {
    try {
      for await (const item of source) {
        buffer.push(item);
        wakeConsumer();
        if (buffer.length >= lookahead) await new Promise<void>((r) => (state.wakeProducer = r));
      }
    } catch (err) {
      state.failure = { err };
    } finally {
      state.done = true;
      wakeConsumer();
    }
  })();

  for (;;) {
    if (buffer.length > 0) {
      const item = buffer.shift() as T;
      state.wakeProducer?.();
      state.wakeProducer = null;
      yield item;
      continue;
    }
    if (state.failure) throw state.failure.err;
    if (state.done) break;
    await new Promise<void>((r) => (state.wakeConsumer = r));
  }
  await pump;
}
