import { AutoTokenizer, env } from '@huggingface/transformers';
import t from 'tap';
import { type HfTokenizer, RequestEncoder } from '../../src/adapters/local/text.js';
import { createModel } from '../../src/run/models.js';
import { parseModelSpec } from '../../src/core/model-spec.js';
import type { ScoreRequest } from '../../src/core/types.js';
import { referenceModel } from '../support/helpers.js';

/**
 * How requests become tokens: the chat template applied (and BOS not doubled), text pairs for
 * encoders, truncation that keeps the end token, and the checks that count what went wrong.
 * Expected ids come from calling the tokenizer directly, the way a user would by hand.
 */

env.allowRemoteModels = false;
const load = async (id: string) =>
  (await AutoTokenizer.from_pretrained(referenceModel(id))) as unknown as HfTokenizer & { apply_chat_template: (c: unknown, o: object) => string };
const req = (prompt: string, response: string, system?: string): ScoreRequest => ({
  messages: [...(system ? [{ role: 'system' as const, content: system }] : []), { role: 'user', content: prompt }],
  response,
});
const requests = [req('What is 2 + 2?', '2 + 2 = 4.'), req('Name a planet.', 'Mars is a planet.', 'Answer briefly.'), req('Say hi.', '')];

async function inspect(spec: string, batch: ScoreRequest[]) {
  const { model } = await createModel(parseModelSpec(spec), { seed: 0, cwd: process.cwd() });
  try {
    return await model.inspect!(batch);
  } finally {
    await model.dispose?.();
  }
}

t.test('template form: the conversation through the chat template, one BOS, ending with <|eot_id|>', async (t) => {
  const tok = await load('mini-llama');
  const enc = new RequestEncoder(tok, { form: 'template', addSpecialTokens: false, maxLength: 1024 });
  for (const r of requests) {
    const conversation = [...r.messages, { role: 'assistant', content: r.response }];
    const text = tok.apply_chat_template(conversation, { tokenize: false });
    t.ok(
      text.startsWith('<|begin_of_text|>') && text.includes('<|start_header_id|>assistant<|end_header_id|>'),
      'the template wrote BOS and the assistant turn',
    );
    const expected = tok(text, { add_special_tokens: false, return_tensor: false }).input_ids;
    const got = enc.encode(r);
    t.same(got.ids, expected, 'ids = tokenizer(template(conversation)) without added special tokens');
    t.not(got.ids[1], tok.bos_token_id, 'BOS is not doubled');
    t.same(got.facts, { tokens: expected.length, truncated: false, duplicatedBos: false, missingEnd: false, responseCut: false });
    t.same(
      new RequestEncoder(tok, { form: 'template', maxLength: 1024 }).encode(r).ids,
      expected,
      'the default (special tokens added, the doubled BOS dropped) gives the same ids',
    );
  }
  t.same(enc.expectedEndTokens(), ['<|eot_id|>']);
});

t.test('a template that writes no BOS gets the one the tokenizer adds, as in RewardBench', async (t) => {
  const tok = await load('mini-llama');
  const chatTemplate = "{% for m in messages %}{{ m['role'] + ': ' + m['content'] + '\\n' }}{% endfor %}";
  const r = requests[0]!;
  const text = tok.apply_chat_template([...r.messages, { role: 'assistant', content: r.response }], { tokenize: false, chat_template: chatTemplate }) as string;
  t.notOk(text.startsWith('<|begin_of_text|>'), 'this template writes no BOS');
  const got = new RequestEncoder(tok, { form: 'template', chatTemplate, maxLength: 1024 }).encode(r);
  t.same(got.ids, [tok.bos_token_id, ...tok(text, { add_special_tokens: false, return_tensor: false }).input_ids]);
});

t.test('addSpecialTokens=true on a template that writes BOS doubles it, and the check counts every request', async (t) => {
  const facts = await inspect(`ort:${referenceModel('mini-llama')}?addSpecialTokens=true&device=cpu`, requests);
  t.same(
    facts.facts.map((f) => f.duplicatedBos),
    [true, true, true],
  );
  const tok = await load('mini-llama');
  const doubled = new RequestEncoder(tok, { form: 'template', addSpecialTokens: true, maxLength: 1024 }).encode(requests[0]!);
  t.same(doubled.ids.slice(0, 2), [tok.bos_token_id, tok.bos_token_id]);
});

t.test('a template without the end-of-turn token is flagged: missingEnd on every request', async (t) => {
  const template = "{{ bos_token }}{% for m in messages %}{{ m['role'] + ': ' + m['content'] + '\\n' }}{% endfor %}";
  const facts = await inspect(`ort:${referenceModel('mini-llama')}?device=cpu&chatTemplate=${encodeURIComponent(template)}`, requests);
  t.same(facts.expectedEnd, ['<|eot_id|>'], "the model's own template says what a turn ends with");
  t.same(
    facts.facts.map((f) => f.missingEnd),
    [true, true, true],
  );
});

t.test('pair form: [CLS] prompt [SEP] response [SEP], multi-turn prompts joined by blank lines', async (t) => {
  const tok = await load('bow-clean');
  const enc = new RequestEncoder(tok, { form: 'pair', addSpecialTokens: true, maxLength: 512 });
  const r = req('Name a planet.', 'Mars is a planet.', 'Answer briefly.');
  const expected = tok('Answer briefly.\n\nName a planet.', { text_pair: 'Mars is a planet.', return_tensor: false, return_token_type_ids: true });
  const got = enc.encode(r);
  t.same(got.ids, expected.input_ids);
  t.same(got.types, expected.token_type_ids);
  t.equal(tok.decode(got.ids), '[CLS] answer briefly. name a planet. [SEP] mars is a planet. [SEP]');
  t.same(enc.expectedEndTokens(), ['[SEP]']);
  t.equal(got.facts.missingEnd, false);
});

t.test('truncate=end keeps the first maxLength − 1 tokens and the last, and counts the cut response', async (t) => {
  const tok = await load('bow-clean');
  const long = req('Tell me about the sea.', 'The sea is wide and deep and blue, and the waves roll in from far away all day long.');
  const short = req('Hi?', 'Hello.');
  const full = tok('Tell me about the sea.', { text_pair: long.response, return_tensor: false }).input_ids;
  const shortLen = tok('Hi?', { text_pair: 'Hello.', return_tensor: false }).input_ids.length;
  const max = 16;
  t.ok(full.length > max && shortLen <= max, `the long request has ${full.length} tokens, the short ${shortLen}`);
  const got = new RequestEncoder(tok, { form: 'pair', maxLength: max, truncate: 'end' }).encode(long);
  t.same(got.ids, [...full.slice(0, max - 1), full[full.length - 1]!], 'the first 15 tokens, then [SEP]');
  t.same(got.facts, { tokens: full.length, truncated: true, duplicatedBos: false, missingEnd: false, responseCut: true });

  const facts = await inspect(`onnx:${referenceModel('bow-clean')}?maxLength=${max}&device=cpu&truncate=end`, [long, short, long]);
  t.same(
    facts.facts.map((f) => f.truncated),
    [true, false, true],
  );
  t.same(
    facts.facts.map((f) => f.responseCut),
    [true, false, true],
  );
  t.equal(facts.maxLength, max);
});

t.test('truncation by default keeps [CLS] and the last maxLength − 1: a long prompt loses its beginning, the response survives', async (t) => {
  const tok = await load('bow-clean');
  const prompt = 'Here is a very long story about the sea and the ships and the harbour and the gulls over the water.';
  const r = req(prompt, 'Short answer.');
  const full = tok(prompt, { text_pair: r.response, return_tensor: false }).input_ids;
  const answer = tok('Short answer.', { add_special_tokens: false, return_tensor: false }).input_ids;
  const max = 12;
  const got = new RequestEncoder(tok, { form: 'pair', maxLength: max }).encode(r);
  t.same(got.ids, [full[0]!, ...full.slice(full.length - (max - 1))], '[CLS], then the last 11 tokens');
  t.same(got.ids.slice(-(answer.length + 1), -1), answer, 'the whole response is still there, before the final [SEP]');
  t.equal(got.ids.length, max);
  t.same(got.facts, { tokens: full.length, truncated: true, duplicatedBos: false, missingEnd: false, responseCut: false });
  const end = new RequestEncoder(tok, { form: 'pair', maxLength: max, truncate: 'end' }).encode(r);
  t.notOk(
    end.ids.slice(0, -1).some((id, k) => id === answer[0] && end.ids[k + 1] === answer[1]),
    'truncate=end cuts the response away here',
  );
  t.equal(end.facts.responseCut, true);
  // A response longer than the limit must lose tokens whatever is kept: counted, never silent.
  const huge = new RequestEncoder(tok, { form: 'pair', maxLength: max }).encode(req('Hi?', prompt));
  t.same([huge.facts.truncated, huge.facts.responseCut], [true, true]);
});

t.test('template truncation keeps every leading special token (BOS, the first header) and the end of the conversation', async (t) => {
  const tok = await load('mini-llama');
  const r = req('Please read all of this first. '.repeat(12), 'Mars.', 'You are terse.');
  const text = tok.apply_chat_template([...r.messages, { role: 'assistant', content: r.response }], { tokenize: false }) as string;
  const full = tok(text, { add_special_tokens: false, return_tensor: false }).input_ids;
  // The leading run of special tokens, counted here from the tokenizer's own list.
  let head = 0;
  while (tok.all_special_ids.includes(full[head]!)) head++;
  t.ok(head >= 2, `the conversation opens with ${head} special tokens`);
  const max = 24;
  const got = new RequestEncoder(tok, { form: 'template', maxLength: max }).encode(r);
  t.same(got.ids, [...full.slice(0, head), ...full.slice(full.length - (max - head))]);
  t.equal(got.facts.responseCut, false, 'the response and its <|eot_id|> survive');
  t.equal(got.facts.missingEnd, false);
});

t.test('the truncate option: checked, start by default, part of the fingerprint', async (t) => {
  const base = await createModel(parseModelSpec(`onnx:${referenceModel('bow-clean')}?device=cpu`), { seed: 0, cwd: process.cwd() });
  const end = await createModel(parseModelSpec(`onnx:${referenceModel('bow-clean')}?device=cpu&truncate=end`), { seed: 0, cwd: process.cwd() });
  const start = await createModel(parseModelSpec(`onnx:${referenceModel('bow-clean')}?device=cpu&truncate=start`), { seed: 0, cwd: process.cwd() });
  t.equal(start.model.fingerprint, base.model.fingerprint, 'truncate=start is the default: same scores, same cache entries');
  t.not(end.model.fingerprint, base.model.fingerprint);
  for (const m of [base, end, start]) await m.model.dispose?.();
  await t.rejects(
    createModel(parseModelSpec(`onnx:${referenceModel('bow-clean')}?truncate=middle`), { seed: 0, cwd: process.cwd() }),
    /truncate must be end or start, got "middle"/,
  );
});

t.test('maxLength defaults to the tokenizer’s model_max_length, capped by max_position_embeddings', async (t) => {
  t.equal((await inspect(`onnx:${referenceModel('mini-bert')}?device=cpu`, requests)).maxLength, 512);
  t.equal((await inspect(`ort:${referenceModel('mini-llama')}?device=cpu`, requests)).maxLength, 1024);
  t.equal((await inspect(`onnx:${referenceModel('mini-bert')}?device=cpu&maxLength=4096`, requests)).maxLength, 512, 'capped');
});
