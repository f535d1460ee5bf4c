import t, { type Test } from 'tap';
import { parseModelSpec } from '../../src/core/model-spec.js';
import type { RewardModel, ScoreRequest } from '../../src/core/types.js';
import { createModel } from '../../src/run/models.js';
import { bigram, type Fault, startLogprobsFake, type Tamper } from '../support/fake-served.js';
import { root } from '../support/helpers.js';
import { quick } from '../support/served.js';

// What openai-logprobs: refuses, and how: bad usage exits 2 (UsageError); a server whose answer
// does not line up with the ids sent, lacks a log-probability, or fails over HTTP exits 3
// (ModelError). Every server misbehaviour below is a deliberate corruption of the fake's answer.

const tok = 'tokenizer=test/fixtures/parity-dpo/qwen2-dpo/policy';
const requests: ScoreRequest[] = [
  { messages: [{ role: 'user', content: 'What is 2+2?' }], response: 'It is 4.' },
  { messages: [{ role: 'user', content: 'Name a colour.' }], response: 'Blue.' },
];

async function load(t: Test, spec: string): Promise<RewardModel> {
  const { model } = await createModel(parseModelSpec(spec), { seed: 0, cwd: root });
  t.teardown(() => model.dispose?.());
  return model;
}

/** dpo: of a fake policy (corrupted by `tamper`, failing with `fault`) over a sound fake reference. */
async function pair(t: Test, o: { tamper?: Tamper; fault?: (n: number) => Fault; shape?: string; model?: string } = {}) {
  const policy = await startLogprobsFake({ rule: bigram(3), model: 'fake/policy', ...(o.tamper && { tamper: o.tamper }), ...(o.fault && { fault: o.fault }) });
  const reference = await startLogprobsFake({ rule: bigram(5), model: 'fake/reference' });
  t.teardown(() => Promise.all([policy.close(), reference.close()]));
  const shape = `shape=${o.shape ?? 'prompt_logprobs'}`;
  const spec = `dpo:(openai-logprobs:${policy.url}?model=${o.model ?? policy.model}&${tok}&${shape}&${quick},openai-logprobs:${reference.url}?model=fake/reference&${tok}&${shape})`;
  return { policy, model: await load(t, spec) };
}

t.test('usage errors (exit 2): no tokenizer folder, an incomplete one, and a causal LM scored alone', async (t) => {
  const f = await startLogprobsFake();
  t.teardown(() => f.close());
  await t.rejects(load(t, `openai-logprobs:${f.url}?model=${f.model}`), { exitCode: 2, message: /needs \?tokenizer=DIR/ });
  await t.rejects(load(t, `openai-logprobs:${f.url}?model=${f.model}&tokenizer=test/fixtures`), { exitCode: 2, message: /has no tokenizer\.json/ });
  await t.rejects(load(t, `openai-logprobs:${f.url}?model=${f.model}&${tok}&keyEnv=RG_TEST_UNSET_KEY`), { exitCode: 2, message: /is not set/ });
  const alone = await load(t, `openai-logprobs:${f.url}?model=${f.model}&${tok}`);
  await t.rejects(alone.score!(requests), { exitCode: 2, message: /causal language model .*dpo:\(openai-logprobs:.*,REFERENCE_SPEC/ });
  t.equal(f.log.length, 0, 'refused before asking the server');
});

type Choice = Record<string, unknown> & { prompt_logprobs: (Record<string, unknown> | null)[] };
const vllm =
  (edit: (c: Choice) => void): Tamper =>
  (b) =>
    edit(b.choices[0] as Choice);
const last = (c: Choice) => c.prompt_logprobs[c.prompt_logprobs.length - 1]!;

const corruptions: [string, Tamper, RegExp][] = [
  ['a position dropped', vllm((c) => c.prompt_logprobs.pop()), /came back with \d+ positions for the \d+ token ids sent/],
  ['a token added in front (a server that adds BOS)', vllm((c) => c.prompt_logprobs.unshift(null)), /came back with \d+ positions/],
  [
    'another token at a counted position',
    vllm((c) => (c.prompt_logprobs[c.prompt_logprobs.length - 1] = { 7: { logprob: -1 } })),
    /holds token\(s\) 7, not the id sent there/,
  ],
  ['null at a counted position', vllm((c) => (c.prompt_logprobs[c.prompt_logprobs.length - 1] = null)), /has no log-probability \(null\)/],
  [
    'a non-number log-probability',
    vllm((c) => ((Object.values(last(c))[0] as Record<string, unknown>).logprob = '-inf')),
    /has log-probability "-inf", not a finite number/,
  ],
  ['a value at the first position', vllm((c) => (c.prompt_logprobs[0] = { 1: { logprob: -1 } })), /first position has a log-probability .*shifted/],
  ['no prompt_logprobs', vllm((c) => delete (c as Record<string, unknown>).prompt_logprobs), /has no prompt_logprobs list .*shape=echo/],
  ['a choice missing', (b) => b.choices.pop(), /answered 1 choices for 2 prompts/],
  ['one prompt answered twice', (b) => (b.choices[1]!.index = 0), /has index 0, not a prompt of this request answered once/],
];

for (const [what, tamper, message] of corruptions)
  t.test(`prompt_logprobs, ${what}: exit 3`, async (t) => {
    const { model } = await pair(t, { tamper });
    await t.rejects(model.score!(requests), { exitCode: 3, message });
  });

type Echo = { logprobs: { tokens: string[]; token_logprobs: (number | null)[] } };
const echo =
  (edit: (c: Echo) => void): Tamper =>
  (b) =>
    edit(b.choices[0] as unknown as Echo);
const echoCorruptions: [string, Tamper, RegExp][] = [
  ['a position dropped', echo((c) => (c.logprobs.token_logprobs.pop(), c.logprobs.tokens.pop())), /came back with \d+ positions/],
  ['null at a counted position', echo((c) => (c.logprobs.token_logprobs[c.logprobs.token_logprobs.length - 1] = null)), /has no log-probability \(null\)/],
  ['a token_id:N token other than the id sent', echo((c) => (c.logprobs.tokens[2] = 'token_id:999999')), /position 2 is token 999999, not the id sent there/],
  ['tokens and log-probs of different lengths', echo((c) => c.logprobs.tokens.pop()), /has \d+ tokens but \d+ token_logprobs/],
];

for (const [what, tamper, message] of echoCorruptions)
  t.test(`echo, ${what}: exit 3`, async (t) => {
    const { model } = await pair(t, { tamper, shape: 'echo' });
    await t.rejects(model.score!(requests), { exitCode: 3, message });
  });

t.test('choices are placed by their index, not their order', async (t) => {
  const plain = await (await pair(t)).model.score!(requests);
  const reversed = await (await pair(t, { tamper: (b) => b.choices.reverse() })).model.score!(requests);
  t.strictSame(reversed, plain);
  t.not(plain[0], plain[1], 'the two requests have different rewards, so a swap would show');
});

t.test('HTTP: retried on 503, then exit 3 when it persists, at once on a refusal or an unknown model', async (t) => {
  const flaky = await pair(t, { fault: (n) => (n < 2 ? 503 : 'ok') });
  const scores = await flaky.model.score!(requests);
  t.equal(scores.length, 2, 'scored after two 503s');
  t.strictSame(
    flaky.policy.log.map((e) => e.status),
    [503, 503, 200],
  );
  const down = await pair(t, { fault: () => 503 });
  await t.rejects(down.model.score!(requests), { exitCode: 3, message: /failed after 4 attempts.*HTTP 503/ });
  const refused = await pair(t, { fault: () => 422 });
  await t.rejects(refused.model.score!(requests), { exitCode: 3, message: /lower dpo:'s maxLength.*try shape=echo.*answered 422/ });
  t.equal(refused.policy.log.length, 1, 'a 4xx is not retried');
  const unknown = await pair(t, { model: 'fake/nope' });
  await t.rejects(unknown.model.score!(requests), { exitCode: 3, message: /answered 404.*fake\/nope/ });
});
