import t from 'tap';
import { codePoints } from '../support/fake-served.js';
import { ask, fake, quick, served } from '../support/served.js';

// SGLang conformance: native /classify (embedding = reward) and OpenAI-style /v1/classify.

t.test('/classify returns embedding[0] per text, in order', async (t) => {
  const f = await fake(t, { kind: 'sglang', model: 'org/skywork-rm' });
  const m = await served(t, `sglang:${f.url}`);
  const texts = ['a', 'bb', '😀😀😀'];
  t.same(
    await m.score!(texts.map((s) => ask(s))),
    texts.map((s) => codePoints(s) + 4),
  );
  t.equal(f.log[0]!.path, '/classify');
});

t.test('?endpoint=v1 uses /v1/classify', async (t) => {
  const f = await fake(t, { kind: 'sglang' });
  const m = await served(t, `sglang:${f.url}?endpoint=v1`);
  t.same(await m.score!([ask('abc')]), [7 / 1000]);
});

t.test('a server that answers the wrong number of rows is a ModelError', async (t) => {
  const f = await fake(t, { kind: 'sglang', fault: (n) => (n === 0 ? 503 : 'ok') });
  const m = await served(t, `sglang:${f.url}?${quick}`);
  t.same(await m.score!([ask('abc')]), [7], '503 retried');
  const wrong = await served(t, `sglang:${f.url}?model=else&${quick}`);
  await t.rejects(wrong.score!([ask('x')]), /404/);
});
