/**
 * How fast STARC distances and regret run on a dense tabular MDP.
 *
 *   npx tsx scripts/bench-distance.ts [--states 500 --actions 8 --rewards 10 --seed 1]
 *
 * Workload: a dense random MDP (every T(s,a,·) a normalised vector of uniform draws, γ = 0.9)
 * and `--rewards` Gaussian rewards, half of them potential-shaped and rescaled copies of others
 * so that some distances are 0. Timed: building the MDP (validation), all pairwise STARC-VAL-L2
 * distances, all pairwise EPIC (Pearson) distances, and the regret matrix (optimal and worst
 * policy per reward by policy iteration, then every cross evaluation). The last line printed
 * is a JSON object.
 */
import { Rng } from '../src/core/random.js';
import { pearsonMatrix, starcMatrix } from '../src/metrics/starc/distance.js';
import { makeMdp } from '../src/metrics/starc/mdp.js';
import { regretAnalysis } from '../src/metrics/starc/regret.js';

const arg = (name: string, fallback: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1]! : fallback);
const S = Number(arg('--states', '500'));
const A = Number(arg('--actions', '8'));
const K = Number(arg('--rewards', '10'));
const rng = new Rng(Number(arg('--seed', '1')));
const gamma = 0.9;

const time = <T>(f: () => T): [number, T] => {
  const t0 = performance.now();
  const out = f();
  return [(performance.now() - t0) / 1000, out];
};

const T = new Float64Array(S * A * S);
for (let row = 0; row < S * A; row++) {
  let sum = 0;
  for (let t = 0; t < S; t++) sum += T[row * S + t] = rng.next();
  for (let t = 0; t < S; t++) T[row * S + t]! /= sum;
}
const [mdpSeconds, mdp] = time(() => makeMdp(S, A, gamma, T));
const rewards: Float64Array[] = [];
for (let k = 0; k < K; k++) {
  const r = new Float64Array(S * A * S);
  if (k % 2 === 1) {
    // 3·(R_{k−1} + γΦ(s′) − Φ(s)): distance 0 to its predecessor.
    const phi = Float64Array.from({ length: S }, () => rng.normal());
    const prev = rewards[k - 1]!;
    for (let i = 0; i < r.length; i++) {
      const s = Math.floor(i / (A * S));
      r[i] = 3 * (prev[i]! + gamma * phi[i % S]! - phi[s]!);
    }
  } else for (let i = 0; i < r.length; i++) r[i] = rng.normal();
  rewards.push(r);
}

const [starcSeconds, d] = time(() => starcMatrix(mdp, rewards, { canonical: 'val', norm: 'l2' }));
const [epicSeconds] = time(() => pearsonMatrix(mdp, rewards, 'epic'));
const [regretSeconds, reg] = time(() => regretAnalysis(mdp, rewards));
const total = starcSeconds + regretSeconds;
const f = (x: number) => x.toFixed(3);
console.log(`MDP ${S} states × ${A} actions (dense, γ = ${gamma}), ${K} rewards, ${(K * (K - 1)) / 2} pairs`);
console.log(`validate MDP            ${f(mdpSeconds)} s`);
console.log(`STARC-VAL-L2, all pairs ${f(starcSeconds)} s   d(R0,R1) = ${d[0]![1]!.toExponential(2)}, d(R0,R2) = ${d[0]![2]!.toFixed(4)}`);
console.log(`EPIC Pearson, all pairs ${f(epicSeconds)} s`);
console.log(`regret, all pairs       ${f(regretSeconds)} s   regret[0][2] = ${reg.regret[0]![2]!.toFixed(4)}`);
console.log(`VAL-L2 + regret         ${f(total)} s`);
console.log(JSON.stringify({ states: S, actions: A, rewards: K, mdpSeconds, starcSeconds, epicSeconds, regretSeconds, totalSeconds: total }));
