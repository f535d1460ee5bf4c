import { DataError } from '../../core/errors.js';
import { describe } from '../../core/data-files.js';
import { flatten, rowSumTolerance, type Mdp, type Reward } from './mdp.js';

/**
 * The MDP file of `rewardgauge distance --mdp`:
 * {"gamma": γ, "transitions": T[S][A][S′], "rewards": {"<name>": R[S][A][S′], …}}.
 * Every problem is a DataError naming the file and the path of the offending element.
 */

export interface MdpFile {
  mdp: Mdp;
  names: string[];
  rewards: Reward[];
}

type Nested = number[][][];

function checkCube(file: string, value: unknown, path: string, S: number, A: number): Nested {
  const fail = (where: string, problem: string): never => {
    throw new DataError({ file, field: where }, problem);
  };
  const arrayOf = (v: unknown, where: string, n: number, what: string): unknown[] => {
    if (!Array.isArray(v)) return fail(where, `expected an array of ${n} ${what}, got ${describe(v)}`);
    if (v.length !== n) return fail(where, `expected an array of ${n} ${what}, got ${v.length}`);
    return v;
  };
  arrayOf(value, path, S, 'states').forEach((perState, s) =>
    arrayOf(perState, `${path}[${s}]`, A, 'actions').forEach((row, a) =>
      arrayOf(row, `${path}[${s}][${a}]`, S, 'numbers (one per next state)').forEach((x, t) => {
        if (typeof x !== 'number' || !Number.isFinite(x)) fail(`${path}[${s}][${a}][${t}]`, `expected a finite number, got ${describe(x)}`);
      }),
    ),
  );
  return value as Nested;
}

export function parseMdpFile(file: string, value: unknown): MdpFile {
  const fail = (field: string | undefined, problem: string): never => {
    throw new DataError({ file, field }, problem);
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    fail(undefined, `expected an object {"gamma", "transitions", "rewards"}, got ${describe(value)}`);
  const o = value as Record<string, unknown>;
  const gamma = o.gamma;
  if (typeof gamma !== 'number' || !(gamma >= 0 && gamma < 1)) fail('gamma', `expected a discount in [0, 1), got ${describe(gamma)}`);
  const T = o.transitions;
  if (!Array.isArray(T) || T.length === 0)
    fail('transitions', `expected a non-empty array T[state][action][next state], got ${Array.isArray(T) ? 'an empty array' : describe(T)}`);
  const S = (T as unknown[]).length;
  const first = (T as unknown[])[0];
  if (!Array.isArray(first) || first.length === 0)
    fail('transitions[0]', `expected a non-empty array of actions, got ${Array.isArray(first) ? 'an empty array' : describe(first)}`);
  const A = (first as unknown[]).length;
  const transitions = checkCube(file, T, 'transitions', S, A);
  transitions.forEach((perState, s) =>
    perState.forEach((row, a) => {
      row.forEach((p, t) => {
        if (p < 0) fail(`transitions[${s}][${a}][${t}]`, `a probability cannot be negative, got ${p}`);
      });
      const sum = row.reduce((x, y) => x + y, 0);
      if (Math.abs(sum - 1) > rowSumTolerance) fail(`transitions[${s}][${a}]`, `probabilities sum to ${sum}, not 1 (within ${rowSumTolerance})`);
    }),
  );
  const R = o.rewards;
  if (R === null || typeof R !== 'object' || Array.isArray(R))
    fail('rewards', `expected an object of named rewards R[state][action][next state], got ${describe(R)}`);
  const names = Object.keys(R as object);
  if (names.length === 0) fail('rewards', 'no rewards: expected at least one named reward');
  const rewards = names.map((name) => flatten(checkCube(file, (R as Record<string, unknown>)[name], `rewards.${name}`, S, A)));
  const mdp: Mdp = { states: S, actions: A, gamma: gamma as number, transitions: flatten(transitions) };
  return { mdp, names, rewards };
}
