/**
 * The same checkpoint three ways on this CPU: hf: (transformers in the Python worker), and its
 * export through onnx: or ort:. Scores every response of the built-in pairwise suite once (no
 * cache) per path and prints items/s, tokens/s and the largest disagreement with hf:, as JSON on
 * the last line. Usage: npm run bench:hf [-- FIXTURE...] (default: llama3 deberta-v3); needs a
 * Python with torch and transformers ($REWARDGAUGE_PYTHON or .venv/bin/python). It imports the
 * built library (dist/), so the ONNX sessions' worker threads are plain JS.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createModel } from '../dist/run/models.js';
import { parseModelSpec } from '../dist/core/model-spec.js';
import type { ScoreRequest } from '../dist/core/types.js';

const root = resolve(import.meta.dirname, '..');
const python = process.env.REWARDGAUGE_PYTHON ?? join(root, '.venv', 'bin', 'python');
const fixtures = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['llama3', 'deberta-v3'];
const rows = readFileSync(join(root, 'datasets', 'pairwise.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { prompt: string; chosen: string; rejected: string });
const requests: ScoreRequest[] = rows.flatMap((r) =>
  [r.chosen, r.rejected].map((response) => ({ messages: [{ role: 'user' as const, content: r.prompt }], response })),
);
const BATCH = 64;

async function measure(
  spec: string,
): Promise<{ spec: string; loadSeconds: number; seconds: number; itemsPerSecond: number; tokensPerSecond: number | null; scores: number[] }> {
  const started = performance.now();
  const { model } = await createModel(parseModelSpec(spec), { seed: 0, cwd: root, device: 'cpu' });
  try {
    // The first batch loads the weights (and starts Python for hf:); time it apart from the rest.
    const first = (await model.score!(requests.slice(0, BATCH))) as number[];
    const loaded = performance.now();
    const scores = [...first];
    for (let i = BATCH; i < requests.length; i += BATCH) scores.push(...((await model.score!(requests.slice(i, i + BATCH))) as number[]));
    const seconds = (performance.now() - loaded) / 1000;
    const n = requests.length - BATCH;
    const rt = model.runtime?.();
    return { spec, loadSeconds: (loaded - started) / 1000, seconds, itemsPerSecond: n / seconds, tokensPerSecond: rt?.tokensPerSecond ?? null, scores };
  } finally {
    await model.dispose?.();
  }
}

const results = [];
for (const name of fixtures) {
  const dir = join(root, 'test', 'fixtures', 'parity', name);
  const layout = existsSync(join(dir, 'onnx', 'model.onnx')) ? 'onnx' : 'ort';
  const hf = await measure(`hf:${dir}?python=${python}`);
  const onnx = await measure(`${layout}:${dir}`);
  const diff = Math.max(...onnx.scores.map((s, i) => Math.abs(s - hf.scores[i]!)));
  for (const m of [hf, onnx]) {
    console.log(
      `${name} ${m.spec.split(':')[0]}: ${requests.length} texts, first batch ${m.loadSeconds.toFixed(2)} s, then ${m.itemsPerSecond.toFixed(0)} items/s${m.tokensPerSecond ? `, ${m.tokensPerSecond.toFixed(0)} tokens/s` : ''}`,
    );
  }
  console.log(`${name}: max |${layout}: − hf:| = ${diff.toExponential(2)}`);
  results.push({ fixture: name, texts: requests.length, hf: { ...hf, scores: undefined }, [layout]: { ...onnx, scores: undefined }, maxDiff: diff });
}
console.log(JSON.stringify(results));
