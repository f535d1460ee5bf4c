import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import type { RunFile } from '../../src/core/run-schema.js';
import { verifyMath } from '../../src/verifiers/math/verify.js';
import { tmp, writeJsonl } from '../support/helpers.js';
import { cliIn } from '../support/in-process.js';

// A model that can say why it scored as it did (explain) gets that line on its drill-down candidates.

t.test('verifier:math explains its drill-down verdicts in run.json and the report; other models do not', async (t) => {
  const dir = tmp(t);
  const data = writeJsonl(dir, 'v.jsonl', [
    { id: 'a', problem: 'What is 1/2 + 1/4?', gold: '\\frac{3}{4}', response: 'So it is $\\boxed{0.75}$.', label: 1, subject: 'Arithmetic' },
    { id: 'b', problem: 'What is 2 + 2?', gold: '4', response: 'It is $\\boxed{5}$.', label: 0, subject: 'Arithmetic' },
    { id: 'c', problem: 'Name <b>it</b>.', gold: '7', response: 'Clearly $\\boxed{7}$.', label: 1, subject: 'Arithmetic' },
  ]);
  const out = join(dir, 'out');
  const r = await cliIn([
    'run',
    '--suite',
    'verifier?hacking=off',
    '--data',
    data,
    '-m',
    'verifier:math',
    '-m',
    'heuristic:length',
    '--no-cache',
    '--bootstrap',
    '20',
    '--out',
    out,
    '-q',
  ]);
  t.equal(r.code, 0, r.stderr);
  const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as RunFile;
  const mine = run.examples!.filter((e) => e.model === 'math');
  t.equal(mine.length, 3, 'every item is among the five most wrong of three');
  for (const e of mine) {
    const response = e.candidates.find((c) => c.role.startsWith('labelled'))!;
    const gold = e.candidates.find((c) => c.id === 'gold')!;
    // The note states what verifyMath itself returns for that pair.
    const v = await verifyMath(gold.text, response.text);
    t.equal(
      response.note,
      `extracted ${JSON.stringify(v.extracted)} → ${JSON.stringify(v.normalizedAnswer)}; gold → ${JSON.stringify(v.normalizedGold)}; ${v.reason}`,
      `item ${e.item}`,
    );
    t.equal(gold.note, undefined, 'the reference answer was not scored, so has no note');
  }
  t.ok(
    run.examples!.filter((e) => e.model === 'length').every((e) => e.candidates.every((c) => c.note === undefined)),
    'heuristics do not explain',
  );
  const html = readFileSync(join(out, 'index.html'), 'utf8');
  t.match(html, /<p class="note">math: extracted &quot;0\.75&quot;/, 'the note is in the drill-down, escaped');
});

t.test('a judge that fails while explaining costs the notes, not the run', async (t) => {
  const { startFakeOpenAI } = await import('../support/fake-openai.js');
  const { evaluate } = await import('../support/helpers.js');
  const { makePairs } = await import('../cli/fixtures/cli.js');
  // 6 pairs → 12 ratings; every request after those (the explanations) is refused.
  const f = await startFakeOpenAI({ fault: (n) => (n < 12 ? 'ok' : 401) });
  t.teardown(() => f.close());
  const data = writeJsonl(tmp(t), 'pairs.jsonl', makePairs(6, 3));
  const { run } = await evaluate({ models: [`openai-judge:${f.url}?model=m`], suites: [{ id: 'pairwise', data }] });
  t.equal(run.results.find((r) => r.metric === 'accuracy' && r.subset === 'all')?.n, 6, 'scored');
  t.ok(f.chats().length > 12, 'the explanations were asked for');
  t.ok(
    (run.examples ?? []).every((e) => e.candidates.every((c) => c.note === undefined)),
    'no notes',
  );
  t.match(run.models[0]!.warnings.join('\n'), /the report's examples have no notes: explaining them failed .*401/);
});
