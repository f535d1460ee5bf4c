import t, { type Test } from 'tap';
import { dard, epic, min, uniformValues, val } from '../../src/metrics/starc/canonical.js';
import { dardDistance, epicDistance, pearsonMatrix, standardise, starcDistance, starcMatrix } from '../../src/metrics/starc/distance.js';
import { expectedReward, makeMdp } from '../../src/metrics/starc/mdp.js';
import { normalisedRegret, optimalPolicy } from '../../src/metrics/starc/regret.js';

// The worked example of REFERENCES.md §3: two states, two actions, γ = 0.9, flat index 4s + 2a + s′.

const mdp = makeMdp(2, 2, 0.9, new Float64Array([0.9, 0.1, 0.1, 0.9, 0.1, 0.9, 0.9, 0.1]));
const R1 = new Float64Array([0, 1, 0, 1, 0, 1, 0, 1]);
const R2 = new Float64Array([0, 11, 0, 11, -10, 1, -10, 1]);
const R3 = new Float64Array([0.1, 0.1, 0.9, 0.9, 0.9, 0.9, 0.1, 0.1]);
const R4 = R1.map((x) => -x);
const R5 = new Float64Array([1, 1, 0, 0, 1, 1, 0, 0]);
const eps = 1e-6;

const close = (t: Test, got: ArrayLike<number>, want: readonly number[], what: string) => {
  t.equal(got.length, want.length, `${what}: length`);
  const worst = Math.max(...want.map((w, i) => Math.abs(got[i]! - w)));
  t.ok(worst <= eps, `${what}: [${Array.from(got, (x) => x.toFixed(6)).join(', ')}] within ${eps} of [${want.join(', ')}]`);
};

t.test('R2 is R1 shaped with Φ = [0, 5] and doubled', async (t) => {
  const phi = [0, 5];
  const shaped = R1.map((r, i) => 2 * (r + 0.9 * phi[i % 2]! - phi[Math.floor(i / 4)]!));
  close(t, shaped, Array.from(R2), 'R2');
});

t.test('intermediates', async (t) => {
  close(t, uniformValues(mdp, R1), [5, 5], 'V^π(R1)');
  close(
    t,
    epic(mdp, R1),
    Array.from(R1, (x) => x - 0.5),
    'C_EPIC(R1)',
  );
  close(
    t,
    dard(mdp, R1),
    Array.from(R1, (x) => x - 0.5),
    'C_DARD(R1)',
  );
  close(t, val(mdp, R1), [-0.4, -0.4, 0.4, 0.4, 0.4, 0.4, -0.4, -0.4], 'c_VAL(R1)');
  const s = 0.353553;
  close(t, standardise(mdp, val(mdp, R1), 'l2'), [-s, -s, s, s, s, s, -s, -s], 's_VAL(R1)');
  close(t, min(mdp, R1), [-0.497314, -0.055257, 0.008995, 0.080958, 0.055257, 0.497314, -0.080958, -0.008995], 'c_min(R1)');
});

const table: [string, Float64Array, { epic: number; dard: number; starcEpic: number; val: number; valWeighted: number; min: number; regret: number }][] = [
  ['R1,R2', R2, { epic: 0, dard: 0, starcEpic: 0, val: 0, valWeighted: 0, min: 0, regret: 0 }],
  ['R1,R3', R3, { epic: 0.707107, dard: 0.707107, starcEpic: 1.414214, val: 0, valWeighted: 0, min: 0, regret: 0 }],
  ['R1,R4', R4, { epic: 1, dard: 1, starcEpic: 2, val: 2, valWeighted: 2, min: 2, regret: 1 }],
  ['R1,R5', R5, { epic: 0.707107, dard: 0.707107, starcEpic: 1.414214, val: 1.414214, valWeighted: 1.414214, min: 1.414214, regret: 0.5 }],
];

t.test('the table, row by row', async (t) => {
  for (const [pair, R, want] of table) {
    const got = {
      epic: epicDistance(mdp, R1, R),
      dard: dardDistance(mdp, R1, R),
      starcEpic: starcDistance(mdp, R1, R, { canonical: 'epic', norm: 'l2' }),
      val: starcDistance(mdp, R1, R, { canonical: 'val', norm: 'l2' }),
      valWeighted: starcDistance(mdp, R1, R, { canonical: 'val', norm: 'weighted-l2' }),
      min: starcDistance(mdp, R1, R, { canonical: 'min', norm: 'l2' }),
      regret: normalisedRegret(mdp, R1, R),
    };
    for (const k of Object.keys(want) as (keyof typeof want)[]) t.ok(Math.abs(got[k] - want[k]) <= eps, `${pair} ${k}: ${got[k]} ≈ ${want[k]}`);
  }
});

t.test('STARC-EPIC-L2 = 2·D_EPIC, since C_EPIC has mean 0 under the uniform measure', async (t) => {
  const rs = [R1, R2, R3, R4, R5];
  const d = starcMatrix(mdp, rs, { canonical: 'epic', norm: 'l2' });
  const e = pearsonMatrix(mdp, rs, 'epic');
  for (let i = 0; i < rs.length; i++) for (let j = 0; j < rs.length; j++) t.ok(Math.abs(d[i]![j]! - 2 * e[i]![j]!) <= 1e-9, `pair ${i},${j}`);
});

t.test('optimal and worst policies for R1, and the lowest-index tie rule', async (t) => {
  const rb = expectedReward(mdp, R1);
  t.same(Array.from(optimalPolicy(mdp, rb).policy), [1, 0], 'head for state 1 from both states');
  t.same(Array.from(optimalPolicy(mdp, rb, { minimise: true }).policy), [0, 1], 'the worst policy heads for state 0');
  const flat = optimalPolicy(mdp, new Float64Array(4));
  t.same(Array.from(flat.policy), [0, 0], 'a constant reward ties every action: action 0 everywhere');
  t.equal(normalisedRegret(mdp, new Float64Array(8).fill(3), R1), 0, 'denominator 0: regret 0');
});
