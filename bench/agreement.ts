/**
 * The two approaches must give the same answer before their costs are compared: a benchmark that
 * compares different answers is meaningless. An account reported twice by one side counts as a
 * disagreement too (a scan that repeats items across pages is wrong even if the set is right).
 */
export class AnswersDifferError extends Error {
  override readonly name = 'AnswersDifferError';
  constructor(
    readonly onlyBaseline: readonly string[],
    readonly onlyProxy: readonly string[],
    readonly duplicates: { baseline: number; proxy: number },
  ) {
    super(
      `the baseline and the proxy disagree on the locked accounts: ${onlyBaseline.length} only in the baseline` +
        ` (e.g. ${onlyBaseline.slice(0, 3).join(', ') || '-'}), ${onlyProxy.length} only in the proxy scan` +
        ` (e.g. ${onlyProxy.slice(0, 3).join(', ') || '-'}); reported twice: ${duplicates.baseline} by the` +
        ` baseline, ${duplicates.proxy} by the proxy`,
    );
  }
}

/** The common answer as sorted account ids; throws unless both sides found exactly the same set. */
export function agreeOnLocked(baselineIds: readonly string[], proxyIds: readonly string[]): string[] {
  const a = new Set(baselineIds);
  const b = new Set(proxyIds);
  const onlyBaseline = [...a].filter((id) => !b.has(id)).sort();
  const onlyProxy = [...b].filter((id) => !a.has(id)).sort();
  const duplicates = { baseline: baselineIds.length - a.size, proxy: proxyIds.length - b.size };
  if (onlyBaseline.length + onlyProxy.length + duplicates.baseline + duplicates.proxy > 0) {
    throw new AnswersDifferError(onlyBaseline, onlyProxy, duplicates);
  }
  return [...a].sort();
}
