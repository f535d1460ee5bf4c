/**
 * Dense LU with partial pivoting on row-major Float64Arrays: the policy evaluations and the
 * least-squares potential of c_min are n×n solves, and one factorisation serves many rewards.
 */

export interface Lu {
  readonly n: number;
  /** L (unit lower, below the diagonal) and U, overwriting the input. */
  readonly lu: Float64Array;
  /** Row i of PA is row perm[i] of A. */
  readonly perm: Int32Array;
}

/** Factor `a` (n×n, row-major) in place: PA = LU. Throws RangeError when singular. */
export function luFactor(a: Float64Array, n: number): Lu {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let k = 0; k < n; k++) {
    let p = k;
    let max = Math.abs(a[k * n + k]!);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]!);
      if (v > max) {
        max = v;
        p = i;
      }
    }
    if (max === 0) throw new RangeError('singular matrix');
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = a[k * n + j]!;
        a[k * n + j] = a[p * n + j]!;
        a[p * n + j] = t;
      }
      const t = perm[k]!;
      perm[k] = perm[p]!;
      perm[p] = t;
    }
    const pivot = a[k * n + k]!;
    const rowK = k * n;
    for (let i = k + 1; i < n; i++) {
      const rowI = i * n;
      const f = a[rowI + k]! / pivot;
      a[rowI + k] = f;
      if (f !== 0) for (let j = k + 1; j < n; j++) a[rowI + j]! -= f * a[rowK + j]!;
    }
  }
  return { n, lu: a, perm };
}

/** x with A x = b. */
export function luSolve({ n, lu, perm }: Lu, b: ArrayLike<number>, x = new Float64Array(n)): Float64Array {
  for (let i = 0; i < n; i++) {
    let s = b[perm[i]!]!;
    for (let j = 0; j < i; j++) s -= lu[i * n + j]! * x[j]!;
    x[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let j = i + 1; j < n; j++) s -= lu[i * n + j]! * x[j]!;
    x[i] = s / lu[i * n + i]!;
  }
  return x;
}
