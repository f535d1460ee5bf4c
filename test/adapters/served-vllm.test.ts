import t from 'tap';
import { ModelError } from '../../src/core/errors.js';
import { codePoints, fakeStepLogit } from '../support/fake-served.js';
import { referenceModel } from '../support/helpers.js';
import { ask, fake, quick, served } from '../support/served.js';

// vLLM conformance against a fake built from the documented /pooling and /classify shapes.

t.test('/pooling: raw rewards, in order, model name discovered from /v1/models', async (t) => {
  const f = await fake(t, { kind: 'vllm', model: 'org/rm-8b' });
  const m = await served(t, `vllm:${f.url}`);
  const texts = ['a', 'héllo', 'x'.repeat(40)];
  const out = await m.score!(texts.map((s) => ask(s)));
  // No template: "Q?\n\n" + response, so the reward is 4 code points more than the response.
  t.same(
    out,
    texts.map((s) => codePoints(s) + 4),
  );
  const sent = f.log.find((e) => e.path === '/pooling')!;
  t.equal(sent.items.length, 3, 'one request for the batch');
  t.match(m.warnings, [/no \?tokenizer= or \?template=/]);
  const other = await served(t, `vllm:${f.url}?model=other`);
  t.not(other.fingerprint, m.fingerprint, 'the served name is in the fingerprint');
});

t.test('the fingerprint ignores the URLs: replicas share the cache', async (t) => {
  const a = await fake(t, { kind: 'vllm' });
  const b = await fake(t, { kind: 'vllm' });
  const ma = await served(t, `vllm:${a.url}`);
  const mb = await served(t, `vllm:${b.url},${a.url}?retries=2`);
  t.equal(ma.fingerprint, mb.fingerprint);
  const mc = await served(t, `vllm:${a.url}?endpoint=classify`);
  t.not(mc.fingerprint, ma.fingerprint, 'the endpoint changes outputs, so it changes the fingerprint');
});

t.test('?endpoint=classify reads probs[label]', async (t) => {
  const f = await fake(t, { kind: 'vllm' });
  const m = await served(t, `vllm:${f.url}?endpoint=classify&model=fake/rm-7b`);
  t.same(await m.score!([ask('abcd')]), [(4 + 4) / 1000]);
});

t.test('tokenizer=DIR: token ids sent, inspect reports the checks; template= renders client-side', async (t) => {
  const f = await fake(t, { kind: 'vllm' });
  const dir = referenceModel('mini-llama');
  const m = await served(t, `vllm:${f.url}?tokenizer=${dir}`);
  const [score] = await m.score!([ask('four')]);
  const ids = JSON.parse(f.log.at(-1)!.items[0]!) as number[];
  t.ok(Array.isArray(ids) && ids.length > 3, 'token ids went over the wire');
  t.equal(score, ids.length, 'the reward of the ids row');
  const facts = await m.inspect!([ask('four')]);
  t.equal(facts.facts[0]!.duplicatedBos, false, 'the template writes BOS once');
  const tpl = encodeURIComponent('{{ bos_token }}{% for m in messages %}[{{ m.role }}]{{ m.content }}{% endfor %}');
  const withBos = await served(t, `vllm:${f.url}?template=${tpl}&bosToken=${encodeURIComponent('<|begin_of_text|>')}`);
  await withBos.score!([ask('ok')]);
  t.equal(f.log.at(-1)!.items[0], '<|begin_of_text|>[user]Q?[assistant]ok');
  t.match(withBos.warnings, [/BOS twice/], 'a template writing BOS for a server adding its own is warned about');
});

t.test('token_classify: step scores at the separator positions', async (t) => {
  const f = await fake(t, { kind: 'vllm' });
  const dir = referenceModel('mini-llama');
  const m = await served(t, `vllm:${f.url}?tokenizer=${dir}&task=token_classify&stepToken=${encodeURIComponent('<|eot_id|>')}`);
  const req = { ...ask('s1\ns2'), context: { steps: ['s1', 's2'] } };
  const [steps] = (await m.score!([req])) as number[][];
  const ids = JSON.parse(f.log.at(-1)!.items[0]!) as number[];
  const sep = ids
    .map((id, p) => [id, p] as const)
    .filter(([id]) => id === ids[ids.length - 1])
    .map(([, p]) => p);
  t.ok(sep.length >= 2, 'each step is followed by the separator');
  t.same(
    steps,
    sep.map((p) => 1 / (1 + Math.exp(-fakeStepLogit(p)))),
    'softmax([0, z])[1] = σ(z) at each separator',
  );
});

t.test('retries 503 and resets, then a ModelError naming the endpoint and the last body', async (t) => {
  const flaky = await fake(t, { kind: 'vllm', fault: (n) => (n === 0 ? 503 : n === 1 ? 'reset' : 'ok') });
  const m = await served(t, `vllm:${flaky.url}?${quick}`);
  t.same(await m.score!([ask('ab')]), [6]);
  t.same(
    flaky.log.filter((e) => e.path === '/pooling').map((e) => e.status),
    [503, 'reset', 200],
  );
  const dead = await fake(t, { kind: 'vllm', fault: () => 500 });
  const d = await served(t, `vllm:${dead.url}?${quick}`);
  const err = await d.score!([ask('ab')]).catch((e: unknown) => e);
  t.ok(err instanceof ModelError, 'exit 3');
  t.match((err as Error).message, new RegExp(`${dead.url}/pooling failed after 4 attempts.*HTTP 500.*fault 500`));
  const bad = await fake(t, { kind: 'vllm' });
  const wrong = await served(t, `vllm:${bad.url}?model=nope&${quick}`);
  await t.rejects(wrong.score!([ask('x')]), /404.*does not exist/, 'a 4xx is not retried');
  t.equal(bad.log.length, 0, 'and never counted as a scoring request');
});

t.test('readiness: a server still loading answers 503 on /health until retries run out', async (t) => {
  const f = await fake(t, { kind: 'vllm', ready: false });
  const m = await served(t, `vllm:${f.url}?model=fake/rm-7b&${quick}`);
  await t.rejects(m.score!([ask('x')]), /not ready \(GET \/health\)/);
});
