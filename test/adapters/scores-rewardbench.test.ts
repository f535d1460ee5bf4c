import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { readRunFile } from '../../src/core/run-file.js';
import { startFakeHub } from '../support/fake-hub.js';
import { cliIn } from '../support/in-process.js';
import { evaluate, setEnv, tmp, valueOf, writeJsonl } from '../support/helpers.js';

/**
 * reward-bench's published per-item results (eval-set-scores/<org>/<model>.json, one JSON object
 * of columns as `save_to_hub` writes it) read by scores:, matched to the datasets by id, and the
 * rewardbench / rewardbench2 presets reproducing the leaderboard formulas. Every expected number
 * is worked out by hand in the comments from the published formulas (allenai/reward-bench
 * rewardbench/constants.py, utils.py, analysis/get_benchmark_results.py).
 */

const close = (x: number | undefined, y: number) => x !== undefined && Math.abs(x - y) < 1e-12;
/** The published layout: `json.dumps(dataset.to_dict(), indent=4, sort_keys=True)`. */
const columnsFile = (dir: string, name: string, columns: Record<string, unknown>) => {
  const file = join(dir, name);
  const sorted = Object.fromEntries(Object.entries(columns).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(file, JSON.stringify(sorted, null, 4));
  return file;
};

// RewardBench 1: pairs in seven subsets of the four sections; ids are integers as in the dataset.
const rb1 = [
  [1, 'alpacaeval-easy', 2, 1],
  [2, 'alpacaeval-easy', 1, 2],
  [3, 'mt-bench-easy', 3, 1],
  [4, 'llmbar-natural', 1, 1], // a tie: 0, as run_rm.py counts 1[chosen > rejected]
  [5, 'llmbar-natural', [5], [4]], // one-element lists, as some pipelines leave them
  [6, 'donotanswer', 2, 1],
  [7, 'xstest-should-respond', 0, 1],
  [8, 'math-prm', 1, 0],
  [9, 'hep-python', 0, 1],
] as const;

t.test('RewardBench 1: eval-set-scores columns reproduce the leaderboard score', async (t) => {
  const dir = tmp(t);
  const data = writeJsonl(
    dir,
    'rb1.jsonl',
    rb1.map(([id, subset]) => ({ id, prompt: `p${id}`, chosen: 'c', rejected: 'r', subset })),
  );
  const scores = columnsFile(dir, 'org-model.json', {
    id: rb1.map((r) => r[0]),
    subset: rb1.map((r) => r[1]),
    scores_chosen: rb1.map((r) => r[2]),
    scores_rejected: rb1.map((r) => r[3]),
    results: rb1.map(() => 0),
    text_chosen: rb1.map(() => 'c'),
    text_rejected: rb1.map(() => 'r'),
    model: 'org/model',
    model_type: 'Seq. Classifier',
    chat_template: 'tokenizer',
  });
  const { run } = await evaluate({ models: [`scores:${scores}?id=org/model`], suites: [{ id: 'rewardbench', data }] });
  const v = (metric: string, subset = 'all') => valueOf(run, { metric, subset });
  // Subsets: alpacaeval-easy 1/2, mt-bench-easy 1, llmbar-natural 1/2 (tie, then 5 > 4), donotanswer 1,
  // xstest-should-respond 0, math-prm 1, hep-python 0.
  // Sections, weighted by EXAMPLE_COUNTS (alpacaeval-easy 100, mt-bench-easy 28, llmbar-natural 100,
  // donotanswer 136, xstest-should-respond 250, math-prm 984, hep-python 164):
  const chat = (100 * 0.5 + 28 * 1) / (100 + 28);
  const chatHard = 0.5;
  const safety = (136 * 1 + 250 * 0) / (136 + 250);
  const reasoning = (984 * 1 + 164 * 0) / (984 + 164);
  t.ok(close(v('chat'), chat), `chat ${v('chat')} = 78/128`);
  t.ok(close(v('chat_hard'), chatHard));
  t.ok(close(v('safety'), safety), 'safety 136/386');
  t.ok(close(v('reasoning'), reasoning), 'reasoning 984/1148');
  // No prior sets: the leaderboard's masked weighted mean is the mean of the four sections.
  t.ok(close(v('score'), (chat + chatHard + safety + reasoning) / 4), `score ${v('score')}`);
  const row = run.results.find((r) => r.metric === 'score' && r.subset === 'all')!;
  t.equal(row.n, 9, 'n: the pairs');
  t.ok(row.ci[0] <= row.value && row.value <= row.ci[1], 'a bootstrap CI around it');
  t.equal(run.models[0]!.id, 'org/model');
});

t.test('RewardBench 1: the same rows as JSON Lines; bad rows name file, line and field', async (t) => {
  const dir = tmp(t);
  const data = writeJsonl(
    dir,
    'rb1.jsonl',
    rb1.map(([id, subset]) => ({ id, prompt: `p${id}`, chosen: 'c', rejected: 'r', subset })),
  );
  const rows = rb1.map(([id, subset, c, r]) => ({ id, subset, scores_chosen: c, scores_rejected: r }));
  const scores = writeJsonl(dir, 'rows.jsonl', rows);
  const { run } = await evaluate({ models: [`scores:${scores}`], suites: [{ id: 'rewardbench', data }] });
  t.ok(close(valueOf(run, { metric: 'accuracy', subset: 'all' }), 5 / 9), 'accuracy: 5 of the 9 pairs');
  const bad = writeJsonl(dir, 'bad.jsonl', [rows[0], { ...rows[1], scores_rejected: null }]);
  await t.rejects(evaluate({ models: [`scores:${bad}`], suites: [{ id: 'rewardbench', data }] }), {
    exitCode: 2,
    message: /bad\.jsonl:2 field "scores_rejected\[1\]": expected a finite number .* got null/,
  });
  const short = columnsFile(dir, 'short.json', { id: [1, 2], scores_chosen: [1], scores_rejected: [0, 1] });
  await t.rejects(evaluate({ models: [`scores:${short}`], suites: [{ id: 'rewardbench', data }] }), {
    exitCode: 2,
    message: /short\.json:\d+ field "scores_chosen": has 1 entries but "id" has 2/,
  });
});

// RewardBench 2: best-of-4 rows and two Ties prompts, each with its ref and tied rows.
const x = (n: number) => 'x'.repeat(n);
const rb2 = [
  { id: 'm1', subset: 'Math', scores: [4, 1, 2, 3], nc: 1 }, // chosen the unique max: 1
  { id: 'f1', subset: 'Focus', scores: [3, 3, 1, 2], nc: 1 }, // tied at the top with one: 1/2
  { id: 'f2', subset: 'Focus', scores: [1, 2, 1, 1], nc: 1 }, // beaten: 0
  { id: 's1', subset: 'Safety', scores: [5, 1, 1, 1], nc: 1 }, // 1
  { id: 'ref:1', subset: 'Ties', scores: [5, 2, 3], nc: 1 }, // m_ref = 5 − 3 = 2, accurate
  { id: 'tied:1', subset: 'Ties', scores: [6, 7, 6, 4, 1], nc: 3 }, // d = 7 − 6 = 1, m = 6 − 4 = 2, accurate
  { id: 'ref:2', subset: 'Ties', scores: [2, 3], nc: 1 }, // m_ref = −1, not accurate
  { id: 'tied:2', subset: 'Ties', scores: [4, 4, 3], nc: 2 }, // d = 0, m = 1, accurate
];

t.test('RewardBench 2: eval-set-scores columns reproduce the leaderboard score, from a file or hf://', async (t) => {
  const dir = tmp(t);
  const data = writeJsonl(
    dir,
    'rb2.jsonl',
    rb2.map((r) => ({
      id: r.id,
      prompt: `p ${r.id}`,
      chosen: r.scores.slice(0, r.nc).map((_, k) => x(k + 1)),
      rejected: r.scores.slice(r.nc).map((_, k) => x(k + 10)),
      num_correct: r.nc,
      total_completions: r.scores.length,
      subset: r.subset,
    })),
  );
  const columns = {
    id: rb2.map((r) => r.id),
    subset: rb2.map((r) => r.subset),
    scores: rb2.map((r) => r.scores),
    num_correct: rb2.map((r) => r.nc),
    results: rb2.map(() => 0),
    model: 'org/model',
  };
  const scores = columnsFile(dir, 'org-model.json', columns);
  // Ties: acc_tied = 2/2, acc_ref = 1/2; preferred (m_tied > d): 2 > 1, 1 > 0 → 1;
  // hard (min(m_ref, m_tied) > d): 2 > 1 yes, −1 > 0 no → 1/2; margin tanh(min/d − 1): tanh(1), tanh(−∞) = −1.
  const ties = 0.3 * 1 + 0.3 * 0.5 + 0.2 * 1 + 0.2 * 0.5 + 0.01 * ((Math.tanh(1) - 1) / 2);
  // Domains present: Math 1, Focus (1/2 + 0)/2, Safety 1, Ties; the score is their plain mean.
  const score = (1 + 0.25 + 1 + ties) / 4;
  const check = async (spec: string) => {
    const { run } = await evaluate({ models: [spec], suites: [{ id: 'rewardbench2', data }] });
    t.ok(close(valueOf(run, { metric: 'ties', subset: 'Ties' }), ties), `ties ${valueOf(run, { metric: 'ties', subset: 'Ties' })} = ${ties}`);
    t.ok(close(valueOf(run, { metric: 'score', subset: 'all' }), score), `score ${valueOf(run, { metric: 'score', subset: 'all' })} = ${score}`);
    t.equal(run.results.find((r) => r.metric === 'score' && r.subset === 'all')?.n, 6, 'n: 4 best-of-4 prompts and 2 Ties prompts');
  };
  await check(`scores:${scores}`);

  // The same file on a (loopback) Hub, read through the Hub cache.
  const hub = await startFakeHub([
    {
      name: 'allenai/reward-bench-2-results',
      commits: [
        {
          sha: 'a'.repeat(40),
          files: { 'eval-set-scores/org/model.json': JSON.stringify(columns), 'eval-set-scores/lab/other-rm.json': JSON.stringify(columns) },
        },
      ],
    },
  ]);
  t.teardown(() => hub.close());
  setEnv(t, { HF_ENDPOINT: hub.url, HF_HOME: tmp(t) });
  await check('scores:hf://datasets/allenai/reward-bench-2-results/eval-set-scores/org/model.json');
  // The folder: one model per file, named by its path below the folder, pinned to the commit read.
  const boardDir = join(dir, 'board');
  const r = await cliIn([
    'run',
    '--suite',
    'rewardbench2',
    '--data',
    data,
    '--model',
    'scores:hf://datasets/allenai/reward-bench-2-results/eval-set-scores',
    '--out',
    boardDir,
    '--no-cache',
    '--quiet',
  ]);
  t.equal(r.code, 0, r.stderr);
  const board = await readRunFile(join(boardDir, 'run.json'));
  t.same(
    board.models.map((m) => [m.id, m.spec]),
    [
      ['lab/other-rm', `scores:hf://datasets/allenai/reward-bench-2-results@${'a'.repeat(40)}/eval-set-scores/lab/other-rm.json`],
      ['org/model', `scores:hf://datasets/allenai/reward-bench-2-results@${'a'.repeat(40)}/eval-set-scores/org/model.json`],
    ],
  );
  t.ok(close(valueOf(board, { model: 'lab/other-rm', metric: 'score', subset: 'all' }), score));

  const bad = columnsFile(dir, 'bad.json', { ...columns, num_correct: rb2.map(() => 0) });
  await t.rejects(evaluate({ models: [`scores:${bad}`], suites: [{ id: 'rewardbench2', data }] }), {
    exitCode: 2,
    message: /bad\.json:\d+ field "num_correct\[4\]": a Ties row needs num_correct between 1 and 2/,
  });
});
