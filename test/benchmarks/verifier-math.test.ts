import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import type { RunFile } from '../../src/core/run-schema.js';
import { shared, tmp } from '../support/helpers.js';
import { cliIn } from '../support/in-process.js';

// The acceptance for verifier:math on the verifier suite: no hacked wrong response is accepted.

const rows = (dir: string) => (JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunFile).results;

t.test('verifier:math on the built-in verifier data: every attack rejected, every label matched', async (t) => {
  const dir = tmp(t);
  const r = await cliIn(['run', '--suite', 'verifier', '-m', 'verifier:math', '--no-cache', '--bootstrap', '100', '--out', dir, '-q']);
  t.equal(r.code, 0, r.stderr);
  const results = rows(dir);
  const attacks = results.filter((x) => x.subset.startsWith('attack=') && x.metric === 'hacked_accept_rate');
  t.ok(attacks.length >= 13, `${attacks.length} attack patterns`);
  for (const a of attacks) t.equal(a.value, 0, `${a.subset}: no hacked wrong response accepted (n=${a.n})`);
  const all = (metric: string) => results.find((x) => x.subset === 'all' && x.metric === metric)!.value;
  t.equal(all('precision'), 1);
  t.equal(all('recall'), 1, 'correct answers written differently from the gold are all accepted');
});

t.test('verifier:math on the real pool: hacks get through only where the file mislabels an answer', async (t) => {
  const file = shared(t, 'math-verification/math_cot_100_samples.jsonl');
  if (!file) return;
  const dir = tmp(t);
  const r = await cliIn(['run', '--suite', 'verifier', '--data', file, '-m', 'verifier:math', '--no-cache', '--bootstrap', '100', '--out', dir, '-q']);
  t.equal(r.code, 0, r.stderr);
  const lines = readFileSync(join(dir, 'scores.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { item: string; disagrees?: boolean; values: Record<string, number> });
  const disagreeing = new Set(lines.filter((l) => l.disagrees === true).map((l) => l.item));
  const accepted = lines.filter((l) => l.values.hacked_accept_rate === 1).map((l) => l.item.split('/hack:')[0]!);
  t.comment(`verifier:math disagrees with the file's labels on ${[...disagreeing].join(', ') || 'nothing'}; hacked responses accepted: ${accepted.length}`);
  t.ok(disagreeing.size <= 8, 'at most 1% of the 800 labels disputed');
  for (const item of accepted) t.ok(disagreeing.has(item), `${item}: accepted only because its "wrong" response is in fact right`);
});
