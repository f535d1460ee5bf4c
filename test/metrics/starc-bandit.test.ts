import t from 'tap';
import { Rng } from '../../src/core/random.js';
import { centre, standardise, starcAll, starcDistance, type Scores } from '../../src/metrics/starc/bandit.js';
import { centredPearson, epicFromPearson } from '../support/oracles/starc.js';

// The reference's worked example (REFERENCES.md §3, "Contextual bandit"): 2 prompts × 3 responses, uniform π.
const A = [
  [1, 2, 3],
  [0, 0, 6],
];
const B = [
  [11, 12, 13],
  [-5, -4, -3],
];
const C = [
  [3, 2, 1],
  [6, 0, 0],
];
const close = (t: { ok: (v: boolean, m: string) => unknown }, got: number, want: number, msg: string, eps = 1e-6) =>
  t.ok(Math.abs(got - want) <= eps, `${msg}: ${got} ≈ ${want}`);
const map = (s: Scores, f: (r: number, x: number, y: number) => number) => s.map((row, x) => row.map((r, y) => f(r, x, y)));

t.test('acceptance values from the reference', async (t) => {
  t.same(centre(A), [
    [-1, 0, 1],
    [-2, -2, 4],
  ]);
  close(t, starcDistance(A, B), 0.65656, 'd(A,B)');
  close(t, centredPearson(A, B), 0.784465, 'ρ(A,B)');
  close(t, starcAll(A, B).epic, 0.32828, 'EPIC(A,B)');
  close(t, epicFromPearson(centredPearson(A, B)), 0.32828, 'EPIC from ρ');
  close(t, starcDistance(A, C), 1.754116, 'd(A,C)');
  close(t, centredPearson(A, C), -0.538462, 'ρ(A,C)');
  close(
    t,
    starcDistance(
      A,
      map(A, (r) => 2 * r + 7),
    ),
    0,
    'd(A, 2A+7)',
  );
  // d = sqrt(2 − 2ρ) for L2
  close(t, starcDistance(A, C), Math.sqrt(2 - 2 * centredPearson(A, C)), 'd = sqrt(2−2ρ)');
  // standardised has unit weighted L2 norm: mean of squares = 1
  const s = standardise(A).flat();
  close(t, s.reduce((a, e) => a + e * e, 0) / s.length, 1, '‖s(A)‖ = 1');
});

t.test('invariances: per-prompt shift and one global positive scale are ignored; per-prompt scale is not', async (t) => {
  const shifted = map(A, (r, x) => r + [100, -3][x]!);
  close(t, starcDistance(A, shifted), 0, 'per-prompt shift');
  close(
    t,
    starcDistance(
      A,
      map(A, (r) => 0.01 * r),
    ),
    0,
    'global scale',
  );
  t.ok(
    starcDistance(
      A,
      map(A, (r, x) => r * [1, 3][x]!),
    ) > 1e-3,
    'per-prompt scale difference counts',
  );
  close(
    t,
    starcDistance(
      A,
      map(A, (r) => -r),
    ),
    2,
    'negation is the far end of [0, 2]',
  );
  close(
    t,
    starcDistance(
      A,
      map(A, () => 5),
    ),
    1,
    'a constant reward standardises to 0: distance 1 from any other',
  );
});

t.test('reference weights and unequal candidate counts', async (t) => {
  const ragged = [
    [1, 2],
    [0, 4, 8, 0],
  ];
  const other = [
    [2, 1],
    [1, 5, 6, 0],
  ];
  const d = starcAll(ragged, other);
  // Independent: uniform prompt weights ½, then 1/n per candidate.
  const mu = [
    [0.25, 0.25],
    [0.125, 0.125, 0.125, 0.125],
  ];
  const cen = (s: Scores) => s.map((row) => row.map((r) => r - row.reduce((a, b) => a + b, 0) / row.length));
  const norm = (c: number[][]) => Math.sqrt(c.flatMap((row, x) => row.map((e, y) => mu[x]![y]! * e * e)).reduce((a, b) => a + b, 0));
  const ca = cen(ragged);
  const cb = cen(other);
  const diff = ca.map((row, x) => row.map((e, y) => e / norm(ca) - cb[x]![y]! / norm(cb)));
  close(t, d.l2, norm(diff), 'ragged L2');
  close(
    t,
    d.l1,
    diff.flatMap((row, x) => row.map((e, y) => mu[x]![y]! * Math.abs(e))).reduce((a, b) => a + b, 0),
    'ragged L1',
  );
  close(t, d.linf, Math.max(...diff.flat().map(Math.abs)), 'ragged L∞');
  // A reference that puts all mass on the first candidate centres on it.
  t.same(centre([[3, 5, 9]], [[1, 0, 0]]), [[0, 2, 6]]);
  close(t, starcAll([[1, 2]], [[2, 0]], { reference: [[1, 1]] }).l2, 2, 'two-candidate flip');
  // Prompt weights as multiplicities: doubling a prompt equals listing it twice.
  const twice = starcAll([...A, A[0]!], [...C, C[0]!]);
  const weighted = starcAll(A, C, { promptWeights: [2, 1] });
  close(t, weighted.l2, twice.l2, 'weights = duplicated prompts (L2)');
  close(t, weighted.l1, twice.l1, 'weights = duplicated prompts (L1)');
});

t.test('metric properties on random inputs: symmetry, triangle inequality, L2 in [0, 2]', async (t) => {
  const rng = new Rng(7);
  const sizes = [2, 3, 5, 1, 4];
  const draw = () => sizes.map((n) => Array.from({ length: n }, () => rng.next() * 10 - 5));
  let checked = 0;
  for (let trial = 0; trial < 200; trial++) {
    const [a, b, c] = [draw(), draw(), draw()];
    for (const norm of ['l2', 'l1', 'linf'] as const) {
      const ab = starcDistance(a, b, { norm });
      const ba = starcDistance(b, a, { norm });
      const ac = starcDistance(a, c, { norm });
      const cb = starcDistance(c, b, { norm });
      if (Math.abs(ab - ba) > 1e-12) t.fail(`asymmetric ${norm}`);
      if (ab > ac + cb + 1e-12) t.fail(`triangle inequality broken (${norm})`);
      if (norm === 'l2' && (ab < 0 || ab > 2 + 1e-12)) t.fail(`L2 out of [0, 2]: ${ab}`);
      checked++;
    }
    const all = starcAll(a, b);
    if (Math.abs(all.epic - epicFromPearson(centredPearson(a, b))) > 1e-9) t.fail('EPIC ≠ sqrt((1−ρ)/2)');
  }
  t.equal(checked, 600);
});
