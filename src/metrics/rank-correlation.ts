/**
 * Agreement between two scorings of the same items (here: reward models scored by a benchmark
 * and by a downstream outcome). Pure functions over equal-length arrays; each returns NaN where
 * it is undefined (fewer than two items, or a constant input it cannot rank), so a bootstrap
 * can leave such resamples out. Ties are handled exactly, never by input order.
 */

function checkLengths(x: readonly number[], y: readonly number[]): void {
  if (x.length !== y.length) throw new RangeError(`expected arrays of equal length, got ${x.length} and ${y.length}`);
}

const isConstant = (x: readonly number[]): boolean => x.every((v) => v === x[0]);

/** r = Σ(x−x̄)(y−ȳ) / √(Σ(x−x̄)² · Σ(y−ȳ)²); NaN when n < 2 or either input is constant. */
export function pearson(x: readonly number[], y: readonly number[]): number {
  checkLengths(x, y);
  const n = x.length;
  if (n < 2 || isConstant(x) || isConstant(y)) return NaN;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  // Clamped: rounding can put |r| a hair above 1 for perfectly linear inputs.
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Ascending ranks 1..n; a group of t tied values all get the mean of the t ranks they span. */
export function averageRanks(x: readonly number[]): number[] {
  const order = x.map((_, i) => i).sort((a, b) => x[a]! - x[b]!);
  const ranks = new Array<number>(x.length);
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && x[order[end]!] === x[order[start]!]) end++;
    const mean = (start + 1 + end) / 2; // mean of ranks start+1 … end
    for (let k = start; k < end; k++) ranks[order[k]!] = mean;
    start = end;
  }
  return ranks;
}

/** ρ = pearson(rank(x), rank(y)) with average ranks for ties; NaN when n < 2 or either input is constant. */
export function spearman(x: readonly number[], y: readonly number[]): number {
  checkLengths(x, y);
  return pearson(averageRanks(x), averageRanks(y));
}

/**
 * τ_b = (C − D) / √((n0 − n1)(n0 − n2)), n0 = n(n−1)/2, n1 = Σ t(t−1)/2 over tie groups of x,
 * n2 likewise for y (scipy.stats.kendalltau, variant 'b'); NaN when n < 2 or either input is constant.
 */
export function kendallTauB(x: readonly number[], y: readonly number[]): number {
  checkLengths(x, y);
  const n = x.length;
  if (n < 2 || isConstant(x) || isConstant(y)) return NaN;
  // O(n²) over pairs: n is a number of reward models, and the pair loop is easy to audit.
  let s = 0; // C − D
  let tiesX = 0;
  let tiesY = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = Math.sign(x[i]! - x[j]!);
      const b = Math.sign(y[i]! - y[j]!);
      if (a === 0) tiesX++;
      if (b === 0) tiesY++;
      s += a * b;
    }
  }
  const n0 = (n * (n - 1)) / 2;
  return Math.max(-1, Math.min(1, s / Math.sqrt((n0 - tiesX) * (n0 - tiesY))));
}

/**
 * Tie groups of a descending ranking: for each item, how many items rank strictly above it
 * (`above`) and how many share its value (`size`, itself included).
 */
function descendingGroups(x: readonly number[]): { order: number[]; above: number[]; size: number[] } {
  const order = x.map((_, i) => i).sort((a, b) => x[b]! - x[a]!);
  const above = new Array<number>(x.length);
  const size = new Array<number>(x.length);
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && x[order[end]!] === x[order[start]!]) end++;
    for (let k = start; k < end; k++) {
      above[order[k]!] = start;
      size[order[k]!] = end - start;
    }
    start = end;
  }
  return { order, above, size };
}

/**
 * NDCG = DCG/IDCG, DCG = Σ_k rel_(k)/log2(k+1) over the items ranked by `benchmark` descending,
 * rel = `outcome` min-max scaled to [0, 1] (all 1 when constant, so any order is ideal). A tie
 * group in the benchmark gets, at each of its positions, the group's mean relevance: the exact
 * expected DCG over uniformly random orders within ties. NaN when n < 2 or the benchmark is
 * constant (it ranks nothing).
 */
export function ndcg(benchmark: readonly number[], outcome: readonly number[]): number {
  checkLengths(benchmark, outcome);
  const n = benchmark.length;
  if (n < 2 || isConstant(benchmark)) return NaN;
  const lo = Math.min(...outcome);
  const hi = Math.max(...outcome);
  const rel = outcome.map((v) => (hi === lo ? 1 : (v - lo) / (hi - lo)));
  const discount = (k: number): number => 1 / Math.log2(k + 2); // k is 0-based
  const { order, above, size } = descendingGroups(benchmark);
  let dcg = 0;
  for (let k = 0; k < n;) {
    const i = order[k]!;
    const members = order.slice(above[i]!, above[i]! + size[i]!);
    const mean = members.reduce((a, m) => a + rel[m]!, 0) / members.length;
    for (let j = 0; j < members.length; j++, k++) dcg += mean * discount(k);
  }
  const ideal = [...rel].sort((a, b) => b - a).reduce((a, r, k) => a + r * discount(k), 0);
  return dcg / ideal;
}

/**
 * P(item is among the top d of a descending ranking), for d = 1..n, when ties are broken
 * uniformly at random: 0 above its group, 1 below it, (d − above)/size inside it.
 */
function topProbabilities(x: readonly number[]): Float64Array[] {
  const { above, size } = descendingGroups(x);
  return x.map((_, i) => {
    const p = new Float64Array(x.length + 1);
    for (let d = 1; d <= x.length; d++) p[d] = Math.min(1, Math.max(0, (d - above[i]!) / size[i]!));
    return p;
  });
}

/**
 * RBO_ext = X_n/n · p^n + (1−p)/p · Σ_{d=1..n} X_d/d · p^d (Webber et al. 2010, eq. 32), the
 * rankings being x and y descending and X_d the overlap of their top d. With ties, X_d is its
 * expectation when each ranking's ties are broken uniformly at random and independently
 * (E[X_d] = Σ_i P(i in x's top d)·P(i in y's top d)); RBO_ext is linear in X_d, so this is the
 * exact mean RBO over tie orders. Hence a tie is uncertainty, not agreement: two identical
 * rankings with ties score below 1. NaN when n < 2 or either input is constant.
 */
export function rbo(x: readonly number[], y: readonly number[], p: number): number {
  checkLengths(x, y);
  if (!(p > 0 && p < 1)) throw new RangeError(`rbo needs 0 < p < 1, got ${p}`);
  const n = x.length;
  if (n < 2 || isConstant(x) || isConstant(y)) return NaN;
  const a = topProbabilities(x);
  const b = topProbabilities(y);
  let sum = 0;
  let pd = 1;
  let overlap = 0;
  for (let d = 1; d <= n; d++) {
    pd *= p;
    overlap = 0;
    for (let i = 0; i < n; i++) overlap += a[i]![d]! * b[i]![d]!;
    sum += (overlap / d) * pd;
  }
  return (overlap / n) * pd + ((1 - p) / p) * sum;
}
