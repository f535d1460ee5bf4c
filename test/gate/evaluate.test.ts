import { appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { DataError, UsageError } from '../../src/core/errors.js';
import { openRun, runGate } from '../../src/gate/evaluate.js';
import type { GateRule } from '../../src/gate/policy-schema.js';
import { tmp } from '../support/helpers.js';
import { binary, error, items, writeRun } from './fixtures/runs.js';

// runGate on hand-made runs: bounds, maxDrop in both metric directions, rules that select
// nothing, and the errors that stop the gate (exit 2) rather than fail it (exit 1).

/** A run with one model `rm` on pairwise (accuracy = ones/200) and robust (error = errors/200). */
const runWith = (dir: string, name: string, ones: number, errors: number, model = 'rm') =>
  writeRun(dir, name, {
    suites: [{ id: 'pairwise' }, { id: 'robust', metrics: [error] }],
    models: [
      { id: model, items: { pairwise: items(binary(200, ones)), robust: items(binary(200, errors), { metric: 'error' }) } },
      { id: 'length', baseline: true, items: { pairwise: items(binary(200, 0)) } },
    ],
  });

async function gate(rules: GateRule[], candidate: string, baseline?: string) {
  return runGate({ run: await openRun(candidate), policy: { rules }, ...(baseline !== undefined && { baseline: await openRun(baseline) }) });
}

const near = (a: number | null, b: number): boolean => a !== null && Math.abs(a - b) <= 1e-12;

t.test('min and max on the value: 140/200 = 0.7', async (t) => {
  const cand = await runWith(tmp(t), 'cand', 140, 10);
  const o = await gate(
    [
      { suite: 'pairwise', min: 0.7, max: 0.7 },
      { suite: 'pairwise', min: 0.71 },
      { suite: 'pairwise', max: 0.69 },
    ],
    cand,
  );
  t.same(
    o.cases.map((c) => [c.ruleName, c.model, c.suite, c.subset, c.metric, c.checks.map((k) => `${k.kind}:${k.pass}`)]),
    [
      ['rule 1', 'rm', 'pairwise', 'all', 'accuracy', ['min:true', 'max:true']],
      ['rule 2', 'rm', 'pairwise', 'all', 'accuracy', ['min:false']],
      ['rule 3', 'rm', 'pairwise', 'all', 'accuracy', ['max:false']],
    ],
    'the baseline model "length" is not selected by the default model "*"',
  );
  t.ok(o.cases.every((c) => near(c.value, 0.7) && near(c.checks[0]!.observed, 0.7)));
  t.same([o.pass, o.checks, o.failed, o.rules], [false, 4, 2, 3]);
  t.equal(o.cases[1]!.checks[0]!.message, 'value 0.7 < min 0.71');
});

t.test('maxDrop, higher is better: baseline 160/200 = 0.8, candidate 156/200 = 0.78, drop 0.02', async (t) => {
  const dir = tmp(t);
  const [base, cand, better] = [await runWith(dir, 'base', 160, 0), await runWith(dir, 'cand', 156, 0), await runWith(dir, 'better', 164, 0)];
  const o = await gate(
    [
      { suite: 'pairwise', maxDrop: 0.02 },
      { suite: 'pairwise', maxDrop: 0.019 },
    ],
    cand,
    base,
  );
  const [at, below] = o.cases.map((c) => c.checks[0]!);
  t.ok(near(at!.observed, 0.02), `drop ${at!.observed}`);
  t.ok(at!.pass, 'a drop of exactly maxDrop passes, though 0.8 − 0.78 is 0.020000000000000018 in floats');
  t.notOk(below!.pass);
  t.same(at!.baseline?.model, 'rm');
  t.ok(near(at!.baseline!.value, 0.8));
  t.match(below!.message, /^drop 0\.02 > maxDrop 0\.019 \(baseline rm 0\.8 → 0\.78, higher is better\)$/);
  const up = (await gate([{ suite: 'pairwise', maxDrop: 0 }], better, base)).cases[0]!.checks[0]!;
  t.ok(near(up.observed, -0.02) && up.pass, `an improvement is a negative drop: ${up.observed}`);
});

t.test('maxDrop, lower is better: error 50/200 = 0.25 at baseline', async (t) => {
  const dir = tmp(t);
  const [base, worse, better] = [await runWith(dir, 'base', 0, 50), await runWith(dir, 'worse', 0, 60), await runWith(dir, 'better', 0, 40)];
  const rules: GateRule[] = [
    { suite: 'robust', maxDrop: 0.04 },
    { suite: 'robust', maxDrop: 0.05 },
  ];
  const w = (await gate(rules, worse, base)).cases.map((c) => c.checks[0]!);
  t.ok(near(w[0]!.observed, 0.05), 'error up 0.25 → 0.30 is a drop of 0.05');
  t.same(
    w.map((c) => c.pass),
    [false, true],
  );
  t.match(w[0]!.message, /lower is better/);
  const b = (await gate([{ suite: 'robust', maxDrop: 0 }], better, base)).cases[0]!.checks[0]!;
  t.ok(near(b.observed, -0.05) && b.pass, `error down 0.25 → 0.20 is a drop of −0.05: ${b.observed}`);
});

t.test('baselineModel, and a baseline run it cannot pick from', async (t) => {
  const dir = tmp(t);
  const base = await runWith(dir, 'base', 160, 0, 'prod');
  const cand = await runWith(dir, 'cand', 150, 0, 'next');
  const auto = (await gate([{ suite: 'pairwise', maxDrop: 0.1 }], cand, base)).cases[0]!.checks[0]!;
  t.same([auto.baseline?.model, auto.pass], ['prod', true], 'the baseline run’s only non-baseline model');
  t.ok(near(auto.observed, 0.05));
  const two = await writeRun(dir, 'two', { suites: [{ id: 'pairwise' }], models: ['a', 'b'].map((id) => ({ id, items: { pairwise: items(binary(10, 5)) } })) });
  const bad = (await gate([{ suite: 'pairwise', maxDrop: 0.1 }], cand, two)).cases[0]!.checks[0]!;
  t.same([bad.pass, bad.observed], [false, null]);
  t.match(bad.message, /set "baselineModel" in the rule/);
  const named = (await gate([{ suite: 'pairwise', maxDrop: 0.1, baselineModel: 'b' }], cand, two)).cases[0]!.checks[0]!;
  t.ok(near(named.observed, 0.5 - 0.75), `against b's 5/10: ${named.observed}`);
  const onlyPairwise = await writeRun(dir, 'only-pairwise', {
    suites: [{ id: 'pairwise' }],
    models: [{ id: 'next', items: { pairwise: items(binary(10, 5)) } }],
  });
  const gap = (await gate([{ suite: 'robust', maxDrop: 0.1 }], cand, onlyPairwise)).cases[0]!.checks[0]!;
  t.same([gap.pass, gap.observed, gap.message], [false, null, 'the baseline run has no result for next / robust / all / error']);
});

t.test('a rule that selects nothing fails with the reason, beside rules that pass', async (t) => {
  const cand = await runWith(tmp(t), 'cand', 140, 10);
  const o = await gate(
    [
      { suite: 'pairwise', min: 0.5 },
      { suite: 'pairwise', metric: 'accurcy', min: 0.6, name: 'typo' },
    ],
    cand,
  );
  t.equal(o.pass, false);
  const c = o.cases[1]!;
  t.same([c.ruleName, c.model, c.suite, c.subset, c.metric, c.value, c.pass], ['typo', '*', 'pairwise', 'all', 'accurcy', null, false]);
  t.same(
    c.checks.map((k) => [k.kind, k.pass, k.observed]),
    [['select', false, null]],
  );
  t.equal(c.checks[0]!.message, 'no result matches model=* suite=pairwise subset=all metric=accurcy; available metrics: accuracy');
  t.same([o.checks, o.failed], [2, 1]);
});

t.test('what stops the gate instead of failing it', async (t) => {
  const dir = tmp(t);
  const cand = await runWith(dir, 'cand', 140, 10);
  await t.rejects(
    gate([{ min: 0 }, { maxDrop: 0.01, name: 'regression' }], cand),
    new UsageError('rule 2 ("regression") has maxDrop, which compares with a baseline run, but none was given (--baseline RUN_DIR)'),
  );
  await t.rejects(gate([{ noSignificantDrop: { alpha: 0.05 } }], cand), {
    message: /rule 1 has noSignificantDrop, which compares with a baseline run, but none was given/,
  });
  await t.rejects(openRun(join(dir, 'nowhere')), { message: /nowhere: no such run folder or run\.json/ });
  await t.rejects(openRun(dir), { message: /run\.json: file not found/ }, 'a folder without run.json');

  const noScores = await runWith(dir, 'no-scores', 140, 10);
  rmSync(join(noScores, 'scores.jsonl'));
  t.equal((await gate([{ suite: 'pairwise', maxDrop: 0.5 }], noScores, cand)).pass, true, 'maxDrop reads run.json only');
  const e = await gate([{ suite: 'pairwise', noSignificantDrop: { alpha: 0.05 } }], noScores, cand).catch((err: unknown) => err);
  t.ok(e instanceof DataError);
  t.match((e as Error).message, /no-scores\/scores\.jsonl: file not found; noSignificantDrop compares per-item scores/);

  const broken = await runWith(dir, 'broken', 140, 10);
  appendFileSync(join(broken, 'scores.jsonl'), '{"model":"rm","suite":"pairwise","item":"x","values":{"accuracy":"yes"}}\n');
  const b = await gate([{ suite: 'pairwise', noSignificantDrop: { alpha: 0.05 } }], cand, broken).catch((err: unknown) => err);
  t.match((b as Error).message, /broken\/scores\.jsonl:601 field "values\.accuracy": expected number/, '400 + 200 lines, then the bad one');
  const repeated = await runWith(dir, 'repeated', 140, 10);
  appendFileSync(join(repeated, 'scores.jsonl'), '{"model":"rm","suite":"pairwise","item":"item-0003","cluster":"c","values":{"accuracy":1}}\n');
  const r = await gate([{ suite: 'pairwise', noSignificantDrop: { alpha: 0.05 } }], repeated, cand).catch((err: unknown) => err);
  t.match((r as Error).message, /repeated\/scores\.jsonl:601: model "rm", suite "pairwise", item "item-0003" is already on line 4/);
});
