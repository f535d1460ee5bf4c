import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { buildContrast } from '../../scripts/datasets/contrast.js';
import type { ContrastRow } from '../../scripts/datasets/contrast.js';
import { evaluate, root, valueOf } from '../support/helpers.js';

/** The built-in contrast data: reproducible, well-formed, answers right, and no length cue. */

type Row = ContrastRow;

const file = join(root, 'datasets', 'contrast.jsonl');
const text = readFileSync(file, 'utf8');
const rows = text
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Row);
const manifest = JSON.parse(readFileSync(join(root, 'datasets', 'manifest.json'), 'utf8')) as { seed: number; datasets: Record<string, { items: number }> };
const serialize = (rs: readonly object[]) => rs.map((r) => JSON.stringify(r)).join('\n') + '\n';
const cp = (s: string): number => Array.from(s).length;

t.test('the generator is deterministic and made the committed file', async (t) => {
  const a = serialize(buildContrast(manifest.seed, 25));
  const b = serialize(buildContrast(manifest.seed, 25));
  t.equal(a, b, 'two builds are byte-identical');
  t.equal(a, text, 'datasets/contrast.jsonl is the seeded build');
  t.not(serialize(buildContrast(manifest.seed + 1, 25)), a, 'another seed gives other pairs');
  t.equal(manifest.datasets.contrast?.items, rows.length);
});

t.test('the pairs: enough of them, in families, distinct strings, unequal response lengths', async (t) => {
  t.ok(rows.length >= 150, `${rows.length} pairs`);
  const subsets = new Set(rows.map((r) => r.subset));
  t.ok(subsets.size >= 6, `${subsets.size} families`);
  const instructions = rows.flatMap((r) => [r.query, r.retrieval]);
  t.equal(new Set(instructions).size, instructions.length, 'every instruction occurs once');
  t.ok(
    rows.every((r) => r.query !== r.retrieval && r.query_response_k !== r.retrieval_response_k),
    'no identical strings',
  );
  t.ok(
    rows.every((r) => cp(r.query_response_k) !== cp(r.retrieval_response_k)),
    'the responses of a pair never have equal length',
  );
  const longer = rows.filter((r) => cp(r.query_response_k) > cp(r.retrieval_response_k)).length / rows.length;
  t.ok(Math.abs(longer - 0.5) <= 0.05, `R1 is the longer response in ${longer} of the pairs`);
});

t.test('answers recomputed independently for units, subtraction, division and date offsets', async (t) => {
  const FACTOR: Record<string, number> = {
    'km>m': 1000,
    'kg>g': 1000,
    'L>mL': 1000,
    'm>cm': 100,
    'cm>mm': 10,
    'tonnes>kg': 1000,
    'kW>W': 1000,
    'hours>minutes': 60,
    'minutes>seconds': 60,
    'days>hours': 24,
    'weeks>days': 7,
  };
  let checked = 0;
  for (const r of rows) {
    for (const [q, a] of [
      [r.query, r.query_response_k],
      [r.retrieval, r.retrieval_response_k],
    ] as const) {
      let m = /^Convert (\d+) (\S+) to (\S+)\.$/.exec(q);
      if (m) {
        const [n, from, to] = [Number(m[1]), m[2]!, m[3]!];
        const f = FACTOR[`${from}>${to}`];
        const value = f !== undefined ? n * f : n / FACTOR[`${to}>${from}`]!;
        t.equal(Number(/ is (\S+) /.exec(a)![1]), value, q);
        checked++;
      }
      m = /^What is (\d+) - (\d+)\?$/.exec(q);
      if (m) {
        t.equal(a, `${m[1]} - ${m[2]} = ${Number(m[1]) - Number(m[2])}.`, q);
        checked++;
      }
      m = /^What is (\d+) divided by (\d+)\?$/.exec(q);
      if (m) {
        t.ok(Math.abs(Number(/ is (\S+)\.$/.exec(a)![1]) - Number(m[1]) / Number(m[2])) < 1e-12, q);
        checked++;
      }
      m = /^What is the date (\d+) days (after|before) (.+)\?$/.exec(q);
      if (m) {
        const base = new Date(`${m[3]} 12:00 UTC`);
        const got = new Date(`${/ is (.+)\.$/.exec(a)![1]} 12:00 UTC`);
        t.equal((got.getTime() - base.getTime()) / 86_400_000, (m[2] === 'after' ? 1 : -1) * Number(m[1]), q);
        checked++;
      }
    }
  }
  t.ok(checked >= 60, `${checked} answers checked`);
});

t.test('baselines on the built-in data: length at chance on response consistency, 0 on instruction consistency', async (t) => {
  const { run } = await evaluate({ models: ['heuristic:length', 'heuristic:random'], suites: [{ id: 'contrast' }] });
  const unequal = rows.filter((r) => cp(r.query_response_k) !== cp(r.retrieval_response_k)).length;
  // Under one instruction the longer response wins, under the other it loses: ½ per pair with unequal lengths.
  const expected = unequal / 2 / rows.length;
  t.equal(valueOf(run, { model: 'length', metric: 'response_consistency' }), expected);
  t.ok(Math.abs(expected - 0.5) < 0.01, `length response_consistency ${expected} ≈ 0.5`);
  const r1Longer = rows.filter((r) => cp(r.query_response_k) > cp(r.retrieval_response_k)).length / rows.length;
  t.equal(valueOf(run, { model: 'length', metric: 'response_consistency_i1' }), r1Longer);
  t.equal(valueOf(run, { model: 'length', metric: 'instruction_consistency' }), 0);
  t.equal(valueOf(run, { model: 'length', metric: 'full_consistency' }), 0);
  for (const m of ['response_consistency', 'instruction_consistency']) {
    const v = valueOf(run, { model: 'random', metric: m })!;
    t.ok(Math.abs(v - 0.5) < 0.1, `random ${m} ${v} ≈ 0.5`);
  }
  const full = valueOf(run, { model: 'random', metric: 'full_consistency' })!;
  t.ok(full > 0.05 && full < 0.3, `random full_consistency ${full} near 1/6`);
  const suiteEntry = run.suites.find((s) => s.id === 'contrast')!;
  t.same(suiteEntry.warnings, [], 'no skipped pairs in the built-in data');
});
