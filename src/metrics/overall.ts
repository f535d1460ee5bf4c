/** Φ⁻¹(p), the standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const q = Math.min(p, 1 - p);
  let x: number;
  if (q < 0.02425) {
    const r = Math.sqrt(-2 * Math.log(q));
    x = (((((c[0]! * r + c[1]!) * r + c[2]!) * r + c[3]!) * r + c[4]!) * r + c[5]!) / ((((d[0]! * r + d[1]!) * r + d[2]!) * r + d[3]!) * r + 1);
  } else {
    const r = (q - 0.5) * (q - 0.5);
    x =
      ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * (q - 0.5)) /
      (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  }
  return p > 0.5 ? -x : x;
}

/**
 * Overall = Σ w_s·v_s / Σ w_s over the weighted columns; its interval treats suites as
 * independent (each suite's resamples are seeded apart): v ± z·√Σ(w_s·se_s)² / Σ w_s, with
 * se_s = (hi_s − lo_s) / 2z read back from each suite's bootstrap interval.
 */
export function overallScore(
  cells: readonly { value: number; ci: [number, number]; weight: number }[],
  level: number,
): { value: number; ci: [number, number] } {
  const z = normalQuantile(1 - (1 - level) / 2);
  const total = cells.reduce((s, c) => s + c.weight, 0);
  const value = cells.reduce((s, c) => s + c.weight * c.value, 0) / total;
  const variance = cells.reduce((s, c) => s + (c.weight * ((c.ci[1] - c.ci[0]) / (2 * z))) ** 2, 0);
  const half = (z * Math.sqrt(variance)) / total;
  return { value, ci: [value - half, value + half] };
}
