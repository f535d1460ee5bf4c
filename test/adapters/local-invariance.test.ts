import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { createModel } from '../../src/run/models.js';
import { parseModelSpec } from '../../src/core/model-spec.js';
import type { ScoreRequest } from '../../src/core/types.js';
import { copyModel, referenceModel, root } from '../support/helpers.js';

/**
 * Scores of local models must not depend on how requests are batched: on the CPU they are
 * bit-identical across batch sizes, orders, concurrency and the token budget (rows are padded to
 * their own length bucket and never run alone). Also: the dtype option loads other graphs, and
 * an ort: model pads with exactly the id its last-token pooling compares against.
 */

function builtinRequests(): ScoreRequest[] {
  const rows = readFileSync(join(root, 'datasets', 'pairwise.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { prompt: string; chosen: string; rejected: string });
  // Every 12th pair: 50 texts of 10 to 160 tokens, from all six subsets (enough rows for many
  // batch shapes; each extra row only costs another forward pass of three models, five times).
  return rows
    .filter((_, i) => i % 12 === 0)
    .flatMap((r) => [r.chosen, r.rejected].map((response) => ({ messages: [{ role: 'user' as const, content: r.prompt }], response })));
}

async function scorer(spec: string) {
  const { model } = await createModel(parseModelSpec(spec), { seed: 0, cwd: root });
  t.teardown(() => model.dispose?.());
  return async (batch: ScoreRequest[]) => (await model.score!(batch)) as number[];
}

const identical = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
const maxDiff = (a: readonly number[], b: readonly number[]) => Math.max(...a.map((x, i) => Math.abs(x - b[i]!)));

const requests = builtinRequests();

for (const spec of ['onnx:models/bow-clean', 'onnx:models/mini-bert', 'ort:models/mini-llama']) {
  t.test(`${spec}: bit-identical scores however the requests are batched`, async (t) => {
    const score = await scorer(`${spec}?device=cpu`);
    const whole = await score(requests);
    t.equal(new Set(whole).size > requests.length / 2, true, 'scores vary (the test can fail)');
    const reversed = (await score([...requests].reverse())).reverse();
    const one: number[] = [];
    for (const r of requests.slice(0, 20)) one.push(...(await score([r])));
    const chunks: ScoreRequest[][] = [];
    for (let s = 0; s < requests.length; s += 7) chunks.push(requests.slice(s, s + 7));
    const concurrent = (await Promise.all(chunks.map(score))).flat();
    t.ok(identical(reversed, whole), `reversed order (max diff ${maxDiff(reversed, whole)})`);
    t.ok(identical(one, whole.slice(0, 20)), `one at a time (max diff ${maxDiff(one, whole.slice(0, 20))})`);
    t.ok(identical(concurrent, whole), `chunks of 7 in flight together (max diff ${maxDiff(concurrent, whole)})`);
    const tiny = await scorer(`${spec}?device=cpu&maxBatch=3&tokenBudget=300&workers=2&threads=1`);
    const small = await tiny(requests);
    t.ok(identical(small, whole), `3-row batches under a 300-token budget on two 1-thread workers (max diff ${maxDiff(small, whole)})`);
  });
}

t.test('dtype selects the graph: fp16 and 8-bit mini-bert track fp32 closely but are other models', async (t) => {
  const fp32 = await createModel(parseModelSpec('onnx:models/mini-bert?device=cpu'), { seed: 0, cwd: root });
  const fp16 = await createModel(parseModelSpec('onnx:models/mini-bert?device=cpu&dtype=fp16'), { seed: 0, cwd: root });
  const q8 = await createModel(parseModelSpec('onnx:models/mini-bert?device=cpu&dtype=q8'), { seed: 0, cwd: root });
  t.teardown(async () => Promise.all([fp32, fp16, q8].map((m) => m.model.dispose?.())));
  const batch = requests.slice(0, 24);
  const [a, b, c] = await Promise.all([fp32, fp16, q8].map(async (m) => (await m.model.score!(batch)) as number[]));
  const spread = Math.max(...a!) - Math.min(...a!);
  t.ok(maxDiff(a!, b!) < 0.01 * spread, `fp16 within 1% of the score range (max diff ${maxDiff(a!, b!)}, range ${spread})`);
  t.ok(maxDiff(a!, b!) > 0, 'fp16 is not the fp32 graph');
  t.ok(maxDiff(a!, c!) < 0.1 * spread && maxDiff(a!, c!) > 0, `8-bit within 10% of the range and not fp32 (max diff ${maxDiff(a!, c!)})`);
  t.equal(new Set([fp32, fp16, q8].map((m) => m.model.fingerprint)).size, 3, 'each dtype has its own cache fingerprint');
  t.same(fp16.model.runtime!().dtype, 'fp16');
});

t.test('ort: the pad id matters, and a config without one still scores correctly', async (t) => {
  const batch = requests.slice(0, 30);
  const right = await (await scorer('ort:models/mini-llama?device=cpu'))(batch);
  const cfg = JSON.parse(readFileSync(join(referenceModel('mini-llama'), 'config.json'), 'utf8')) as { pad_token_id: number };
  // Padding with another id makes the graph's pooling read the padding as the last token.
  const wrongPad = await (await scorer(`ort:models/mini-llama?device=cpu&padTokenId=${cfg.pad_token_id - 1}`))(batch);
  t.ok(wrongPad.filter((x, i) => x !== right[i]).length > batch.length / 2, 'a wrong pad id changes most scores');

  const noPad = copyModel(t, 'mini-llama');
  const { pad_token_id: _dropped, ...rest } = JSON.parse(readFileSync(join(noPad, 'config.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(noPad, 'config.json'), JSON.stringify(rest));
  const loaded = await createModel(parseModelSpec(`ort:${noPad}?device=cpu`), { seed: 0, cwd: root });
  t.teardown(() => loaded.model.dispose?.());
  t.match(loaded.model.warnings?.join('\n') ?? '', /has no pad_token_id, so only sequences of equal length share a batch/);
  const unpadded = (await loaded.model.score!(batch)) as number[];
  t.ok(maxDiff(unpadded, right) < 1e-5, `unpadded scores agree with padded ones (max diff ${maxDiff(unpadded, right)})`);
});
