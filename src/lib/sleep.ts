/** Waits `ms` milliseconds. Callers that wait take it as a dependency, so tests pass one that resolves at once. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
