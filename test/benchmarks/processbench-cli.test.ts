import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { readRun } from '../cli/fixtures/cli.js';
import { compareRuns } from '../cli/fixtures/shard.js';
import { cliIn } from '../support/in-process.js';
import { root, tmp, writeJsonl } from '../support/helpers.js';

// `rewardgauge run --suite processbench` end to end on the built-in data, with PRMs given as
// precomputed step scores (the `scores:` adapter), and the errors a user meets.

const rows = readFileSync(join(root, 'datasets', 'processbench.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { id: string; steps: string[]; label: number });

/** A PRM that knows the labels: .9 before the first error, .1 at it, .3 after. */
const oracle = (r: (typeof rows)[number]): number[] => r.steps.map((_, k) => (r.label < 0 || k < r.label ? 0.9 : k === r.label ? 0.1 : 0.3));

function scoresFile(dir: string, name: string, score: (r: (typeof rows)[number]) => number | number[]) {
  return writeJsonl(
    dir,
    name,
    rows.map((r) => ({ item: r.id, candidate: 'solution', score: score(r) })),
  );
}

const args = (dir: string, suite: string, model: string) => [
  'run',
  '--suite',
  suite,
  '--model',
  model,
  '--out',
  join(dir, 'out'),
  '--no-cache',
  '--bootstrap',
  '50',
];

t.test('an oracle PRM scores F1 1 and AUC 1 on every subset; ?threshold= reaches the suite', async (t) => {
  const dir = tmp(t);
  const model = `scores:${scoresFile(dir, 'oracle.jsonl', oracle)}`;
  const r = await cliIn(args(dir, 'processbench', model));
  t.equal(r.code, 0, r.stderr);
  const run = readRun(join(dir, 'out'));
  for (const subset of ['all', 'gsm8k', 'math', 'olympiadbench', 'omnimath']) {
    for (const metric of ['f1', 'accuracy_erroneous', 'accuracy_correct', 'step_auc', 'best_threshold_f1']) {
      t.equal(run.results.find((x) => x.subset === subset && x.metric === metric)?.value, 1, `${subset} ${metric}`);
    }
    // .1 < τ ≤ .9 separates; the smallest observed labelled score above .1 is .9.
    t.equal(run.results.find((x) => x.subset === subset && x.metric === 'best_threshold')?.value, 0.9, `${subset} best_threshold`);
  }
  t.match(readFileSync(join(dir, 'out', 'scores.jsonl'), 'utf8'), /"series":\{"labeled_steps":\[/);
  t.ok(existsSync(join(dir, 'out', 'index.html')));

  // At .95 every step is below the threshold: each sample is flagged at step 0, so no correct sample is right.
  const high = await cliIn(args(join(dir, 'h'), 'processbench?threshold=0.95', model));
  t.equal(high.code, 0, high.stderr);
  const f1 = readRun(join(dir, 'h', 'out')).results.find((x) => x.subset === 'all' && x.metric === 'f1');
  t.equal(f1?.value, 0);
});

t.test(
  'a scalar model is left out of processbench beside a PRM, a usage error (exit 2) alone; a wrong number of step scores is a model error (exit 3)',
  async (t) => {
    const dir = tmp(t);
    const scalar = await cliIn(args(dir, 'processbench', 'heuristic:length'));
    t.equal(scalar.code, 2, scalar.stderr);
    t.match(scalar.stderr, /suite processbench needs a process reward model .* no model of this run returned step scores \("length"\)/);
    t.notOk(existsSync(join(dir, 'out', 'run.json')), 'nothing measured, nothing written');

    // Beside a PRM (the oracle, F1 1): the run goes on, the scalar model has no processbench rows and says why.
    const both = await cliIn([...args(join(dir, 'b'), 'processbench', 'heuristic:length'), '--model', `scores:${scoresFile(dir, 'oracle.jsonl', oracle)}`]);
    t.equal(both.code, 0, both.stderr);
    const run = readRun(join(dir, 'b', 'out'));
    t.same([...new Set(run.results.map((r) => r.model))], ['oracle'], 'only the PRM has rows');
    t.equal(run.results.find((r) => r.model === 'oracle' && r.subset === 'all' && r.metric === 'f1')?.value, 1);
    t.match(run.models.find((m) => m.id === 'length')?.warnings, [
      /processbench: model "length" returned one score per response, not one per step, so it is left out/,
    ]);
    // A model that gives step scores for some responses and one score for others is a broken PRM: refused as before.
    const mixed = await cliIn(args(join(dir, 'm'), 'processbench', `scores:${scoresFile(dir, 'mixed.jsonl', (r) => (r.id === 'gsm8k-0' ? 0.5 : oracle(r)))}`));
    t.equal(mixed.code, 2, mixed.stderr);
    t.match(mixed.stderr, /returned one score \(0\.5\) for item "gsm8k-0" candidate "solution" of suite processbench .*which needs one score per step/);
    const short = await cliIn(
      args(
        dir,
        'processbench',
        `scores:${scoresFile(dir, 'short.jsonl', (r) =>
          oracle(r)
            .slice(1)
            .concat(r.id === 'gsm8k-0' ? [] : [0.5]),
        )}`,
      ),
    );
    t.equal(short.code, 3, short.stderr);
    t.match(short.stderr, /returned \d+ step scores for item "gsm8k-0" candidate "solution" of suite processbench .*, which has \d+ steps/);
    t.notOk(existsSync(join(dir, 'out', 'run.json')), 'nothing written');
  },
);

t.test('bad data: exit 2 naming file, line and field', async (t) => {
  const dir = tmp(t);
  const base = { id: 'x-1', problem: 'p', steps: ['a', 'b'], label: -1 };
  const cases: [object, RegExp][] = [
    [{ ...base, label: 2 }, /bad\.jsonl:2 field "label": 2 is past the last step: expected −1 or an index below 2/],
    [{ ...base, label: -2 }, /bad\.jsonl:2 field "label"/],
    [{ ...base, steps: [] }, /bad\.jsonl:2 field "steps"/],
    [{ id: 'x-1', problem: 'p', label: 0 }, /bad\.jsonl:2 field "steps"/],
  ];
  for (const [row, message] of cases) {
    const data = writeJsonl(dir, 'bad.jsonl', [{ ...base, id: 'x-0' }, row]);
    const r = await cliIn(['run', '--suite', 'processbench', '--data', data, '--model', 'heuristic:length', '--out', join(dir, 'out'), '--no-cache']);
    t.equal(r.code, 2, r.stderr);
    t.match(r.stderr, message);
  }
});

t.test('a run without --suite leaves processbench out (scalar models would fail it)', async (t) => {
  const dir = tmp(t);
  const r = await cliIn(['run', '--model', 'heuristic:length', '--out', join(dir, 'out'), '--no-cache', '--bootstrap', '10']);
  t.equal(r.code, 0, r.stderr);
  t.notOk(
    readRun(join(dir, 'out')).suites.some((s) => s.id.startsWith('processbench')),
    'not in the default suites',
  );
});

t.test('shards merge to the unsharded run (series travel in scores.jsonl); the gate reads a pooled metric back; step text is escaped', async (t) => {
  const dir = tmp(t);
  // A noisy PRM: the oracle with every third step's score swapped for .5.
  const model = `scores:${scoresFile(dir, 'noisy.jsonl', (r) => oracle(r).map((s, k) => (k % 3 === 2 ? 0.5 : s)))}`;
  const common = ['--suite', 'processbench', '--model', model, '--bootstrap', '60', '--no-cache', '--quiet'];
  for (const [out, shard] of [['full'], ['s1', '1/2'], ['s2', '2/2']] as const) {
    const r = await cliIn(['run', ...common, ...(shard ? ['--shard', shard] : []), '--out', join(dir, out)]);
    t.equal(r.code, 0, `${out}: ${r.stderr}`);
  }
  const m = await cliIn(['merge', join(dir, 's1'), join(dir, 's2'), '--out', join(dir, 'merged'), '--quiet']);
  t.equal(m.code, 0, m.stderr);
  compareRuns(t, readRun(join(dir, 'merged')), readRun(join(dir, 'full')));

  const policy = join(dir, 'policy.json');
  writeFileSync(policy, JSON.stringify({ rules: [{ suite: 'processbench', metric: 'step_auc', noSignificantDrop: { alpha: 0.05 } }] }));
  const g = await cliIn(['gate', join(dir, 'full'), '--policy', policy, '--baseline', join(dir, 'merged')]);
  t.equal(g.code, 0, g.stdout + g.stderr);
  t.match(g.stdout, /PASS .*noSignificantDrop .*n = 300 shared items/, 'the gate pairs the 300 samples by their labels and re-pools their steps');

  const hostile = writeJsonl(dir, 'hostile.jsonl', [
    { id: 'h-1', problem: '<img src=x onerror=alert(1)>', steps: ['<script>alert(1)</script>', 'fine'], label: 0 },
    { id: 'h-2', problem: 'q', steps: ['ok'], label: -1 },
  ]);
  const hs = writeJsonl(dir, 'hs.jsonl', [
    { item: 'h-1', candidate: 'solution', score: [0.9, 0.9] },
    { item: 'h-2', candidate: 'solution', score: [0.1] },
  ]);
  const h = await cliIn(['run', '--suite', 'processbench', '--data', hostile, '--model', `scores:${hs}`, '--out', join(dir, 'h'), '--no-cache', '--quiet']);
  t.equal(h.code, 0, h.stderr);
  const html = readFileSync(join(dir, 'h', 'index.html'), 'utf8');
  t.notMatch(html, /<script>alert\(1\)<\/script>|<img src=x/, 'dataset text is escaped in the drill-down');
  t.match(html, /&lt;script&gt;alert\(1\)/, 'and it is shown');
});
