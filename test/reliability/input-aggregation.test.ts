import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import t from 'tap';
import { ModelError } from '../../src/core/errors.js';
import type { LoadedModel } from '../../src/core/types.js';
import { toScalar } from '../../src/metrics/to-scalar.js';
import { parseModelSpec } from '../../src/core/model-spec.js';
import { runEvaluation } from '../../src/run/runner.js';
import { startFakeOpenAI } from '../support/fake-openai.js';
import { tmp, writeJsonl } from '../support/helpers.js';
import { makePairs, readRun } from '../cli/fixtures/cli.js';
import { cliIn } from '../support/in-process.js';

// Issue 18, "Input and aggregation": each case below failed silently before (a wrong score with
// exit 0, or the wrong exit code and file), and must now fail safely or give the right result.

t.test('a non-finite aggregated score is exit 3 naming item, model and aggregation; the steps stay cached', async (t) => {
  const dir = tmp(t);
  // RewardMATH results rows: the chosen solution (human_to_GPT-4) against one rejected, step scores each.
  const rows = [
    {
      problem: 'P1',
      solution_reference: ['human_to_GPT-4', 'm'],
      score: [
        [0.9, 0.8],
        [0.5, 0.5],
      ],
    },
    {
      problem: 'P2',
      solution_reference: ['human_to_GPT-4', 'm'],
      score: [
        [0.6, 0.6],
        [0.9, 0.9],
      ],
    },
    { problem: 'P3', solution_reference: ['human_to_GPT-4', 'm'], score: [[0.7], [0.5, 1.0]] },
  ];
  const data = join(dir, 'r.json');
  writeFileSync(data, JSON.stringify(rows));
  const out = join(dir, 'out');
  const args = (aggregate: string) => [
    'run',
    '--suite',
    'rewardmath',
    '--data',
    data,
    '--model',
    `scores:${data}?aggregate=prod&id=first`,
    '--model',
    `scores:${data}?aggregate=${aggregate}&id=odd`,
    '--out',
    out,
    '--cache-dir',
    join(dir, 'cache'),
    '--bootstrap',
    '20',
  ];

  // mean_odd of [0.5, 1.0]: 1 / (1 − 1) = Infinity. It used to count as a loss (exit 0) or, the
  // items being drill-down examples, fail writing run.json with exit 2 and write nothing.
  const bad = await cliIn(args('mean_odd'));
  t.equal(bad.code, 3, `exit 3 (a model failed)\n${bad.stderr}`);
  t.match(
    bad.stderr,
    /model "odd": \?aggregate=mean_odd gives Infinity for item "[^"]*" candidate "m" of suite rewardmath .*from step scores \[0\.5, 1\]; mean_odd needs no step equal to 1/,
  );
  t.match(bad.stderr, /P3|r\.json:1/, 'the item is named');
  t.notOk(existsSync(join(out, 'run.json')), 'no run.json');
  t.notOk(existsSync(join(out, 'scores.jsonl')), 'no scores.jsonl');

  // The raw steps were kept: another aggregation asks the "model" nothing. mean: P1 0.85 > 0.5 wins,
  // P2 0.6 < 0.9 loses, P3 0.7 < 0.75 loses → accuracy 1/3 for "odd"; prod: P1 0.72 > 0.25,
  // P2 0.36 < 0.81, P3 0.7 > 0.5 → 2/3 for "first".
  const good = await cliIn(args('mean'));
  t.equal(good.code, 0, good.stderr);
  t.match(good.stderr, /odd: 6 requests \(6 unique\), 6 from cache, 0 model calls/);
  const run = readRun(out);
  const acc = (model: string) => run.results.find((r) => r.model === model && r.metric === 'accuracy' && r.subset === 'all')?.value;
  t.ok(Math.abs(acc('odd')! - 1 / 3) < 1e-12, `odd accuracy ${acc('odd')}`);
  t.ok(Math.abs(acc('first')! - 2 / 3) < 1e-12, `first accuracy ${acc('first')}`);
});

t.test('toScalar names the domain each aggregator needs', async (t) => {
  const loaded = (aggregate: string) =>
    ({ model: { id: 'prm' }, spec: parseModelSpec(`scores:x.json?aggregate=${aggregate}`), aggregate, batchSize: 1 }) as unknown as LoadedModel;
  const where = () => 'item "q7" candidate "b"';
  const cases: [string, number[], RegExp][] = [
    ['mean_logit', [1, 0], /gives NaN for item "q7" candidate "b" from step scores \[1, 0\]; mean_logit needs steps in \[0, 1\], not both 0 and 1/],
    ['geometric_mean', [0.5, -0.5], /gives NaN .*geometric_mean needs steps ≥ 0/],
    ['prod', [1e200, 1e200], /gives Infinity .*prod needs a product within ±1\.8e308/],
  ];
  for (const [aggregate, steps, message] of cases) {
    t.throws(() => toScalar(steps, loaded(aggregate), where), new ModelError(''), aggregate);
    t.throws(() => toScalar(steps, loaded(aggregate), where), { exitCode: 3, message }, aggregate);
  }
  // The product overflows, the geometric mean does not: (1e200 · 1e200)^(1/2) = 1e200.
  t.ok(Math.abs(toScalar([1e200, 1e200], loaded('geometric_mean'), where) / 1e200 - 1) < 1e-12);
  const many = Array.from({ length: 12 }, (_, i) => (i === 11 ? 1 : 0.5));
  t.throws(
    () => toScalar(many, loaded('mean_odd'), where),
    { message: /\[0\.5, 0\.5, 0\.5, 0\.5, 0\.5, 0\.5, 0\.5, 0\.5, … \(12 steps\)\]/ },
    'long step lists are shortened',
  );
});

t.test('invalid UTF-8 is exit 2 naming file:line; --encoding latin1 reads a Latin-1 file', async (t) => {
  const dir = tmp(t);
  const csv = join(dir, 'latin.csv');
  writeFileSync(csv, Buffer.from('prompt,chosen,rejected\nq1,caf\xe9 cr\xe8me,tea\nq2,a long answer,b\n', 'latin1'));
  const base = ['--suite', 'pairwise', '--data', csv, '--model', 'heuristic:length', '--no-cache', '--bootstrap', '20', '--quiet'];
  const bad = await cliIn(['run', ...base, '--out', join(dir, 'bad')]);
  t.equal(bad.code, 2, bad.stderr);
  t.match(bad.stderr, `${csv}:2:7: invalid UTF-8 (byte 0xE9)`);
  t.notOk(existsSync(join(dir, 'bad', 'run.json')));

  const r = await cliIn(['run', ...base, '--encoding', 'latin1', '--out', join(dir, 'ok')]);
  t.equal(r.code, 0, r.stderr);
  const run = readRun(join(dir, 'ok'));
  t.equal(run.config.encoding, 'latin1', 'recorded in run.json');
  const texts = (run.examples ?? []).flatMap((e) => e.candidates.map((c) => c.text));
  t.ok(texts.includes('café crème'), `the text as written: ${JSON.stringify(texts)}`);

  const config = join(dir, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      models: ['heuristic:length'],
      suites: [{ id: 'pairwise', data: 'latin.csv' }],
      encoding: 'latin1',
      bootstrap: { samples: 20 },
      cache: { enabled: false },
    }),
  );
  t.equal((await cliIn(['run', '--config', config, '--out', join(dir, 'cfg'), '--quiet'])).code, 0, 'the config file takes it too');

  const v = await cliIn(['validate', '--suite', 'pairwise', csv]);
  t.equal(v.code, 2);
  t.match(v.stdout, /latin\.csv:2:7: invalid UTF-8/);
  t.equal((await cliIn(['validate', '--suite', 'pairwise', '--encoding', 'latin1', csv])).code, 0);
  const unknown = await cliIn(['run', ...base, '--encoding', 'utf-16', '--out', join(dir, 'x')]);
  t.equal(unknown.code, 2);
  t.match(unknown.stderr, /encoding/);
});

t.test('--seed beyond 2^53 − 1 is exit 2 instead of a neighbouring seed', async (t) => {
  const r = await cliIn(['run', '--model', 'heuristic:length', '--seed', '9007199254740993', '--no-cache', '--out', join(tmp(t), 'o')]);
  t.equal(r.code, 2);
  t.match(r.stderr, /--seed must be an integer within ±9007199254740991 \(larger ones are not stored exactly\), got "9007199254740993"/);
});

t.test('openai-judge: a rerun from the cache asks the judge nothing, explanations included', async (t) => {
  const f = await startFakeOpenAI();
  t.teardown(() => f.close());
  const dir = tmp(t);
  const data = writeJsonl(dir, 'pairs.jsonl', makePairs(6, 3));
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const evaluate = () =>
    runEvaluation(
      {
        models: [parseModelSpec(`openai-judge:${f.url}?model=m`)],
        suites: [{ id: 'pairwise', options: {}, data }],
        seed: 0,
        concurrency: 2,
        bootstrap: { samples: 20, level: 0.95 },
        cache: { dir: join(dir, 'cache'), enabled: true },
        cwd: dir,
        command: [],
        config: {},
      },
      { stderr: sink, progress: 'off', log: () => {} },
    );
  const notes = (run: Awaited<ReturnType<typeof evaluate>>['run']) =>
    (run.examples ?? []).flatMap((e) => e.candidates.flatMap((c) => (c.note === undefined ? [] : [c.note])));

  const first = await evaluate();
  const asked = f.chats().length;
  // 6 pairs → 12 ratings; the 5 drill-down items' 10 candidates are explained on top.
  t.equal(first.run.models[0]!.stats.modelCalls, 12);
  t.equal(asked, 12 + 10, 'ratings, then one explanation per drill-down candidate');
  t.equal(notes(first.run).length, 10);

  const again = await evaluate();
  t.equal(again.run.models[0]!.stats.modelCalls, 0, '0 model calls');
  t.equal(f.chats().length, asked, 'the judge was asked nothing: no bill');
  t.same(notes(again.run), notes(first.run), 'the notes come from the cache');

  // A cache written before notes were kept: the notes are left out, with a warning, and still nothing is asked.
  const [file] = readdirSync(join(dir, 'cache'));
  const cache = join(dir, 'cache', file!);
  writeFileSync(
    cache,
    readFileSync(cache, 'utf8')
      .split('\n')
      .filter((l) => !l.includes('"n":'))
      .join('\n'),
  );
  const old = await evaluate();
  t.equal(f.chats().length, asked, 'still nothing asked');
  t.equal(notes(old.run).length, 0);
  t.match(old.run.models[0]!.warnings.join('\n'), /10 drill-down note\(s\) left out: .*this run made no model calls/);
});
