import t from 'tap';
import { UsageError } from '../../src/core/errors.js';
import { referenceModel } from '../support/helpers.js';
import { ask, fake, quick, served } from '../support/served.js';

// KServe v2 / Triton conformance: INT64 tensors, padding and mask, readiness, error bodies.

t.test('padded INT64 input_ids with attention_mask; logits[:, label]', async (t) => {
  const f = await fake(t, { kind: 'kserve', model: 'rm' });
  const dir = referenceModel('mini-llama');
  const m = await served(t, `kserve:${f.url}?model=rm&tokenizer=${dir}`);
  const out = (await m.score!([ask('a'), ask('a much longer response here')])) as number[];
  const [a, b] = f.log.at(-1)!.items.map((s) => JSON.parse(s) as number[]);
  t.same(out, [a!.length, b!.length], 'the reward is the unmasked length: padding was masked');
  t.ok(a!.length < b!.length);
  const neg = await served(t, `kserve:${f.url}?model=rm&tokenizer=${dir}&label=1`);
  t.same(await neg.score!([ask('a')]), [-a!.length], 'label=1 reads the second column');
  const oob = await served(t, `kserve:${f.url}?model=rm&tokenizer=${dir}&label=2`);
  await t.rejects(oob.score!([ask('a')]), /label=2, but "logits" has 2 columns/);
});

t.test("needs a tokenizer; the model name comes from ?model= or Triton's repository index", async (t) => {
  const tok = referenceModel('mini-llama');
  const f = await fake(t, { kind: 'kserve', model: 'rm' });
  await t.rejects(served(t, `kserve:${f.url}?model=rm`), UsageError);
  const found = await served(t, `kserve:${f.url}?tokenizer=${tok}`);
  t.equal((await found.score!([ask('a')])).length, 1, 'the one READY model is used');
  t.ok(
    f.log.some((e) => e.path === '/v2/models/rm/infer'),
    'and its infer route called',
  );
  const many = await fake(t, {
    kind: 'kserve',
    model: 'rm',
    repository: [
      { name: 'rm', state: 'READY' },
      { name: 'rm-v2', state: 'READY' },
      { name: 'old', state: 'UNAVAILABLE' },
    ],
  });
  await t.rejects(served(t, `kserve:${many.url}?tokenizer=${tok}`), {
    exitCode: 2,
    message: /2 models are READY .*\[rm \(READY\), rm-v2 \(READY\), old \(UNAVAILABLE\)\]; give one with \?model=/,
  });
  const plain = await fake(t, { kind: 'kserve', model: 'rm', repository: null });
  await t.rejects(served(t, `kserve:${plain.url}?tokenizer=${tok}`), {
    exitCode: 2,
    message: /answered 404, so the server has no repository index .*\?model=/,
  });
});

t.test('readiness through /v2/health/ready and /v2/models/NAME/ready', async (t) => {
  const f = await fake(t, { kind: 'kserve', model: 'rm', ready: false });
  const m = await served(t, `kserve:${f.url}?model=rm&tokenizer=${referenceModel('mini-llama')}&${quick}`);
  await t.rejects(m.score!([ask('a')]), /not ready \(GET \/v2\/health\/ready\)/);
  f.state.ready = true;
  const m2 = await served(t, `kserve:${f.url}?model=rm&tokenizer=${referenceModel('mini-llama')}&${quick}`);
  t.equal((await m2.score!([ask('a')])).length, 1);
  const wrong = await served(t, `kserve:${f.url}?model=nope&tokenizer=${referenceModel('mini-llama')}&${quick}`);
  await t.rejects(wrong.score!([ask('a')]), /\/v2\/models\/nope\/ready/, 'an unknown model is not ready');
});
