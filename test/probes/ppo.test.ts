import t from 'tap';
import { consensusShares, featureNames, finalAnswer, poolFeatures } from '../../src/probes/features.js';
import { logPolicy, PPO_DEFAULTS, surrogateGradient, trainPpo, type PolicyProblem, type Rollout } from '../../src/probes/ppo.js';

/** Two prompts × three candidates × two features, by hand. */
const tiny = (): PolicyProblem => ({
  width: 2,
  features: [Float64Array.from([1, 0, 0, 1, -1, -1]), Float64Array.from([0.5, 0.5, -0.5, 0, 0, -0.5])],
  base: [new Float64Array(3), Float64Array.from([Math.log(0.5), Math.log(0.25), Math.log(0.25)])],
  reward: [Float64Array.from([1, 0, -1]), Float64Array.from([0, 1, 0])],
});

t.test('logPolicy: log-softmax of base + θ·φ', async (t) => {
  const p = tiny();
  const theta = Float64Array.from([0.3, -0.7]);
  // Prompt 1: logits log(0.5) + 0.5·0.3 − 0.5·0.7, log(0.25) − 0.15, log(0.25) + 0.35.
  const z = [Math.log(0.5) - 0.2, Math.log(0.25) - 0.15, Math.log(0.25) + 0.35];
  const lse = Math.log(z.reduce((a, b) => a + Math.exp(b), 0));
  const got = logPolicy(p, 1, theta);
  z.forEach((v, k) => t.ok(Math.abs(got[k]! - (v - lse)) < 1e-12, `candidate ${k}`));
  // θ = 0 on prompt 1 gives back the base probabilities.
  t.ok(Math.abs(Math.exp(logPolicy(p, 1, new Float64Array(2))[0]!) - 0.5) < 1e-12);
});

/** The clipped surrogate written out directly, to differentiate numerically. */
function surrogate(p: PolicyProblem, theta: Float64Array, rollouts: readonly Rollout[]): number {
  let sum = 0;
  for (const r of rollouts) {
    const ratio = Math.exp(logPolicy(p, r.prompt, theta)[r.candidate]! - r.oldLogp);
    sum += Math.min(ratio * r.advantage, Math.min(Math.max(ratio, 1 - r.clip), 1 + r.clip) * r.advantage);
  }
  return sum / rollouts.length;
}

t.test('surrogateGradient matches central finite differences of the clipped surrogate', async (t) => {
  const p = tiny();
  const old = Float64Array.from([0.2, 0.1]);
  const mk = (prompt: number, candidate: number, advantage: number): Rollout => ({
    prompt,
    candidate,
    advantage,
    clip: 0.2,
    oldLogp: logPolicy(p, prompt, old)[candidate]!,
  });
  const rollouts = [mk(0, 0, 0.8), mk(0, 2, -0.5), mk(0, 0, 0.3), mk(1, 1, 1.1), mk(1, 2, -0.2)];
  // Away from θ_old, with some ratios clipped and some not.
  for (const theta of [Float64Array.from([0.25, 0.05]), Float64Array.from([0.6, -0.4]), Float64Array.from([-0.3, 0.5])]) {
    const groups = [rollouts.filter((r) => r.prompt === 0), rollouts.filter((r) => r.prompt === 1)];
    const g = surrogateGradient(p, theta, groups, rollouts.length);
    for (let j = 0; j < 2; j++) {
      const h = 1e-6;
      const up = Float64Array.from(theta);
      const down = Float64Array.from(theta);
      up[j]! += h;
      down[j]! -= h;
      const numeric = (surrogate(p, up, rollouts) - surrogate(p, down, rollouts)) / (2 * h);
      t.ok(Math.abs(g[j]! - numeric) < 1e-6, `θ = [${[...theta]}], ∂/∂θ${j}: ${g[j]} vs ${numeric}`);
    }
  }
});

t.test('trainPpo: seeded, follows the reward, and the KL penalty holds it near π0', async (t) => {
  // 40 prompts × 4 candidates; the reward is feature 0, feature 1 is noise.
  const width = 2;
  const features = Array.from({ length: 40 }, (_, i) => Float64Array.from({ length: 8 }, (_, x) => Math.sin(1.3 * i + 2.1 * x + (x % 2) * 0.7)));
  const problem: PolicyProblem = {
    width,
    features,
    base: features.map(() => new Float64Array(4)),
    reward: features.map((f) => Float64Array.from({ length: 4 }, (_, k) => f[k * width]!)),
  };
  const train = features.map((_, i) => i);
  const meanReward = (theta: Float64Array) =>
    train.reduce((s, i) => s + logPolicy(problem, i, theta).reduce((a, l, k) => a + Math.exp(l) * problem.reward[i]![k]!, 0), 0) / train.length;
  const meanKl = (theta: Float64Array) =>
    train.reduce((s, i) => s + logPolicy(problem, i, theta).reduce((a, l) => a + Math.exp(l) * (l + Math.log(4)), 0), 0) / train.length;
  const o = { ...PPO_DEFAULTS, steps: 30, lr: 0.2, klCoef: 0, seed: 7 };
  const steps: number[] = [];
  const a = trainPpo(problem, train, o, (s) => steps.push(s));
  t.same(steps, [0, 5, 10, 15, 20, 25, 30], 'checkpoints at 0, every 5, and the last');
  t.same([...trainPpo(problem, train, o, () => {})], [...a], 'same seed, same head');
  t.not([...trainPpo(problem, train, { ...o, seed: 8 }, () => {})].join(), [...a].join(), 'another seed, another head');
  t.ok(a[0]! > 1, `the head weights the rewarded feature: θ0 = ${a[0]}`);
  t.ok(meanReward(a) > meanReward(new Float64Array(width)) + 0.3, 'the mean reward rises');
  const held = trainPpo(problem, train, { ...o, klCoef: 5 }, () => {});
  t.ok(meanKl(held) < meanKl(a) / 4, `a large β keeps KL small: ${meanKl(held)} vs ${meanKl(a)}`);
});

t.test('features: final answers, consensus shares, standardised columns', async (t) => {
  t.equal(finalAnswer('so $x = 3$ and the answer is $\\boxed{\\frac{1}{2}}$.'), '\\frac{1}{2}');
  t.equal(finalAnswer('It costs 1,250 dollars, not 12.5'), '12.5', 'without a box, the last number');
  t.equal(finalAnswer('no numbers here'), undefined);
  // Answers 4, 4, 5, none: the two 4s each agree with one of three others.
  t.same(consensusShares(['\\boxed{4}', 'is \\boxed{ 4 }', '\\boxed{5}', 'no idea']), [1 / 3, 1 / 3, 0, 0]);
  const prompts = [
    {
      id: 'a',
      cluster: 'a',
      line: 1,
      messages: [{ role: 'user' as const, content: 'q' }],
      samples: [
        { response: 'Sure! \\boxed{1}', gold: 1 },
        { response: 'maybe 2', gold: 0 },
      ],
    },
    {
      id: 'b',
      cluster: 'b',
      line: 2,
      messages: [{ role: 'user' as const, content: 'q' }],
      samples: [
        { response: '1. step\n2. step\n**Answer:** \\boxed{3}', gold: 1 },
        { response: 'Clearly 3.', gold: 1 },
      ],
    },
  ];
  const f = poolFeatures(prompts);
  const F = featureNames().length;
  t.equal(f[0]!.length, 2 * F);
  for (let j = 0; j < F; j++) {
    const col = [f[0]![j]!, f[0]![F + j]!, f[1]![j]!, f[1]![F + j]!];
    const mean = col.reduce((a, b) => a + b, 0) / 4;
    const sd = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / 4);
    t.ok(Math.abs(mean) < 1e-12 && (sd === 0 || Math.abs(sd - 1) < 1e-12), `column ${featureNames()[j]} standardised`);
  }
});
