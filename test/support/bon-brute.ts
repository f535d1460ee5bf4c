/**
 * Best-of-n by enumerating every n-subset of a pool, ties in proxy split evenly among the tied
 * maxima: the independent check for src/metrics/bon.ts and the probe built on it.
 */
export function bruteBestOfN(proxy: readonly number[], gold: readonly number[], n: number): { gold: number; proxy: number } {
  let total = 0;
  let g = 0;
  let p = 0;
  const pick = (start: number, chosen: number[]): void => {
    if (chosen.length === n) {
      const best = Math.max(...chosen.map((i) => proxy[i]!));
      const tied = chosen.filter((i) => proxy[i] === best);
      total++;
      g += tied.reduce((s, i) => s + gold[i]!, 0) / tied.length;
      p += best;
      return;
    }
    for (let i = start; i < proxy.length; i++) pick(i + 1, [...chosen, i]);
  };
  pick(0, []);
  return { gold: g / total, proxy: p / total };
}
