import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { tmp } from '../support/helpers.js';

import { cliIn } from '../support/in-process.js';

// `rewardgauge distance --mdp`: the JSON contract on the worked example of REFERENCES.md §3,
// the tables, and exit 2 with the file and the element's path for each kind of bad file.

const dir = tmp(t);
const T = [
  [
    [0.9, 0.1],
    [0.1, 0.9],
  ],
  [
    [0.1, 0.9],
    [0.9, 0.1],
  ],
];
const rewards = {
  R1: [
    [
      [0, 1],
      [0, 1],
    ],
    [
      [0, 1],
      [0, 1],
    ],
  ],
  R2: [
    [
      [0, 11],
      [0, 11],
    ],
    [
      [-10, 1],
      [-10, 1],
    ],
  ],
  R3: [
    [
      [0.1, 0.1],
      [0.9, 0.9],
    ],
    [
      [0.9, 0.9],
      [0.1, 0.1],
    ],
  ],
  R4: [
    [
      [0, -1],
      [0, -1],
    ],
    [
      [0, -1],
      [0, -1],
    ],
  ],
  R5: [
    [
      [1, 1],
      [0, 0],
    ],
    [
      [1, 1],
      [0, 0],
    ],
  ],
};
const write = (name: string, value: unknown): string => {
  const p = join(dir, name);
  writeFileSync(p, typeof value === 'string' ? value : JSON.stringify(value));
  return p;
};
const example = write('example.json', { gamma: 0.9, transitions: T, rewards });

type Matrix = Record<string, Record<string, number>>;
const expectRow = (t: Test, m: Matrix, want: Record<string, number>, what: string) => {
  for (const [b, v] of Object.entries(want)) t.ok(Math.abs(m.R1![b]! - v) <= 1e-6, `${what} R1,${b}: ${m.R1![b]} ≈ ${v}`);
};

t.test('--json: one object with the canonicalisation, norm, distances, EPIC and regret of the worked example', async (t) => {
  const r = await cliIn(['distance', '--mdp', example, '--json']);
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stderr, '');
  const out = JSON.parse(r.stdout) as { canonical: string; norm: string; distances: Matrix; epic: Matrix; regret: Matrix; dard: Matrix };
  t.same(Object.keys(out), ['canonical', 'norm', 'distances', 'epic', 'regret', 'dard'], "the contract's keys, then DARD");
  t.equal(out.canonical, 'val', 'default --canonical val');
  t.equal(out.norm, 'l2', 'default --norm l2');
  t.same(Object.keys(out.distances), Object.keys(rewards));
  t.same(Object.keys(out.distances.R3!), Object.keys(rewards));
  expectRow(t, out.distances, { R1: 0, R2: 0, R3: 0, R4: 2, R5: 1.414214 }, 'STARC-VAL-L2');
  expectRow(t, out.epic, { R1: 0, R2: 0, R3: 0.707107, R4: 1, R5: 0.707107 }, 'EPIC');
  expectRow(t, out.regret, { R1: 0, R2: 0, R3: 0, R4: 1, R5: 0.5 }, 'regret');
  // REFERENCES.md §3: DARD's Pearson distance equals EPIC's on this example.
  expectRow(t, out.dard, { R1: 0, R2: 0, R3: 0.707107, R4: 1, R5: 0.707107 }, 'DARD');
  for (const a of Object.keys(rewards))
    for (const b of Object.keys(rewards)) t.ok(Math.abs(out.distances[a]![b]! - out.distances[b]![a]!) < 1e-12, `symmetric ${a},${b}`);
});

t.test('the other columns of the table through the flags', async (t) => {
  const cases: [string, string, Record<string, number>][] = [
    ['epic', 'l2', { R2: 0, R3: 1.414214, R4: 2, R5: 1.414214 }],
    ['val', 'weighted-l2', { R2: 0, R3: 0, R4: 2, R5: 1.414214 }],
    ['min', 'l2', { R2: 0, R3: 0, R4: 2, R5: 1.414214 }],
  ];
  for (const [canonical, norm, want] of cases) {
    const r = await cliIn(['distance', '--mdp', example, '--canonical', canonical, '--norm', norm, '--json']);
    t.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { canonical: string; norm: string; distances: Matrix };
    t.match(out, { canonical, norm });
    expectRow(t, out.distances, want, `STARC-${canonical}-${norm}`);
  }
});

t.test('without --json: readable tables of the same numbers', async (t) => {
  const r = await cliIn(['distance', '--mdp', example, '--canonical', 'dard', '--norm', 'linf']);
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /STARC distance \(canonicalisation dard, norm linf/);
  t.match(r.stdout, /EPIC distance/);
  t.match(r.stdout, /Normalised regret/);
  t.match(r.stdout, /^R1\s+0\.000000\s+0\.000000\s+0\.707107\s+1\.000000\s+0\.707107$/m, 'the EPIC row of R1');
  t.match(r.stdout, /^R1\s+0\.000000\s+0\.000000\s+0\.000000\s+1\.000000\s+0\.500000$/m, 'the regret row of R1');
});

t.test('invalid files exit 2 with the file and the path of the offending element', async (t) => {
  const ok = { gamma: 0.9, transitions: T, rewards };
  const cases: [string, unknown, RegExp][] = [
    [
      'row-sum',
      {
        ...ok,
        transitions: [
          T[0],
          [
            [0.1, 0.9],
            [0.5, 0.4],
          ],
        ],
      },
      /field "transitions\[1\]\[1\]": probabilities sum to 0\.9/,
    ],
    ['row-sum-10', { ...ok, transitions: [T[0], [[0.2, 0.9], T[1]![1]]] }, /field "transitions\[1\]\[0\]": probabilities sum to 1\.1/],
    ['negative', { ...ok, transitions: [[[1.5, -0.5], T[0]![1]], T[1]] }, /field "transitions\[0\]\[0\]\[1\]": a probability cannot be negative/],
    [
      'ragged-reward',
      {
        ...ok,
        rewards: {
          ...rewards,
          R2: [
            [
              [0, 11],
              [0, 11, 3],
            ],
            [
              [-10, 1],
              [-10, 1],
            ],
          ],
        },
      },
      /field "rewards\.R2\[0\]\[1\]": expected an array of 2 numbers/,
    ],
    ['ragged-actions', { ...ok, transitions: [T[0], [[0.1, 0.9]]] }, /field "transitions\[1\]": expected an array of 2 actions, got 1/],
    ['ragged-states', { ...ok, rewards: { R1: rewards.R1.slice(0, 1) } }, /field "rewards\.R1": expected an array of 2 states, got 1/],
    ['gamma-1', { ...ok, gamma: 1 }, /field "gamma": expected a discount in \[0, 1\), got number 1/],
    ['gamma-negative', { ...ok, gamma: -0.1 }, /field "gamma": expected a discount in \[0, 1\)/],
    ['gamma-string', { ...ok, gamma: '0.9' }, /field "gamma": expected a discount in \[0, 1\), got string "0\.9"/],
    ['gamma-missing', { transitions: T, rewards }, /field "gamma"/],
    ['no-rewards', { ...ok, rewards: {} }, /field "rewards": no rewards/],
    ['rewards-array', { ...ok, rewards: [rewards.R1] }, /field "rewards": expected an object of named rewards/],
    [
      'not-a-number',
      {
        ...ok,
        rewards: {
          R1: [
            [
              [0, 'x'],
              [0, 1],
            ],
            [
              [0, 1],
              [0, 1],
            ],
          ],
        },
      },
      /field "rewards\.R1\[0\]\[0\]\[1\]": expected a finite number, got string "x"/,
    ],
    ['null', { ...ok, transitions: [T[0], [[0.1, null], T[1]![1]]] }, /field "transitions\[1\]\[0\]\[1\]": expected a finite number, got null/],
    ['no-transitions', { ...ok, transitions: [] }, /field "transitions": expected a non-empty array/],
    ['top-level', [1, 2], /expected an object/],
    ['bad-json', '{"gamma": 0.9,', /invalid JSON/],
  ];
  for (const [name, value, message] of cases) {
    const file = write(`${name}.json`, value);
    const r = await cliIn(['distance', '--mdp', file, '--json']);
    t.equal(r.code, 2, `${name}: exit 2`);
    t.match(r.stderr, message, `${name}: ${r.stderr.trim()}`);
    t.match(r.stderr, `${name}.json`, `${name}: names the file`);
    t.equal(r.stdout, '', `${name}: nothing on stdout`);
  }
  const missing = await cliIn(['distance', '--mdp', join(dir, 'absent.json')]);
  t.equal(missing.code, 2);
  t.match(missing.stderr, /absent\.json: file not found/);
});

t.test('usage errors exit 2', async (t) => {
  const none = await cliIn(['distance']);
  t.equal(none.code, 2);
  t.match(none.stderr, /--mdp FILE.*--model SPEC.*--suite SUITE/);
  const canonical = await cliIn(['distance', '--mdp', example, '--canonical', 'pearson']);
  t.equal(canonical.code, 2);
  t.match(canonical.stderr, /--canonical must be one of epic, dard, val, min, got "pearson"/);
  const norm = await cliIn(['distance', '--mdp', example, '--norm', 'l3']);
  t.equal(norm.code, 2);
  t.match(norm.stderr, /--norm must be one of l1, l2, linf, weighted-l2/);
  const both = await cliIn(['distance', '--mdp', example, '--model', 'heuristic:length']);
  t.equal(both.code, 2);
  t.match(both.stderr, /--mdp and --model/);
  const help = await cliIn(['distance', '--help']);
  t.equal(help.code, 0);
  for (const flag of [
    '--mdp',
    '--canonical',
    '--norm',
    '--json',
    '--model',
    '--gold',
    '--suite',
    '--data',
    '--out',
    '--seed',
    '--bootstrap',
    '--concurrency',
    '--batch-size',
    '--cache-dir',
    '--no-cache',
    '--quiet',
  ]) {
    t.match(help.stdout, flag, `help lists ${flag}`);
  }
});
