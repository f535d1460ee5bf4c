import t from 'tap';
import { startFakeHub } from '../support/fake-hub.js';
import { evaluate, setEnv, tmp, valueOf } from '../support/helpers.js';
import { jsonl, rb2Parquet, sha } from './fixtures.js';

// The presets' default data comes from the Hub (here the loopback one, through HF_ENDPOINT):
// `--suite rewardbench2` with no --data, and rewardbench's prior sets as data parts, each split
// of allenai/pref-test-sets becoming a subset. Expected values by hand (heuristic:length).
const x = (n: number) => 'x'.repeat(n);
const rb2 = (id: string, subset: string, chosen: number[], rejected: number[]) => ({
  id,
  prompt: `prompt ${id}`,
  chosen: chosen.map(x),
  rejected: rejected.map(x),
  num_correct: chosen.length,
  total_completions: chosen.length + rejected.length,
  subset,
});
const pair = (subset: string, chosen: number, rejected: number) => ({
  prompt: `p ${subset} ${chosen} ${rejected}`,
  chosen: x(chosen),
  rejected: x(rejected),
  subset,
});

t.test('rewardbench2 and rewardbench?prior=include read their default data from the Hub', async (t) => {
  const hub = await startFakeHub([
    {
      name: 'allenai/reward-bench-2',
      commits: [
        {
          sha: sha('a'),
          files: {
            'data/test-00000-of-00001.parquet': rb2Parquet([
              rb2('m1', 'Math', [4], [1, 2, 3]),
              rb2('ref:1', 'Ties', [5], [2, 3]),
              rb2('tied:1', 'Ties', [6, 7, 6], [4, 1]),
            ]),
          },
        },
      ],
    },
    {
      name: 'allenai/reward-bench',
      commits: [
        {
          sha: sha('b'),
          files: {
            'data/filtered-00000-of-00001.jsonl': jsonl([
              { id: 1, ...pair('alpacaeval-easy', 5, 3) },
              { id: 2, ...pair('hep-go', 2, 3) },
            ]),
          },
        },
      ],
    },
    {
      name: 'allenai/pref-test-sets',
      commits: [
        {
          sha: sha('c'),
          files: {
            // The reference renames a split's own `subset` column: the split name is the subset.
            'data/anthropic_helpful-00000-of-00001.jsonl': jsonl([{ ...pair('x', 3, 1), subset: 'helpful-base' }]),
            'data/shp-00000-of-00001.jsonl': jsonl([pair('x', 1, 3)]),
            'data/summarize-00000-of-00001.jsonl': jsonl([pair('x', 4, 2)]),
            'data/anthropic_harmless-00000-of-00001.jsonl': jsonl([pair('x', 1, 2)]),
            'data/anthropic_hhh-00000-of-00001.jsonl': jsonl([pair('x', 2, 2)]),
            'data/mtbench_gpt4-00000-of-00001.jsonl': jsonl([pair('x', 5, 2)]),
            'data/mtbench_human-00000-of-00001.jsonl': jsonl([pair('x', 5, 2)]),
          },
        },
      ],
    },
  ]);
  t.teardown(() => hub.close());
  setEnv(t, { HF_ENDPOINT: hub.url, HF_HOME: tmp(t), HF_HUB_CACHE: '', HF_HUB_OFFLINE: '', HF_TOKEN: '' });

  const { run: r2 } = await evaluate({ models: ['heuristic:length'], suites: [{ id: 'rewardbench2' }] });
  // Math: 4 beats 1, 2, 3 → 1. Ties: ref m = 5 − 3 = 2, tied d = 7 − 6 = 1, m = 6 − 4 = 2: every term 1 but the last, tanh(2/1 − 1).
  const ties = 0.3 + 0.3 + 0.2 + 0.2 + 0.01 * Math.tanh(1);
  t.ok(Math.abs(valueOf(r2, { metric: 'score' })! - (1 + ties) / 2) < 1e-12);
  t.strictSame(r2.suites[0]!.source, { uri: 'hf://datasets/allenai/reward-bench-2@main/test', commit: sha('a') });

  const { run: r1 } = await evaluate({ models: ['heuristic:length'], suites: [{ id: 'rewardbench' }] });
  // chat = alpacaeval-easy = 1, reasoning = hep-go = 0; the other sections have no rows.
  t.equal(valueOf(r1, { metric: 'score' }), 0.5);

  const { run: withPrior } = await evaluate({ models: ['heuristic:length'], suites: [{ id: 'rewardbench', options: { prior: 'include' } }] });
  const v = (metric: string, subset = 'all') => valueOf(withPrior, { metric, subset });
  t.equal(v('accuracy', 'anthropic_helpful'), 1, 'the split name, not the row’s own subset column');
  t.equal(v('accuracy', 'anthropic_hhh'), 0, 'a tie is wrong');
  t.equal(v('accuracy', 'mtbench_gpt4'), 1, 'reported, though not a prior set');
  // prior sets = mean(helpful 1, hhh 0, shp 0, summarize 1) = ½; score = (2·1 + 2·0 + 1·½) / 5.
  t.equal(v('prior_sets'), 0.5);
  t.equal(v('score'), 2.5 / 5);
  const suite = withPrior.suites[0]!;
  t.equal(suite.items, 2 + 7);
  t.equal(suite.source?.parts?.length, 8, 'the filtered split and seven prior splits');
  t.same(suite.source?.parts?.[1], { uri: 'hf://datasets/allenai/pref-test-sets/anthropic_harmless', commit: sha('c'), subset: 'anthropic_harmless' });
  t.equal(suite.source?.commit, `${sha('b')} + ${sha('c')}`);
});
