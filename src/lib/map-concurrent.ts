/**
 * Maps with at most `limit` calls in flight and keeps the input order in the result. Used where one
 * request fans out to per-item upstream reads (the scan), so latency stays bounded without turning one
 * page into a burst the upstream rate limit would answer with 429s.
 */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    // After one failure the whole map fails: stop taking new items instead of calling on for nothing.
    while (next < items.length && !failed) {
      const index = next;
      next += 1;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
