/**
 * Gao et al.'s (2023) overoptimization forms, fitted by least squares to points (d, R) with
 * d = √KL and R the gold reward relative to the initial policy (so R(0) = 0: pass gold − gold at
 * n = 1, or at step 0). Pure: plain arrays in, numbers out.
 */

export interface GaoFit {
  alpha: number;
  beta: number;
  /** Where the fitted gold peaks, and its value there; Infinity / NaN when it never turns down (β ≤ 0). */
  peakD: number;
  peakGold: number;
}

/** Least squares for R ≈ α·u − β·v with no intercept: the 2×2 normal equations. */
function fitTwo(u: readonly number[], v: readonly number[], r: readonly number[]): [number, number] {
  let uu = 0;
  let uv = 0;
  let vv = 0;
  let ur = 0;
  let vr = 0;
  u.forEach((ui, i) => {
    const vi = v[i]!;
    uu += ui * ui;
    uv += ui * vi;
    vv += vi * vi;
    ur += ui * r[i]!;
    vr += vi * r[i]!;
  });
  const det = uu * vv - uv * uv;
  if (!(Math.abs(det) > 1e-300)) return [NaN, NaN];
  // Minimise Σ(α u − β v − r)²: α = (ur·vv − vr·uv)/det, β = (ur·uv − vr·uu)/det.
  return [(ur * vv - vr * uv) / det, (ur * uv - vr * uu) / det];
}

/** BoN: R(d) = d(α − β d), peak over d ≥ 0 at d* = max(0, α / (2β)) with R* = α² / (4β) (0 when α ≤ 0: optimizing only hurts). */
export function fitBonGao(d: readonly number[], gold: readonly number[]): GaoFit {
  const [alpha, beta] = fitTwo(
    d,
    d.map((x) => x * x),
    gold,
  );
  if (!(beta > 0)) return { alpha, beta, peakD: Infinity, peakGold: NaN };
  return alpha > 0 ? { alpha, beta, peakD: alpha / (2 * beta), peakGold: (alpha * alpha) / (4 * beta) } : { alpha, beta, peakD: 0, peakGold: 0 };
}

/** RL: R(d) = d(α − β ln d), peak at d* = exp(α/β − 1) with R* = β·d*. Points with d = 0 carry no information (R = 0 there by the form). */
export function fitRlGao(d: readonly number[], gold: readonly number[]): GaoFit {
  const keep = d.flatMap((x, i) => (x > 0 ? [i] : []));
  const ds = keep.map((i) => d[i]!);
  const [alpha, beta] = fitTwo(
    ds,
    ds.map((x) => x * Math.log(x)),
    keep.map((i) => gold[i]!),
  );
  const turns = beta > 0;
  const peakD = turns ? Math.exp(alpha / beta - 1) : Infinity;
  return { alpha, beta, peakD, peakGold: turns ? beta * peakD : NaN };
}
