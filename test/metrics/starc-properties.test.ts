import t from 'tap';
import { Rng } from '../../src/core/random.js';
import { advantages, canonicalKinds, type CanonicalKind } from '../../src/metrics/starc/canonical.js';
import { pearsonMatrix, starcDistance, starcMatrix } from '../../src/metrics/starc/distance.js';
import { expectedReward, makeMdp, type Mdp } from '../../src/metrics/starc/mdp.js';
import { normKinds, type NormKind } from '../../src/metrics/starc/norms.js';
import { evaluate, policyRows, uniformRows } from '../../src/metrics/starc/policy-eval.js';
import { regretAnalysis } from '../../src/metrics/starc/regret.js';

// Invariances, metric axioms and the regret bound of README.md on seeded random MDPs.

function randomMdp(rng: Rng, o: { sparse?: boolean } = {}): Mdp {
  const S = 2 + rng.int(6);
  const A = 2 + rng.int(3);
  const gamma = [0, 0.5, 0.9, 0.95][rng.int(4)]!;
  const T = new Float64Array(S * A * S);
  for (let row = 0; row < S * A; row++) {
    let sum = 0;
    for (let t = 0; t < S; t++) sum += T[row * S + t] = o.sparse && rng.next() < 0.5 ? 0 : rng.next();
    if (sum === 0) sum = T[row * S + rng.int(S)] = 1;
    for (let t = 0; t < S; t++) T[row * S + t]! /= sum;
  }
  return makeMdp(S, A, gamma, T);
}

const randomReward = (rng: Rng, m: Mdp): Float64Array => Float64Array.from({ length: m.transitions.length }, () => rng.normal());

/** k·(R + γΦ(s′) − Φ(s)). */
function shaped(rng: Rng, m: Mdp, r: Float64Array): Float64Array {
  const phi = Array.from({ length: m.states }, () => 3 * rng.normal());
  const k = 0.1 + 10 * rng.next();
  return r.map((x, i) => k * (x + m.gamma * phi[i % m.states]! - phi[Math.floor(i / (m.actions * m.states))]!));
}

/** R + N with E_{T(s,a)} N(s,a,·) = 0 for every (s,a): an S′-redistribution. */
function redistributed(rng: Rng, m: Mdp, r: Float64Array): Float64Array {
  const noise = randomReward(rng, m);
  const mean = expectedReward(m, noise);
  return r.map((x, i) => x + 2 * (noise[i]! - mean[Math.floor(i / m.states)]!));
}

const all: [CanonicalKind, NormKind][] = canonicalKinds.flatMap((c) => normKinds.map((n) => [c, n] as [CanonicalKind, NormKind]));

t.test('potential shaping and positive rescaling: distance 0 for every canonicalisation and norm, and for EPIC/DARD', async (t) => {
  const rng = new Rng(11);
  let worst = 0;
  for (let trial = 0; trial < 40; trial++) {
    const m = randomMdp(rng, { sparse: trial % 2 === 1 });
    const r = randomReward(rng, m);
    const r2 = shaped(rng, m, r);
    for (const [canonical, norm] of all) worst = Math.max(worst, starcDistance(m, r, r2, { canonical, norm }));
    worst = Math.max(worst, pearsonMatrix(m, [r, r2], 'epic')[0]![1]!, pearsonMatrix(m, [r, r2], 'dard')[0]![1]!);
    const { regret } = regretAnalysis(m, [r, r2]);
    t.same(
      regret,
      [
        [0, 0],
        [0, 0],
      ],
      `trial ${trial}: regret 0 both ways`,
    );
  }
  t.ok(worst < 1e-8, `largest distance ${worst}`);
});

t.test('S′-redistribution: 0 for VAL and MIN (every norm), not for EPIC or DARD', async (t) => {
  const rng = new Rng(12);
  for (let trial = 0; trial < 30; trial++) {
    const m = randomMdp(rng, { sparse: trial % 2 === 1 });
    const r = randomReward(rng, m);
    const r2 = redistributed(rng, m, r);
    for (const [canonical, norm] of all) {
      const d = starcDistance(m, r, r2, { canonical, norm });
      if (canonical === 'val' || canonical === 'min') t.ok(d < 1e-8, `trial ${trial} ${canonical}/${norm}: ${d}`);
      else t.ok(d > 1e-3, `trial ${trial} ${canonical}/${norm} sees the redistribution: ${d}`);
    }
    t.ok(pearsonMatrix(m, [r, r2], 'epic')[0]![1]! > 1e-3, `trial ${trial}: D_EPIC > 0`);
    t.ok(pearsonMatrix(m, [r, r2], 'dard')[0]![1]! > 1e-3, `trial ${trial}: D_DARD > 0`);
    t.same(
      regretAnalysis(m, [r, r2]).regret,
      [
        [0, 0],
        [0, 0],
      ],
      `trial ${trial}: regret 0 both ways`,
    );
  }
});

t.test('symmetry, range [0, 2] and the triangle inequality', async (t) => {
  const rng = new Rng(13);
  let checked = 0;
  for (let trial = 0; trial < 15; trial++) {
    const m = randomMdp(rng, { sparse: trial % 3 === 0 });
    const base = randomReward(rng, m);
    // Near and far rewards, so the triangle is tested at several scales.
    const rs = [base, ...[0.05, 0.5, 3].map((e) => base.map((x) => x + e * rng.normal())), randomReward(rng, m)];
    for (const [canonical, norm] of all) {
      const d = starcMatrix(m, rs, { canonical, norm });
      for (let i = 0; i < rs.length; i++) {
        for (let j = 0; j < rs.length; j++) {
          const dij = starcDistance(m, rs[i]!, rs[j]!, { canonical, norm });
          const dji = starcDistance(m, rs[j]!, rs[i]!, { canonical, norm });
          if (Math.abs(dij - dji) > 1e-12 || Math.abs(dij - d[i]![j]!) > 1e-12 || dij < 0 || dij > 2 + 1e-12)
            t.fail(`${canonical}/${norm} ${i},${j}: ${dij} vs ${dji}`);
          for (let k = 0; k < rs.length; k++) {
            checked++;
            if (d[i]![k]! > d[i]![j]! + d[j]![k]! + 1e-12) t.fail(`${canonical}/${norm}: d(${i},${k}) > d(${i},${j}) + d(${j},${k})`);
          }
        }
      }
    }
  }
  t.pass(`${checked} triangles`);
});

/** The regret bound of README.md for one ordered pair, from the uniform-π advantages. */
function bounds(m: Mdp, r1: Float64Array, r2: Float64Array) {
  const { states: S, actions: A, gamma } = m;
  const rows = uniformRows(m);
  const [a1, a2] = [advantages(m, r1, rows), advantages(m, r2, rows)];
  const scaled = (x: Float64Array, n: number) => x.map((v) => (n > 0 ? v / n : v));
  const linf = (x: Float64Array) => x.reduce((acc, v) => Math.max(acc, Math.abs(v)), 0);
  const l2 = (x: Float64Array) => Math.sqrt(S * x.reduce((acc, v) => acc + v * v, 0));
  const span = (x: Float64Array) => {
    let total = 0;
    for (let s = 0; s < S; s++) {
      const row = x.subarray(s * A, (s + 1) * A);
      total += Math.max(...row) - Math.min(...row);
    }
    return total / S;
  };
  const diff = (x: Float64Array, y: Float64Array) => x.map((v, i) => v - y[i]!);
  const [x2, y2] = [scaled(a1, l2(a1)), scaled(a2, l2(a2))];
  const [xi, yi] = [scaled(a1, linf(a1)), scaled(a2, linf(a2))];
  return {
    dataDependent: (2 * linf(diff(x2, y2))) / ((1 - gamma) * span(x2)),
    l2: (2 * S * Math.sqrt(A) * starcDistance(m, r1, r2, { canonical: 'val', norm: 'l2' })) / (1 - gamma),
    linf: (2 * S * starcDistance(m, r1, r2, { canonical: 'val', norm: 'linf' })) / (1 - gamma),
    l1: (2 * S * A * starcDistance(m, r1, r2, { canonical: 'val', norm: 'l1' })) / (1 - gamma),
    weighted: (2 * S * Math.sqrt(A) * starcDistance(m, r1, r2, { canonical: 'val', norm: 'weighted-l2' })) / (1 - gamma),
    // Sanity: the L∞-standardised version of the data-dependent bound is the same number.
    dataDependentLinf: (2 * linf(diff(xi, yi))) / ((1 - gamma) * span(xi)),
  };
}

t.test('normalised regret ≤ the documented bounds (README.md, "Regret bounds"), on 300 random MDPs', async (t) => {
  const rng = new Rng(14);
  let pairs = 0;
  let biting = 0;
  let zeroRegretPositiveDistance = 0;
  for (let trial = 0; trial < 300; trial++) {
    const m = randomMdp(rng, { sparse: trial % 2 === 1 });
    const r1 = randomReward(rng, m);
    const eps = [1e-3, 1e-2, 0.1, 1][trial % 4]!;
    const r2 = r1.map((x) => x + eps * rng.normal());
    const { regret } = regretAnalysis(m, [r1, r2]);
    for (const [a, b, ra, rb] of [
      [0, 1, r1, r2],
      [1, 0, r2, r1],
    ] as const) {
      const reg = regret[a]![b]!;
      const bound = bounds(m, ra, rb);
      pairs++;
      for (const [name, value] of Object.entries(bound)) if (!(reg <= value + 1e-9)) t.fail(`trial ${trial}: regret ${reg} > ${name} bound ${value}`);
      if (reg > 0 && bound.dataDependent < 1) biting++;
      if (reg === 0 && starcDistance(m, ra, rb, { canonical: 'val', norm: 'l2' }) > 1e-6) zeroRegretPositiveDistance++;
    }
  }
  t.ok(biting > 0, `${biting} of ${pairs} pairs have regret > 0 and a bound below 1 (the bound is not vacuous there)`);
  t.ok(zeroRegretPositiveDistance > 0, `${zeroRegretPositiveDistance} pairs have regret 0 at distance > 0: no lower bound on this regret holds`);
});

t.test('iterative policy evaluation agrees with the LU solve, including slowly mixing chains', async (t) => {
  const rng = new Rng(15);
  for (let trial = 0; trial < 20; trial++) {
    // A deterministic cycle mixes not at all, so the sweeps give up and the LU finishes.
    const m =
      trial % 2 === 0
        ? randomMdp(rng)
        : makeMdp(
            5,
            2,
            0.95,
            Float64Array.from({ length: 50 }, (_, i) => (i % 5 === (Math.floor(i / 10) + 1 + (Math.floor(i / 5) % 2)) % 5 ? 1 : 0)),
          );
    const policy = Int32Array.from({ length: m.states }, () => rng.int(m.actions));
    const rhs = [0, 1, 2].map(() => Float64Array.from({ length: m.states }, () => rng.normal()));
    for (const rows of [policyRows(m, policy), uniformRows(m)]) {
      const iterative = evaluate(m, rows, rhs);
      const exact = evaluate(m, rows, rhs, { maxSweeps: 0 });
      const err = Math.max(...iterative.flatMap((v, i) => Array.from(v, (x, s) => Math.abs(x - exact[i]![s]!))));
      t.ok(err < 1e-9, `trial ${trial}: max difference ${err}`);
    }
  }
});

t.test('makeMdp rejects bad shapes, γ and rows', async (t) => {
  t.throws(() => makeMdp(2, 1, 1, new Float64Array([1, 0, 0, 1])), /gamma/);
  t.throws(() => makeMdp(2, 1, 0.5, new Float64Array([0.5, 0.4, 0, 1])), /T\[0\]\[0\] sums to/);
  t.throws(() => makeMdp(2, 1, 0.5, new Float64Array([1.5, -0.5, 0, 1])), /probability -0.5/);
  t.throws(() => makeMdp(2, 1, 0.5, new Float64Array(3)), /expected 4/);
});
