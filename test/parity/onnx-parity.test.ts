import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { loadLocalTokenizer, RequestEncoder } from '../../src/adapters/local/text.js';
import { createModel } from '../../src/run/models.js';
import { parseModelSpec } from '../../src/core/model-spec.js';
import { tmp } from '../support/helpers.js';
import { type Fixture, parityFixtures, scored } from '../support/parity.js';

// onnx: and ort: on real architectures, tokenizers and chat templates, against transformers'
// scores (written by scripts/parity/generate.py, committed so this runs without Python). No
// template or input option is given: the adapters must find what transformers would use.

const TOLERANCE = 1e-4;
const fixtures = parityFixtures();
if (fixtures.length === 0) t.fail('no parity fixtures under test/fixtures/parity: run .venv/bin/python scripts/parity/generate.py');

async function checkFixture(t: Test, f: Fixture, truncate: 'start' | 'end') {
  const refs = truncate === 'start' ? f.scores : f.truncateEnd!;
  const cases = scored(f, refs);
  // Token ids first: when they agree, any score difference is the graph's, not the tokenizer's.
  const tok = await loadLocalTokenizer(f.dir);
  const encoder = new RequestEncoder(tok, { form: f.form, maxLength: f.maxLength, truncate });
  for (const { request, ref } of cases) {
    if (ref.error !== undefined) {
      t.throws(
        () => encoder.encode(request),
        { exitCode: 2, message: /the chat template rejects the conversation of item/ },
        `${request.id}: refused as transformers refuses it (${ref.error})`,
      );
      continue;
    }
    const got = encoder.encode(request);
    t.same(got.ids, ref.ids, `${request.id} (${request.kind}): the ids transformers makes`);
    t.same(
      [got.facts.tokens, got.facts.truncated, got.facts.responseCut],
      [ref.tokens, ref.truncated, ref.responseCut],
      `${request.id}: length, truncated, response cut`,
    );
  }
  // One session worker: the scores do not depend on how many there are (local-invariance.test.ts), and each costs a model load.
  const spec = `${f.layout}:${f.dir}?device=cpu&workers=1${truncate === 'end' ? '&truncate=end' : ''}`;
  const { model } = await createModel(parseModelSpec(spec), { seed: 0, cwd: process.cwd() });
  try {
    const ok = cases.filter((c) => c.ref.error === undefined);
    const scores = (await model.score!(ok.map((c) => c.request))) as number[];
    const diffs = scores.map((s, i) => Math.abs(s - ok[i]!.ref.score!));
    const worst = Math.max(...diffs);
    t.ok(
      worst <= TOLERANCE,
      `${f.name} (${f.layout}:, truncate=${truncate}): max |score − transformers| = ${worst.toExponential(2)} over ${ok.length} requests`,
    );
    for (const c of cases.filter((x) => x.ref.error !== undefined)) {
      await t.rejects(model.score!([c.request]), { exitCode: 2, message: /chat template rejects/ }, `${c.request.id}: exit 2, not a score`);
    }
    const spread = Math.max(...scores) - Math.min(...scores);
    t.ok(spread > 0.05, `the scores spread over ${spread.toFixed(3)}, so ${TOLERANCE} would catch a tokenization difference`);
  } finally {
    await model.dispose?.();
  }
}

for (const f of fixtures) {
  t.test(`${f.name}: ${f.layout}: equals transformers`, async (t) => {
    await checkFixture(t, f, 'start');
    if (f.truncateEnd) await checkFixture(t, f, 'end');
  });
}

t.test('a decoder without any chat template is refused (exit 2), not scored as a text pair', async (t) => {
  const decoder = fixtures.find((f) => f.layout === 'ort' && f.form === 'template');
  if (!decoder) return t.fail('no decoder fixture');
  const dir = join(tmp(t), 'rm');
  cpSync(decoder.dir, dir, { recursive: true });
  rmSync(join(dir, 'chat_template.jinja'), { force: true });
  const config = JSON.parse(readFileSync(join(dir, 'tokenizer_config.json'), 'utf8')) as Record<string, unknown>;
  delete config.chat_template;
  writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify(config));
  await t.rejects(createModel(parseModelSpec(`ort:${dir}?device=cpu`), { seed: 0, cwd: process.cwd() }), {
    exitCode: 2,
    message: /is a decoder .* with no chat template .*rewards would be wrong.*\?chatTemplate=FILE, or \?input=pair/,
  });
  const { model } = await createModel(parseModelSpec(`ort:${dir}?device=cpu&input=pair`), { seed: 0, cwd: process.cwd() });
  await model.dispose?.();
  t.pass('?input=pair is the explicit way to score it as a pair');
});
