import t from 'tap';
import { createModel } from '../../src/run/models.js';
import { parseModelSpec } from '../../src/core/model-spec.js';
import type { ScoreRequest } from '../../src/core/types.js';

const ctx = { seed: 7, cwd: process.cwd() };
const req = (response: string, prompt = 'q'): ScoreRequest => ({ messages: [{ role: 'user', content: prompt }], response });
const load = async (spec: string) => (await createModel(parseModelSpec(spec), ctx)).model;

t.test('length counts Unicode code points, not UTF-16 units or bytes', async (t) => {
  const m = await load('heuristic:length');
  // 'héllo' = h é l l o = 5; '👍🏽' = U+1F44D U+1F3FD = 2 code points (4 UTF-16 units);
  // '' = 0; 'a\nb' = 3.
  t.same(await m.score!([req('héllo'), req('👍🏽'), req(''), req('a\nb')]), [5, 2, 0, 3]);
  t.equal(m.baseline, true, 'marked as a trivial baseline');
});

t.test('length counts as the string iterator does, lone surrogates included', async (t) => {
  const m = await load('heuristic:length');
  const units = ['a', 'é', '\ud83d', '\ude00', '\ud83d\ude00', '\udbff\udfff', '\ud800\ud800', '\udc00\ud800'];
  let s = 1;
  const texts = Array.from({ length: 500 }, (_, i) =>
    Array.from({ length: i % 12 }, () => units[(s = (Math.imul(s, 1664525) + 1013904223) >>> 0) % units.length]).join(''),
  );
  t.same(
    await m.score!(texts.map((x) => req(x))),
    texts.map((x) => [...x].length),
  );
});

t.test('shortest is minus the length', async (t) => {
  const m = await load('heuristic:shortest');
  t.same(await m.score!([req('abc'), req('')]), [-3, -0]);
});

t.test('random is seeded, in [0, 1), and independent of batch composition and order', async (t) => {
  const m = await load('heuristic:random');
  const reqs = Array.from({ length: 50 }, (_, i) => req(`response ${i}`));
  const whole = (await m.score!(reqs)) as number[];
  const reversed = (await m.score!([...reqs].reverse())).reverse();
  const oneByOne: number[] = [];
  for (const r of reqs) oneByOne.push(...((await m.score!([r])) as number[]));
  t.same(reversed, whole, 'order does not matter');
  t.same(oneByOne, whole, 'batch size does not matter');
  t.ok(
    whole.every((x) => x >= 0 && x < 1),
    'all in [0, 1)',
  );
  t.equal(new Set(whole).size, 50, 'distinct requests get distinct scores');

  const same = await load('heuristic:random');
  t.same(await same.score!(reqs), whole, 'same run seed → same scores');
  t.equal(same.fingerprint, m.fingerprint);
  const other = await load('heuristic:random?seed=8');
  t.not(other.fingerprint, m.fingerprint, 'the seed is part of the fingerprint');
  t.notSame(await other.score!(reqs), whole, 'another seed → other scores');
  // The dataset key is identity for lookups, not content: it must not change a random score.
  const keyed = await m.score!([{ ...reqs[0]!, key: { item: 'x', candidate: 'y' } }]);
  t.equal(keyed[0], whole[0]);
});

t.test('constant returns its value, including NaN for testing error paths', async (t) => {
  t.same(await (await load('heuristic:constant')).score!([req('a'), req('bb')]), [0, 0]);
  t.same(await (await load('heuristic:constant?value=2.5')).score!([req('a')]), [2.5]);
  const nan = await (await load('heuristic:constant?value=NaN')).score!([req('a')]);
  t.ok(Number.isNaN(nan[0]));
});

t.test('fingerprints depend only on what changes scores', async (t) => {
  const a = await load('heuristic:length');
  const b = await load('heuristic:length?delayMs=5');
  t.equal(a.fingerprint, b.fingerprint, 'delay does not change scores');
  t.not((await load('heuristic:constant?value=1')).fingerprint, (await load('heuristic:constant?value=2')).fingerprint);
});

t.test('bad specs are usage errors with suggestions', async (t) => {
  await t.rejects(load('heuristic:lenght'), { exitCode: 2, message: /Did you mean "length"/ });
  await t.rejects(load('heuristic:constant?value=abc'), { exitCode: 2, message: /value must be a number/ });
  await t.rejects(load('heuristic:length?delay=5'), { exitCode: 2, message: /Did you mean "delayMs"/ });
  await t.rejects(load('heuristc:length'), { exitCode: 2, message: /Did you mean "heuristic"/ });
  await t.rejects(load('heuristic:length?aggregate=median'), { exitCode: 2, message: /aggregate/ });
});
