/**
 * A fetch for the proxy's upstream calls that holds the first account mutation (a lifecycle call) until
 * the test releases it, and says when it arrived: a run under way becomes a state a test controls,
 * without timers.
 */
export function mutationGate() {
  let arrived: () => void = () => undefined;
  let release: () => void = () => undefined;
  const reached = new Promise<void>((r) => (arrived = r));
  const released = new Promise<void>((r) => (release = r));
  let armed = false;
  let used = false;
  const fetchThrough: typeof fetch = async (input, init) => {
    const method = (init?.method ?? 'GET').toUpperCase();
    if (
      armed &&
      !used &&
      method === 'POST' &&
      String(input instanceof Request ? input.url : input).includes('/manage/lifecycle/')
    ) {
      used = true;
      arrived();
      await released;
    }
    return fetch(input, init);
  };
  return { fetch: fetchThrough, reached, release: () => release(), arm: () => (armed = true) };
}
