import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import t from 'tap';
import { suiteMode, type SuiteModeArgs } from '../../src/cli/distance-suite.js';
import { exitCodeOf } from '../../src/core/errors.js';
import { RunFileSchema, type RunFile } from '../../src/core/run-schema.js';
import { validateAt } from '../../src/core/validate.js';
import { tmp, writeJsonl } from '../support/helpers.js';

/** An IO whose streams collect what is written. */
function fakeIo(cwd: string) {
  const out = { stdout: '', stderr: '' };
  const stream = (k: 'stdout' | 'stderr') => new Writable({ write: (chunk, _enc, done) => ((out[k] += String(chunk)), done()) });
  return { io: { stdout: stream('stdout'), stderr: stream('stderr'), env: { REWARDGAUGE_CACHE_DIR: join(cwd, 'cache') }, cwd }, out };
}

// 12 best-of-n rows with 2–4 candidates of known lengths; row `dup` repeats Q0's prompt with its chosen
// response again (counted once) and one new response, so Q0's state has the union of both rows' candidates.
const text = (n: number, c: string) => c.repeat(n);
const rows = Array.from({ length: 12 }, (_, i) => ({
  id: `p${i}`,
  prompt: `Q${i}?`,
  chosen: text(1 + ((i * 7) % 5), 'a'),
  rejected: Array.from({ length: 1 + (i % 3) }, (_, k) => text(1 + ((i * 3 + k * 5) % 9), 'b')),
}));
const dup = { id: 'dup', prompt: 'Q0?', chosen: rows[0]!.chosen, rejected: [text(11, 'c')] };
/** The states as the probe should build them: candidates [chosen, ...rejected], plus the dup row's new one for Q0. */
const states = rows.map((r, i) => [r.chosen, ...r.rejected, ...(i === 0 ? dup.rejected : [])]);
const custom = (i: number, k: number) => Math.sin(3 * i + k) * (1 + (i % 2));

// Independent STARC, straight from the definition: centre per prompt (uniform), one global norm, weighted distances.
function starc(a: number[][], b: number[][]) {
  const mu = a.map((row) => row.map(() => 1 / a.length / row.length));
  const centre = (s: number[][]) => s.map((row) => row.map((r) => r - row.reduce((x, y) => x + y, 0) / row.length));
  const sum = (s: number[][], f: (e: number, x: number, y: number) => number) =>
    s.reduce((acc, row, x) => acc + row.reduce((a2, e, y) => a2 + f(e, x, y), 0), 0);
  const std = (s: number[][]) => {
    const c = centre(s);
    const n = Math.sqrt(sum(c, (e, x, y) => mu[x]![y]! * e * e));
    return c.map((row) => row.map((e) => e / n));
  };
  const sa = std(a);
  const sb = std(b);
  const diff = sa.map((row, x) => row.map((e, y) => e - sb[x]![y]!));
  const l2 = Math.sqrt(sum(diff, (e, x, y) => mu[x]![y]! * e * e));
  return {
    starc_val_l2: l2,
    starc_val_l1: sum(diff, (e, x, y) => mu[x]![y]! * Math.abs(e)),
    starc_val_linf: Math.max(...diff.flat().map(Math.abs)),
    epic: l2 / 2,
  };
}

function fixture(dir: string) {
  const data = writeJsonl(dir, 'bon.jsonl', [...rows, dup]);
  const scoreLines = rows.flatMap((r, i) =>
    ['chosen', ...r.rejected.map((_, k) => (k === 0 ? 'rejected' : `rejected#${k + 1}`))].map((candidate, k) => ({
      item: r.id,
      candidate,
      score: custom(i, k),
    })),
  );
  scoreLines.push({ item: 'dup', candidate: 'rejected', score: custom(0, states[0]!.length - 1) });
  const scores = writeJsonl(dir, 'custom.jsonl', scoreLines);
  return { data, scores };
}

const args = (o: Partial<SuiteModeArgs>): SuiteModeArgs => ({ model: [], 'no-cache': true, bootstrap: 400, quiet: true, ...o });
const readRun = (dir: string) => validateAt(RunFileSchema, JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')), { file: 'run.json' }) as RunFile;

t.test('suite mode: distances between heuristic and precomputed rewards on a best-of-n file', async (t) => {
  const dir = tmp(t);
  const { data, scores } = fixture(dir);
  const { io, out } = fakeIo(dir);
  const models = ['heuristic:length', 'heuristic:shortest', 'heuristic:random'];
  const code = await suiteMode({
    args: args({ model: models, gold: `scores:${scores}`, suite: 'best-of-n', data, out: join(dir, 'out'), quiet: false }),
    io,
    argv: ['distance'],
  });
  t.equal(code, 0, out.stderr);
  const run = readRun(join(dir, 'out'));
  t.same(
    run.models.map((m) => m.id),
    ['length', 'shortest', 'random', 'gold'],
  );
  const suite = run.suites[0]!;
  t.match(suite, {
    id: 'distance',
    version: '1',
    items: 12,
    primaryMetric: 'starc_val_l2',
    options: { suite: 'best-of-n', reference: 'uniform' },
    format: 'best-of-n',
  });
  t.match(suite.dataset, /^sha256:/);
  // Pairs in model order, each once, A before B; model = A.
  const pairs = ['length|shortest', 'length|random', 'length|gold', 'shortest|random', 'shortest|gold', 'random|gold'];
  t.same([...new Set(run.results.map((r) => r.subset))], pairs);
  t.equal(run.results.length, pairs.length * 4);
  for (const r of run.results) {
    t.equal(r.model, r.subset.split('|')[0]);
    t.equal(r.n, 12);
    t.equal(r.higherIsBetter, false);
    t.ok(r.ci[0] <= r.value + 1e-12 && r.value <= r.ci[1] + 1e-12, `${r.subset} ${r.metric}: ${r.value} in [${r.ci}]`);
  }
  const row = (pair: string, metric: string) => run.results.find((r) => r.subset === pair && r.metric === metric)!;
  // shortest = −length: perfectly anti-correlated after centring.
  t.ok(Math.abs(row('length|shortest', 'starc_val_l2').value - 2) < 1e-12, 'length vs shortest = 2');
  t.ok(
    row('length|shortest', 'starc_val_l2').ci.every((x) => Math.abs(x - 2) < 1e-12),
    'every resample gives 2',
  );
  t.ok(Math.abs(row('length|shortest', 'epic').value - 1) < 1e-12);
  // Against the precomputed scores, every metric matches the independent computation.
  const lengths = states.map((s) => s.map((x) => x.length));
  const gold = states.map((s, i) => s.map((_, k) => custom(i, k)));
  const want = starc(lengths, gold);
  for (const [metric, v] of Object.entries(want))
    t.ok(Math.abs(row('length|gold', metric).value - v) < 1e-9, `length|gold ${metric}: ${row('length|gold', metric).value} ≈ ${v}`);
  const neg = starc(
    lengths.map((r) => r.map((x) => -x)),
    gold,
  );
  t.ok(Math.abs(row('shortest|gold', 'starc_val_l1').value - neg.starc_val_l1) < 1e-9, 'shortest|gold L1');
  // Output files, the report and the terminal table.
  const lines = readFileSync(join(dir, 'out', 'scores.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  t.equal(lines.length, 4 * 12);
  t.same(
    Object.keys(lines.find((l) => l.model === 'length' && l.item === 'p0').scores),
    ['chosen', 'rejected', 'dup:rejected'].map((c, k) => (k < 2 ? `p0:${c}` : c)),
  );
  t.ok(existsSync(join(dir, 'out', 'index.html')));
  t.match(readFileSync(join(dir, 'out', 'index.html'), 'utf8'), /Reward distances/);
  t.match(out.stdout, /STARC distance/);
  t.match(out.stdout, /length\|shortest/);
  t.match(out.stdout, /2\.000/);
});

t.test('suite mode is seeded: same seed, same CIs; another seed, other CIs', async (t) => {
  const dir = tmp(t);
  const { data, scores } = fixture(dir);
  const go = async (seed: number, o: string) => {
    const { io } = fakeIo(dir);
    await suiteMode({ args: args({ model: ['heuristic:length', `scores:${scores}`], suite: 'best-of-n', data, seed, out: join(dir, o) }), io, argv: [] });
    return readRun(join(dir, o)).results;
  };
  const a = await go(3, 'a');
  const b = await go(3, 'b');
  const c = await go(4, 'c');
  t.same(a, b);
  t.same(
    a.map((r) => r.value),
    c.map((r) => r.value),
  );
  t.notSame(
    a.map((r) => r.ci),
    c.map((r) => r.ci),
  );
});

t.test('suite mode: usage errors exit 2', async (t) => {
  const dir = tmp(t);
  const { data } = fixture(dir);
  const { io } = fakeIo(dir);
  const fails = async (o: Partial<SuiteModeArgs>, msg: RegExp) => {
    const err = await suiteMode({ args: args(o), io, argv: [] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    t.equal(exitCodeOf(err), 2, String(err));
    t.match(String(err), msg);
  };
  await fails({ model: ['heuristic:length', 'heuristic:shortest'] }, /--suite/);
  await fails({ model: ['heuristic:length'], suite: 'best-of-n', data }, /at least two/);
  await fails({ model: [], gold: 'heuristic:length', suite: 'best-of-n', data }, /at least two/);
  await fails({ model: ['heuristic:length', 'heuristic:shortest'], suite: 'no-such-suite', data }, /no-such-suite/);
  // A bad --seed never reaches suite mode: parsing argv refuses it (test/cli/arg-kinds.test.ts).
});
