import t from 'tap';
import { baselineModelFor, selectRows } from '../../src/gate/select.js';
import type { GateRule } from '../../src/gate/policy-schema.js';
import { accuracy, binary, error, items, macro, makeRun } from './fixtures/runs.js';

// Which result rows a rule selects, what it says when that is nothing, and which baseline model it compares with.

const perSubset = (k: number): string => (k % 2 === 0 ? 'easy' : 'hard');
const suiteItems = () => ({
  pairwise: items(binary(10, 7), { subset: perSubset }),
  robust: items(binary(4, 1), { metric: 'error' }),
});
const { run } = makeRun({
  suites: [
    { id: 'pairwise', metrics: [accuracy, macro] },
    { id: 'robust', metrics: [error] },
  ],
  models: [
    { id: 'bow-1', items: suiteItems() },
    { id: 'bow-2', items: suiteItems() },
    { id: 'cow', items: suiteItems() },
    { id: 'length', baseline: true, items: suiteItems() },
  ],
});
const picked = (rule: GateRule): string[] => selectRows(run, rule).rows.map((r) => `${r.model}/${r.suite}/${r.subset}/${r.metric}`);

t.test('defaults: every non-baseline model, every suite, subset all, each suite’s primary metric', async (t) => {
  t.same(picked({ min: 0 }), [
    'bow-1/pairwise/all/accuracy',
    'bow-1/robust/all/error',
    'bow-2/pairwise/all/accuracy',
    'bow-2/robust/all/error',
    'cow/pairwise/all/accuracy',
    'cow/robust/all/error',
  ]);
});

t.test('wildcards inside a pattern, and baselines', async (t) => {
  t.same(picked({ model: 'bow-*', suite: 'pairwise', min: 0 }), ['bow-1/pairwise/all/accuracy', 'bow-2/pairwise/all/accuracy']);
  t.same(
    picked({ model: '*', suite: 'pairwise', min: 0 }).filter((r) => r.startsWith('length')),
    [],
    'a pattern skips the baseline model',
  );
  t.same(picked({ model: 'len*', suite: 'pairwise', min: 0 }), [], 'even a pattern that matches only it');
  t.same(picked({ model: 'length', suite: 'pairwise', min: 0 }), ['length/pairwise/all/accuracy'], 'naming it exactly selects it');
  t.same(picked({ model: 'cow', suite: 'pairwise', subset: '*', metric: 'accuracy', min: 0 }), [
    'cow/pairwise/all/accuracy',
    'cow/pairwise/easy/accuracy',
    'cow/pairwise/hard/accuracy',
  ]);
  t.same(picked({ model: 'cow', suite: 'p*', metric: 'accuracy*', min: 0 }), ['cow/pairwise/all/accuracy', 'cow/pairwise/all/accuracy_macro']);
});

t.test('a rule that selects nothing says why, and what there is', async (t) => {
  const typo = selectRows(run, { suite: 'pairwise', metric: 'accurcy', min: 0.6 });
  t.same(typo.rows, []);
  t.equal(typo.problem, 'no result matches model=* suite=pairwise subset=all metric=accurcy; available metrics: accuracy, accuracy_macro');
  t.equal(
    selectRows(run, { suite: 'pairwsie', min: 0 }).problem,
    'no result matches model=* suite=pairwsie subset=all metric=(primary); available suites: pairwise, robust',
  );
  t.match(selectRows(run, { subset: 'medium', min: 0 }).problem, /; available subsets: all, easy, hard$/);
  t.equal(
    selectRows(run, { model: 'bear', min: 0 }).problem,
    'no result matches model=bear suite=* subset=all metric=(primary); available models: bow-1, bow-2, cow, length (baseline)',
  );
  t.match(
    selectRows(run, { model: 'len*', min: 0 }).problem,
    /the models matching "len\*" \(length\) are all marked baseline, which a pattern with \* skips; name one exactly/,
  );
});

t.test('the baseline-run model: baselineModel, else the same id, else the only non-baseline model', async (t) => {
  const one = makeRun({
    suites: [{ id: 'pairwise' }],
    models: [
      { id: 'prod', items: suiteItems() },
      { id: 'length', baseline: true, items: suiteItems() },
    ],
  }).run;
  const two = makeRun({
    suites: [{ id: 'pairwise' }],
    models: [
      { id: 'prod', items: suiteItems() },
      { id: 'cow', items: suiteItems() },
    ],
  }).run;
  t.same(baselineModelFor(two, 'cow', { maxDrop: 0 }), { model: 'cow' }, 'same id');
  t.same(baselineModelFor(one, 'candidate', { maxDrop: 0 }), { model: 'prod' }, 'the only non-baseline model');
  t.same(baselineModelFor(one, 'length', { maxDrop: 0 }), { model: 'length' }, 'same id wins even for a baseline model');
  t.same(baselineModelFor(two, 'candidate', { maxDrop: 0, baselineModel: 'prod' }), { model: 'prod' }, 'baselineModel');
  const ambiguous = baselineModelFor(two, 'candidate', { maxDrop: 0 });
  t.same(ambiguous, { problem: 'the baseline run has no model "candidate" and 2 non-baseline models (prod, cow): set "baselineModel" in the rule' });
  t.match(baselineModelFor(two, 'cow', { maxDrop: 0, baselineModel: 'prdo' }), { problem: /no model "prdo" \(baselineModel\); its models: prod, cow/ });
});
