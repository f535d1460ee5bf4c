import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { bigram, startLogprobsFake, type Tamper } from '../support/fake-served.js';
import { tmp, writeJsonl } from '../support/helpers.js';
import { cliIn } from '../support/in-process.js';
import { dpoPairs } from '../support/parity-dpo.js';

// `rewardgauge run` with dpo: over two openai-logprobs: fakes, in process: the exit codes a user
// sees (0; 2 for the causal LM scored alone; 3 for a server answer that does not line up), and the
// pair's verdict recomputed from the fakes' bigram rules and transformers' ids of the same texts.

const pair = dpoPairs().find((p) => p.name === 'qwen2-dpo')!;
const ref = (id: string) => pair.entries.find((e) => e.id === id)!;
const POLICY = bigram(3);
const REFERENCE = bigram(5);
const prompt = 'A train travels at a steady 93 km/h for 7 hours. How far does it go?';
const right = '93 × 7 = 651, so it travels 651 km.';
const wrong = '93 × 7 = 652, so it travels 652 km.';

/** Σ (log π − log π_ref) over the response's tokens of a parity entry, from the rules. */
function ratio(id: string): number {
  const e = ref(id);
  let s = 0;
  for (let t = e.responseStart!; t < e.ids!.length; t++) s += POLICY(e.ids!, t) - REFERENCE(e.ids!, t);
  return s;
}

async function run(t: Test, tamper?: Tamper, alone = false) {
  const policy = await startLogprobsFake({ rule: POLICY, model: 'p', ...(tamper && { tamper }) });
  const reference = await startLogprobsFake({ rule: REFERENCE, model: 'r' });
  t.teardown(() => Promise.all([policy.close(), reference.close()]));
  const member = (url: string, m: string, role: string) => `openai-logprobs:${url}?model=${m}&tokenizer=${pair.dir}/${role}&retries=1`;
  const spec = alone ? member(policy.url, 'p', 'policy') : `dpo:(${member(policy.url, 'p', 'policy')},${member(reference.url, 'r', 'reference')})`;
  const dir = tmp(t);
  const data = writeJsonl(dir, 'pairs.jsonl', [
    { id: 'as-is', prompt, chosen: right, rejected: wrong },
    { id: 'swapped', prompt, chosen: wrong, rejected: right },
  ]);
  const out = join(dir, 'run');
  const r = await cliIn(['run', '--suite', 'pairwise', '--data', data, '--model', spec, '--bootstrap', '20', '--no-cache', '--quiet', '--out', out]);
  return { ...r, out };
}

t.test('a run exits 0 and each pair’s verdict is the one the rules give', async (t) => {
  const r = await run(t);
  t.equal(r.code, 0, r.stderr);
  const lines = readFileSync(join(r.out, 'scores.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { item: string; values: { accuracy: number } });
  // The default truncation (2048 / 128) keeps these short texts whole, as the fixtures' did.
  const rightWins = ratio('short-arithmetic-chosen') > ratio('short-arithmetic-rejected');
  t.not(ratio('short-arithmetic-chosen'), ratio('short-arithmetic-rejected'), 'the rules tell the two responses apart');
  t.strictSame(Object.fromEntries(lines.map((l) => [l.item, l.values.accuracy])), { 'as-is': rightWins ? 1 : 0, swapped: rightWins ? 0 : 1 });
});

t.test('the causal LM as a model of its own exits 2 naming dpo:', async (t) => {
  const r = await run(t, undefined, true);
  t.equal(r.code, 2);
  t.match(r.stderr, /dpo:\(openai-logprobs:/);
});

t.test('a null log-probability in the answer exits 3', async (t) => {
  const r = await run(t, (b) => {
    const lps = b.choices[0]!.prompt_logprobs as unknown[];
    lps[lps.length - 1] = null;
  });
  t.equal(r.code, 3);
  t.match(r.stderr, /has no log-probability \(null\)/);
});
