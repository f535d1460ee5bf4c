import { Rng } from '../core/random.js';

/**
 * PPO on a restricted policy class, cheap enough for CI. For prompt i the policy is a softmax
 * over the pool's N candidates, logits_ik = base_ik + θ·φ_ik: base log-probabilities (0 when the
 * pool has none) plus one linear head θ over response features, shared by every prompt. Each
 * iteration draws rollouts from π_old, rewards them with r − β(log π_old − log π_0) (the KL
 * penalty to the initial policy, as in Ziegler et al. 2019), and takes gradient steps on the
 * clipped surrogate E[min(ρA, clip(ρ, 1 − ε, 1 + ε)A)], ρ = π_θ/π_old. The critic is exact: the
 * value of a prompt is the expectation of that penalised reward under π_old over all N
 * candidates, so advantages carry no value-fitting noise. Plain gradient ascent, not Adam:
 * Adam's per-coordinate scaling moves every feature with a steady gradient sign equally fast,
 * whatever the strength of its signal, so the order in which the policy picks up what the RM
 * rewards (the shape of the gold curve) would reflect the optimizer rather than the RM.
 * All randomness comes from `seed`.
 */

export interface PpoOptions {
  /** PPO iterations (rollout, then update). */
  steps: number;
  /** Samples drawn from π_old per training prompt per iteration. */
  rollouts: number;
  /** Passes of gradient steps over each iteration's rollouts. */
  epochs: number;
  minibatches: number;
  /** Step size of plain gradient ascent. */
  lr: number;
  /** ε of the clipped surrogate. */
  clip: number;
  /** β: weight of the KL penalty to the initial policy. */
  klCoef: number;
  /** Checkpoint after every this many iterations (and at 0 and the last). */
  every: number;
  seed: number;
}

export const PPO_DEFAULTS: Omit<PpoOptions, 'seed'> = { steps: 100, rollouts: 4, epochs: 4, minibatches: 4, lr: 0.05, clip: 0.2, klCoef: 0.01, every: 5 };

export interface PolicyProblem {
  /** Features per prompt, candidate-major: φ_ik[j] = features[i][k·F + j]. */
  features: Float64Array[];
  /** F, the number of features. */
  width: number;
  /** Initial logits per prompt (log-probabilities, or zeros for uniform). */
  base: Float64Array[];
  /** The proxy reward per prompt and candidate (on a fixed scale: it is what PPO maximises). */
  reward: Float64Array[];
}

/** log π(·|i) for head θ: a log-softmax of base + θ·φ, stable by the max shift. */
export function logPolicy(problem: PolicyProblem, i: number, theta: Float64Array): Float64Array {
  const phi = problem.features[i]!;
  const base = problem.base[i]!;
  const F = problem.width;
  const z = new Float64Array(base.length);
  let max = -Infinity;
  for (let k = 0; k < base.length; k++) {
    let s = base[k]!;
    for (let j = 0, o = k * F; j < F; j++) s += theta[j]! * phi[o + j]!;
    z[k] = s;
    if (s > max) max = s;
  }
  let sum = 0;
  for (let k = 0; k < z.length; k++) sum += Math.exp(z[k]! - max);
  const lse = max + Math.log(sum);
  for (let k = 0; k < z.length; k++) z[k] = z[k]! - lse;
  return z;
}

export interface Rollout {
  prompt: number;
  candidate: number;
  oldLogp: number;
  advantage: number;
  clip: number;
}

/** Rollouts for one iteration: candidates drawn from π_old with their exact-critic advantages. */
function collect(problem: PolicyProblem, train: readonly number[], theta: Float64Array, logp0: Float64Array[], o: PpoOptions, rng: Rng): Rollout[][] {
  const out: Rollout[][] = [];
  for (const i of train) {
    const group: Rollout[] = [];
    out.push(group);
    const logp = logPolicy(problem, i, theta);
    const r = problem.reward[i]!;
    const shaped = logp.map((l, k) => r[k]! - o.klCoef * (l - logp0[i]![k]!));
    let value = 0;
    for (let k = 0; k < logp.length; k++) value += Math.exp(logp[k]!) * shaped[k]!;
    for (let m = 0; m < o.rollouts; m++) {
      let u = rng.next();
      let k = 0;
      while (k < logp.length - 1 && (u -= Math.exp(logp[k]!)) >= 0) k++;
      group.push({ prompt: i, candidate: k, oldLogp: logp[k]!, advantage: shaped[k]! - value, clip: o.clip });
    }
  }
  return out;
}

/**
 * ∇θ of the minibatch's mean clipped surrogate, over `batch` rollouts grouped by prompt (one
 * softmax and one E_π[φ] per prompt); a clipped rollout contributes nothing.
 */
export function surrogateGradient(problem: PolicyProblem, theta: Float64Array, batch: readonly (readonly Rollout[])[], size: number): Float64Array {
  const F = problem.width;
  const grad = new Float64Array(F);
  for (const group of batch) {
    const i = group[0]!.prompt;
    const logp = logPolicy(problem, i, theta);
    const phi = problem.features[i]!;
    // ∇ρ_k = ρ_k ∇log π_k, and ∇log π_k = φ_k − E_π[φ]: weight each candidate's φ once.
    const weight = new Float64Array(logp.length);
    let total = 0;
    let active = false;
    for (const s of group) {
      const ratio = Math.exp(logp[s.candidate]! - s.oldLogp);
      if ((s.advantage >= 0 && ratio > 1 + s.clip) || (s.advantage < 0 && ratio < 1 - s.clip)) continue;
      const w = (s.advantage * ratio) / size;
      weight[s.candidate]! += w;
      total += w;
      active = true;
    }
    if (!active) continue;
    for (let k = 0; k < logp.length; k++) {
      const c = weight[k]! - total * Math.exp(logp[k]!);
      for (let j = 0, o = k * F; j < F; j++) grad[j]! += c * phi[o + j]!;
    }
  }
  return grad;
}

/** 0 … n−1 in a seeded random order (Fisher–Yates). */
function shuffled(rng: Rng, n: number): number[] {
  const a = Array.from({ length: n }, (_, k) => k);
  for (let k = n - 1; k > 0; k--) {
    const j = rng.int(k + 1);
    [a[k], a[j]] = [a[j]!, a[k]!];
  }
  return a;
}

/**
 * Train the head on the `train` prompts; `checkpoint(step, θ, log π₀)` is called at step 0, after every
 * `every` iterations and after the last. Returns the final head.
 */
export function trainPpo(
  problem: PolicyProblem,
  train: readonly number[],
  o: PpoOptions,
  checkpoint: (step: number, theta: Float64Array, logp0: readonly Float64Array[]) => void,
): Float64Array {
  const F = problem.width;
  const theta = new Float64Array(F);
  const logp0 = problem.features.map((_, i) => logPolicy(problem, i, theta));
  const rng = new Rng(o.seed);
  checkpoint(0, theta, logp0);
  for (let step = 1; step <= o.steps; step++) {
    const rollouts = collect(problem, train, theta, logp0, o, rng);
    for (let e = 0; e < o.epochs; e++) {
      // Minibatches of whole prompts, each with all its rollouts.
      const order = shuffled(rng, rollouts.length);
      const size = Math.ceil(order.length / o.minibatches);
      for (let b = 0; b < order.length; b += size) {
        const batch = order.slice(b, b + size).map((k) => rollouts[k]!);
        const g = surrogateGradient(
          problem,
          theta,
          batch,
          batch.reduce((n, r) => n + r.length, 0),
        );
        for (let j = 0; j < F; j++) theta[j]! += o.lr * g[j]!;
      }
    }
    if (step % o.every === 0 || step === o.steps) checkpoint(step, theta, logp0);
  }
  return theta;
}
