/**
 * Best-of-n from a pool of N scored samples, exactly: the expected gold (and proxy) score of
 * the sample a proxy RM picks among n drawn without replacement, with ties in proxy score
 * broken uniformly at random. Pure: plain arrays in, numbers out.
 */

/**
 * c[a] = C(a, n) / C(N, n) for a = 0..N: the chance that an n-subset of N lies inside a fixed
 * set of a samples. Built downward from c[N] = 1 with c[a−1] = c[a]·(a−n)/a, so no binomial is
 * ever formed (C(12600, 8192) overflows a double).
 */
function insideChances(N: number, n: number): Float64Array {
  const c = new Float64Array(N + 1);
  c[N] = 1;
  for (let a = N; a > n; a--) c[a - 1] = (c[a]! * (a - n)) / a;
  return c; // c[a] = 0 for a < n
}

export interface BonExpectation {
  gold: number;
  proxy: number;
}

/**
 * E[gold of argmax-proxy among n of N] = Σ_g mean_gold(g)·(C(L_g + k_g, n) − C(L_g, n)) / C(N, n), over tie
 * groups g of k_g equal proxy scores with L_g scores below them; without ties this is Coste et al.'s
 * Σ_i C(i−1, n−1)/C(N, n)·g_(i) (i-th lowest proxy).
 */
export function bestOfN(proxy: readonly number[], gold: readonly number[], n: number): BonExpectation {
  const N = proxy.length;
  if (gold.length !== N) throw new Error(`bestOfN: ${N} proxy scores but ${gold.length} gold scores`);
  if (!Number.isInteger(n) || n < 1 || n > N) throw new Error(`bestOfN: n must be an integer in 1..${N}, got ${n}`);
  const order = Array.from({ length: N }, (_, i) => i).sort((a, b) => proxy[a]! - proxy[b]!);
  const c = insideChances(N, n);
  let g = 0;
  let p = 0;
  for (let lo = 0; lo < N;) {
    let hi = lo;
    let sum = 0;
    while (hi < N && proxy[order[hi]!] === proxy[order[lo]!]) sum += gold[order[hi++]!]!;
    // The pick lands in this group when the subset lies within the group and everything below it, but not below it alone.
    const chance = c[hi]! - c[lo]!;
    g += (chance * sum) / (hi - lo);
    p += chance * proxy[order[lo]!]!;
    lo = hi;
  }
  return { gold: g, proxy: p };
}

/** KL_bon(n) = log n − (n − 1)/n: the KL divergence of best-of-n from the base policy (an upper bound; Gao et al.). */
export function klBestOfN(n: number): number {
  return Math.log(n) - (n - 1) / n;
}

/** n = 1, 2, 4, ... up to N, and N itself when it is not a power of two. */
export function bonSizes(N: number): number[] {
  const sizes: number[] = [];
  for (let n = 1; n <= N; n *= 2) sizes.push(n);
  if (sizes[sizes.length - 1] !== N) sizes.push(N);
  return sizes;
}
