import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { evaluate } from '../../src/api/evaluate.js';
import { exitCodeOf } from '../../src/core/errors.js';
import type { RunFile } from '../../src/core/run-schema.js';
import { cliIn } from '../support/in-process.js';
import { tmp, writeJsonl } from '../support/helpers.js';

// Plugins register process-wide, so every test here uses ids of its own.

/** An adapter plugin in plain JavaScript: the score is the response's length times `scale`. */
const lengthAdapter = (id: string, extra = '') => `export default {
  id: ${JSON.stringify(id)},
  description: 'response length',
  options: { scale: { description: 'multiplier', kind: 'number', default: 1, parse: (text) => Number(text) } },
  async create(spec, opts) {
    return { id: spec.id, spec: spec.source, fingerprint: 'len-x' + opts.scale, batchSize: 4, ${extra}
      async score(batch) { return batch.map((r) => r.response.length * opts.scale); } };
  },
};
`;

/** Three pairs whose lengths decide them by hand: 11 > 5 won, 2 < 11 lost, 4 = 4 tied (0 under the strict policy): accuracy 1/3. */
const pairs = (dir: string): string =>
  writeJsonl(dir, 'pairs.jsonl', [
    { id: 'p1', prompt: 'q1', chosen: 'long answer', rejected: 'short' },
    { id: 'p2', prompt: 'q2', chosen: 'ok', rejected: 'much longer' },
    { id: 'p3', prompt: 'q3', chosen: 'same', rejected: 'four' },
  ]);

const value = (run: RunFile, suite: string, metric: string) => run.results.find((r) => r.suite === suite && r.metric === metric && r.subset === 'all');
const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const quick = { cache: { enabled: false }, bootstrap: { samples: 20 } };

/** What a rejected evaluate() said, and its exit code. */
async function refusal(p: Promise<unknown>): Promise<{ message: string; code: number }> {
  try {
    await p;
  } catch (err) {
    return { message: err instanceof Error ? err.message : String(err), code: exitCodeOf(err) };
  }
  throw new Error('expected a refusal');
}

t.test('an adapter plugin is evaluated under its own id, with its options parsed, and recorded with its sha256', async (t) => {
  const dir = tmp(t);
  const plugin = join(dir, 'len.mjs');
  writeFileSync(plugin, lengthAdapter('rgt-len'));
  pairs(dir);
  const run = await evaluate(
    { models: ['rgt-len:x?scale=2'], suites: [{ id: 'pairwise', data: 'pairs.jsonl' }], plugins: ['./len.mjs'], ...quick },
    { cwd: dir },
  );
  t.equal(value(run, 'pairwise', 'accuracy')?.value, 1 / 3);
  t.equal(value(run, 'pairwise', 'accuracy')?.n, 3);
  t.equal(run.models[0]?.fingerprint, 'len-x2', 'the option reached create parsed');
  t.strictSame(run.config.plugins, [{ file: plugin, sha256: sha256(plugin), kind: 'adapter', id: 'rgt-len' }]);
  const again = await evaluate({ models: ['rgt-len:x'], suites: [{ id: 'pairwise', data: 'pairs.jsonl' }], plugins: ['./len.mjs'], ...quick }, { cwd: dir });
  t.equal(value(again, 'pairwise', 'accuracy')?.value, 1 / 3, 'the same file registers again in one process');
  const bad = await refusal(evaluate({ models: ['rgt-len:x?scael=2'], suites: ['pairwise'], plugins: ['./len.mjs'], ...quick }, { cwd: dir }));
  t.match(bad.message, /unknown option for rgt-len "scael"\. Did you mean "scale"/);
});

t.test('a suite plugin from a config file: paths relative to the config, default data beside the plugin', async (t) => {
  const dir = tmp(t);
  mkdirSync(join(dir, 'plugins'));
  mkdirSync(join(dir, 'conf'));
  // Items with two answers; the metric is 1 when the model scores `a` above `b`.
  writeJsonl(join(dir, 'plugins'), 'items.jsonl', [
    { id: 'i1', q: 'x', a: 'three', b: 'four' }, // 5 > 4: 1
    { id: 'i2', q: 'y', a: 'ab', b: 'abcd' }, // 2 < 4: 0
    { id: 'i3', q: 'z', a: 'abcdef', b: 'a' }, // 6 > 1: 1
    { id: 'i4', q: 'w', a: 'abc', b: 'abc' }, // tie: 0
  ]);
  writeFileSync(
    join(dir, 'plugins', 'first.mjs'),
    `import { readFileSync } from 'node:fs';
export default {
  id: 'rgt-first', version: '1', description: 'does a beat b', defaultData: 'items.jsonl', primaryMetric: 'first', options: {},
  metrics: [{ id: 'first', description: 'share of items where a scores above b', higherIsBetter: true }],
  async load(file) {
    const rows = readFileSync(file, 'utf8').trim().split('\\n').map((l) => JSON.parse(l));
    return { file, fingerprint: 'sha256:0', format: 'ab', hasText: true, warnings: [], items: rows.map((r) => ({ ...r, cluster: r.q })) };
  },
  plan(item) {
    const messages = [{ role: 'user', content: item.q }];
    return [item.a, item.b].map((response) => ({ kind: 'score', request: { messages, response } }));
  },
  outcome(item, answers) { return { values: { first: answers[0].value > answers[1].value ? 1 : 0 }, detail: {} }; },
};
`,
  );
  writeFileSync(
    join(dir, 'conf', 'run.json'),
    JSON.stringify({ models: ['heuristic:length'], suites: ['rgt-first'], plugins: ['../plugins/first.mjs'], ...quick }),
  );
  const r = await cliIn(['run', '--config', 'conf/run.json', '--out', 'out', '--quiet'], { cwd: dir });
  t.equal(r.code, 0, r.stderr);
  const run = JSON.parse(readFileSync(join(dir, 'out', 'run.json'), 'utf8')) as RunFile;
  t.equal(value(run, 'rgt-first', 'first')?.value, 2 / 4);
  t.equal(run.suites[0]?.data, join(dir, 'plugins', 'items.jsonl'));
  t.match(run.config.plugins, [{ file: join(dir, 'plugins', 'first.mjs'), kind: 'suite', id: 'rgt-first' }]);
});

t.test('--plugin on the command line is relative to the working folder', async (t) => {
  const dir = tmp(t);
  writeFileSync(join(dir, 'cli-len.mjs'), lengthAdapter('rgt-cli-len'));
  pairs(dir);
  const r = await cliIn(
    [
      'run',
      '--plugin',
      'cli-len.mjs',
      '--model',
      'rgt-cli-len:x',
      '--suite',
      'pairwise',
      '--data',
      'pairs.jsonl',
      '--out',
      'out',
      '--no-cache',
      '--bootstrap',
      '20',
      '--quiet',
    ],
    { cwd: dir },
  );
  t.equal(r.code, 0, r.stderr);
  const run = JSON.parse(readFileSync(join(dir, 'out', 'run.json'), 'utf8')) as RunFile;
  t.equal(value(run, 'pairwise', 'accuracy')?.value, 1 / 3);
  const missing = await cliIn(['run', '--plugin', 'nope.mjs', '--model', 'heuristic:length', '--suite', 'pairwise', '--no-cache', '--quiet'], { cwd: dir });
  t.equal(missing.code, 2);
  t.match(missing.stderr, `plugin ${join(dir, 'nope.mjs')}: cannot be read (no such file)`);
});

t.test('bad plugins are refused with exit 2, naming the file and what is wrong', async (t) => {
  const dir = tmp(t);
  const write = (name: string, text: string): string => (writeFileSync(join(dir, name), text), join(dir, name));
  const tryPlugin = (name: string) => refusal(evaluate({ models: ['heuristic:length'], suites: ['pairwise'], plugins: [name], ...quick }, { cwd: dir }));
  const cases: [string, string, RegExp][] = [
    ['clash.mjs', lengthAdapter('heuristic'), /: "heuristic" is a built-in adapter; give the plugin's adapter another id/],
    ['named.mjs', 'export const adapter = {};\n', /: has no default export \(it exports adapter\); write export default defineAdapter/],
    ['neither.mjs', 'export default { id: "x" };\n', /: the default export is neither an adapter \(it has no create\) nor a suite/],
    ['throws.mjs', 'throw new Error("boom");\n', /: could not be imported: boom/],
    [
      'shape.mjs',
      'export default { id: "Bad_Id", version: "1", description: "d", defaultData: "x", metrics: [{ id: "m", description: "d", higherIsBetter: true }], primaryMetric: "acc", options: {}, load() {}, plan() {} };\n',
      /: not a valid suite: id "Bad_Id" must be kebab-case .*; primaryMetric "acc" is not one of metrics \(m\); outcome must be a function/,
    ],
    [
      'no-desc.mjs',
      'export default { id: "rgt-nd", options: { k: {} }, create() {} };\n',
      /: not a valid adapter: description must be a non-empty string; options\.k\.description/,
    ],
  ];
  for (const [name, text, message] of cases) {
    const file = write(name, text);
    const r = await tryPlugin(name);
    t.equal(r.code, 2, name);
    t.ok(r.message.startsWith(`plugin ${file}: `), `${name} names its file: ${r.message}`);
    t.match(r.message, message, name);
  }
  const gone = await tryPlugin('gone.mjs');
  t.equal(gone.code, 2);
  t.match(gone.message, `plugin ${join(dir, 'gone.mjs')}: cannot be read (no such file); "gone.mjs" was resolved to it`);
});

t.test('two files claiming one id, and a model without a fingerprint, are refused', async (t) => {
  const dir = tmp(t);
  writeFileSync(join(dir, 'one.mjs'), lengthAdapter('rgt-twice'));
  writeFileSync(join(dir, 'two.mjs'), lengthAdapter('rgt-twice'));
  const both = await refusal(evaluate({ models: ['heuristic:length'], suites: ['pairwise'], plugins: ['one.mjs', 'two.mjs'], ...quick }, { cwd: dir }));
  t.equal(both.code, 2);
  t.equal(both.message, `plugin ${join(dir, 'two.mjs')}: adapter "rgt-twice" is already registered by plugin ${join(dir, 'one.mjs')}`);
  writeFileSync(join(dir, 'nofp.mjs'), lengthAdapter('rgt-nofp', 'fingerprint: undefined,'));
  pairs(dir);
  const nofp = await refusal(
    evaluate({ models: ['rgt-nofp:x'], suites: [{ id: 'pairwise', data: 'pairs.jsonl' }], plugins: ['nofp.mjs'], ...quick }, { cwd: dir }),
  );
  t.equal(nofp.code, 2);
  t.match(nofp.message, /^plugin .*nofp\.mjs: create\(\) for model "rgt-nofp:x" returned no valid model: fingerprint must be a non-empty string/);
});

t.test('--plugin works on ls, score, probe bon and distance, as on run', async (t) => {
  const dir = tmp(t);
  writeFileSync(join(dir, 'len.mjs'), lengthAdapter('rgt-verbs'));
  pairs(dir);
  const ls = await cliIn(['ls', 'adapters', '--plugin', 'len.mjs'], { cwd: dir });
  t.equal(ls.code, 0, ls.stderr);
  t.match(ls.stdout, /^rgt-verbs: {2}response length\n {4}\?scale= {2}multiplier$/m, 'ls lists the plugin adapter and its option');

  // score: "abcd" is 4 characters, × 3. With --data, each response of pairs() (11 and 5, 2 and 11, 4 and 4 characters) × 3.
  const one = await cliIn(['score', '--model', 'rgt-verbs:x?scale=3', '--prompt', 'q', '--response', 'abcd', '--plugin', 'len.mjs', '--no-cache'], {
    cwd: dir,
  });
  t.equal(one.code, 0, one.stderr);
  t.same(JSON.parse(one.stdout), { model: 'x', index: 0, score: 12 });
  const data = await cliIn(
    ['score', '--data', 'pairs.jsonl', '--model', 'rgt-verbs:x?scale=3', '--plugin', 'len.mjs', '--no-cache', '--out', 's.jsonl', '-q'],
    {
      cwd: dir,
    },
  );
  t.equal(data.code, 0, data.stderr);
  const scored = readFileSync(join(dir, 's.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { item: string; candidate: string; score: number });
  t.same(
    scored.map((l) => [l.item, l.candidate, l.score]),
    [
      ['p1', 'chosen', 33],
      ['p1', 'rejected', 15],
      ['p2', 'chosen', 6],
      ['p2', 'rejected', 33],
      ['p3', 'chosen', 12],
      ['p3', 'rejected', 12],
    ],
  );

  // The hand-made pool of test/probes/bon.test.ts: prompt a's lengths 1 < 2 < 3 < 4 carry gold
  // 0.1, 0.5, 0.2, 0.9; prompt b's are all tied (mean gold 0.5). Picking the longest of all four: (0.9 + 0.5) / 2.
  const pool = writeJsonl(dir, 'pool.jsonl', [
    { id: 'a', prompt: 'Question a?', samples: ['x', 'xx', 'xxx', 'xxxx'].map((response, k) => ({ response, gold: [0.1, 0.5, 0.2, 0.9][k] })) },
    { id: 'b', prompt: 'Question b?', samples: ['ab', 'cd', 'ef', 'gh'].map((response, k) => ({ response, gold: [1, 0, 1, 0][k] })) },
  ]);
  const bon = await cliIn(
    ['probe', 'bon', '--pool', pool, '--model', 'rgt-verbs:p', '--plugin', 'len.mjs', '--no-cache', '--bootstrap', '20', '--out', 'bon', '-q'],
    {
      cwd: dir,
    },
  );
  t.equal(bon.code, 0, bon.stderr);
  const bonRun = JSON.parse(readFileSync(join(dir, 'bon', 'run.json'), 'utf8')) as RunFile;
  const gold4 = bonRun.results.find((r) => r.model === 'p' && r.subset === 'n=4' && r.metric === 'gold');
  t.ok(gold4 && Math.abs(gold4.value - 0.7) < 1e-12, `best of 4 by the plugin's length: gold ${gold4?.value}, by hand 0.7`);

  // STARC and EPIC distances by hand: length × 2 is the same reward as length (0); length × −1 is its opposite (STARC 2, EPIC 1).
  for (const [scale, starc, epic] of [
    [2, 0, 0],
    [-1, 2, 1],
  ] as const) {
    const out = `distance${scale}`;
    const d = await cliIn(
      [
        'distance',
        '--suite',
        'pairwise',
        '--data',
        'pairs.jsonl',
        '--model',
        `rgt-verbs:x?scale=${scale}`,
        '--model',
        'heuristic:length',
        '--plugin',
        'len.mjs',
      ].concat(['--no-cache', '--bootstrap', '20', '--out', out, '-q']),
      { cwd: dir },
    );
    t.equal(d.code, 0, d.stderr);
    const run = JSON.parse(readFileSync(join(dir, out, 'run.json'), 'utf8')) as RunFile;
    const at = (metric: string) => run.results.find((r) => r.subset === 'x|length' && r.metric === metric)?.value ?? NaN;
    t.ok(
      Math.abs(at('starc_val_l2') - starc) < 1e-9 && Math.abs(at('epic') - epic) < 1e-9,
      `scale ${scale}: STARC ${at('starc_val_l2')} (${starc}), EPIC ${at('epic')} (${epic})`,
    );
  }
  const missing = await cliIn(['probe', 'bon', '--pool', pool, '--model', 'rgt-verbs:p', '--plugin', 'nope.mjs', '--no-cache', '--out', 'o'], { cwd: dir });
  t.equal(missing.code, 2);
  t.match(missing.stderr, /plugin .*nope\.mjs: cannot be read \(no such file\)/);
});
