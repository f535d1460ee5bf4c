import t, { type Test } from 'tap';
import { parseModelSpec } from '../../src/core/model-spec.js';
import type { RawScore, RewardModel } from '../../src/core/types.js';
import { createModel } from '../../src/run/models.js';
import { bigram, type LogprobRule, startLogprobsFake } from '../support/fake-served.js';
import { root } from '../support/helpers.js';
import { type DpoEntry, dpoPairs, dpoRequests } from '../support/parity-dpo.js';

// openai-logprobs: members of dpo: against two loopback fakes whose language models are bigram
// rules, in both response shapes. Expected rewards are recomputed here from the rules and from the
// token ids transformers made for the DPO parity fixtures (reference.json), not from the adapter:
// so they also check that the ids sent are transformers' ids, as ort: and hf: make them.

const pair = dpoPairs().find((p) => p.name === 'qwen2-dpo')!;
const POLICY = bigram(3);
const REFERENCE = bigram(5);
const entries = new Map(pair.entries.map((e) => [e.id, e]));
// Requests transformers scored (a request whose steps would be cut has an error instead).
const requests = dpoRequests().filter((r) => entries.get(r.id)?.ids);
const refOf = (id: string) => entries.get(id) as Required<DpoEntry>;

async function fakes(t: Test, o: { shape?: string; extra?: string; params?: string } = {}) {
  const policy = await startLogprobsFake({ rule: POLICY, model: 'fake/policy-7b' });
  const reference = await startLogprobsFake({ rule: REFERENCE, model: 'fake/sft-7b' });
  t.teardown(() => Promise.all([policy.close(), reference.close()]));
  const shape = o.shape ?? 'prompt_logprobs';
  const member = (f: typeof policy, role: string) => `openai-logprobs:${f.url}?model=${f.model}&tokenizer=${pair.dir}/${role}&shape=${shape}${o.extra ?? ''}`;
  const limits = `maxLength=${pair.maxLength};maxPromptLength=${pair.maxPromptLength}`;
  return {
    policy,
    reference,
    member,
    ratio: `dpo:(${member(policy, 'policy')},${member(reference, 'reference')};${limits}${o.params ?? ''})`,
    refFree: (form: string) => `dpo:(${member(policy, 'policy')};${limits};refFree=${form})`,
  };
}

async function load(t: Test, spec: string): Promise<RewardModel> {
  const { model } = await createModel(parseModelSpec(spec), { seed: 0, cwd: root });
  t.teardown(() => model.dispose?.());
  return model;
}

/** Each counted position's log-probability under `rule`, for transformers' ids of `e`. */
const counted = (rule: LogprobRule, e: Required<DpoEntry>, from = e.responseStart, to = e.ids.length): number[] => {
  const out: number[] = [];
  for (let t = from; t < to; t++) out.push(rule(e.ids, t));
  return out;
};
const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** RewardBench's forms and PRIME's per-step log-ratio, from their definitions. */
function expected(form: string, e: Required<DpoEntry>): number | number[] {
  if (e.stepEnds && form === 'ratio')
    return e.stepEnds.map((end, k) => {
      const from = k === 0 ? e.responseStart : e.stepEnds[k - 1]!;
      return total(counted(POLICY, e, from, end)) - total(counted(REFERENCE, e, from, end));
    });
  const p = counted(POLICY, e);
  if (form === 'ratio') return total(p) - total(counted(REFERENCE, e));
  if (form === 'sum') return total(p);
  if (form === 'avg') return total(p) / p.length;
  return -Math.sqrt(total(p.map((x) => x * x)));
}

function near(t: Test, got: RawScore[], want: (number | number[])[], what: string) {
  const flat = (xs: (number | number[])[]) => xs.flatMap((x) => (Array.isArray(x) ? x : [x]));
  const [g, w] = [flat(got), flat(want)];
  t.equal(g.length, w.length, `${what}: as many rewards as expected`);
  t.ok(
    g.every((x, i) => Math.abs(x - w[i]!) < 1e-9),
    `${what}: every reward equals the hand-computed one (worst ${Math.max(...g.map((x, i) => Math.abs(x - w[i]!))).toExponential(1)})`,
  );
}

t.test('the bigram rule by hand', async (t) => {
  // ids [1026, 1025]: (1025 + 3·1026) mod 7 = 4103 mod 7 = 1 → −0.25; with salt 5: 6155 mod 7 = 2 → −0.5.
  t.equal(POLICY([1026, 1025], 1), -0.25);
  t.equal(REFERENCE([1026, 1025], 1), -0.5);
});

for (const shape of ['prompt_logprobs', 'echo']) {
  t.test(`${shape}: dpo: equals the hand-computed ratio, PRIME steps and reference-free forms`, async (t) => {
    const f = await fakes(t, { shape });
    const ratio = await (await load(t, f.ratio)).score!(requests);
    near(
      t,
      ratio,
      requests.map((r) => expected('ratio', refOf(r.id))),
      `ratio and steps over ${requests.length} requests`,
    );
    const scalar = requests.filter((r) => !r.context?.steps);
    for (const form of ['sum', 'avg', 'norm']) {
      const got = await (await load(t, f.refFree(form))).score!(scalar);
      near(
        t,
        got,
        scalar.map((r) => expected(form, refOf(r.id))),
        form,
      );
    }
    // Both servers were sent transformers' ids, each exactly once.
    const want = requests.map((r) => JSON.stringify(refOf(r.id).ids)).sort();
    t.strictSame(f.reference.log.flatMap((e) => e.items).sort(), want, 'the reference was asked about transformers’ ids');
  });
}

t.test('prompts are batched per request and the answers do not depend on it', async (t) => {
  const f = await fakes(t, { extra: '&promptsPerRequest=4&inFlight=2' });
  const got = await (await load(t, f.ratio)).score!(requests);
  // One dpo: call of all requests: ceil(n / 4) completions requests per server.
  t.equal(f.policy.log.length, Math.ceil(requests.length / 4), 'the policy got ceil(n/4) requests');
  t.ok(
    f.policy.log.every((e) => e.items.length <= 4),
    'at most 4 prompts each',
  );
  near(
    t,
    got,
    requests.map((r) => expected('ratio', refOf(r.id))),
    'four prompts per request',
  );
});

t.test('fingerprint: model, tokenizer, template and shape; not the URL, batching or client settings', async (t) => {
  const a = await startLogprobsFake({ model: 'fake/policy-7b' });
  const b = await startLogprobsFake({ model: 'fake/policy-7b' });
  t.teardown(() => Promise.all([a.close(), b.close()]));
  const tok = `tokenizer=${pair.dir}/policy`;
  const fp = async (spec: string) => (await load(t, spec)).fingerprint;
  const base = await fp(`openai-logprobs:${a.url}?model=fake/policy-7b&${tok}`);
  for (const same of [
    `openai-logprobs:${b.url}?model=fake/policy-7b&${tok}`,
    `openai-logprobs:${a.url}?model=fake/policy-7b&${tok}&promptsPerRequest=1&retries=2&timeoutMs=9000&inFlight=3&backoffMs=5&cooldownMs=9&maxResponseMB=2&idleTimeoutMs=800`,
    `openai-logprobs:${a.url}?${tok}&shape=prompt_logprobs`,
  ])
    t.equal(await fp(same), base, `unchanged: ${same.split('?')[1]}`);
  for (const other of [
    `model=fake/other&${tok}`,
    `model=fake/policy-7b&${tok}&shape=echo`,
    `model=fake/policy-7b&tokenizer=test/fixtures/parity-dpo/llama3-dpo/policy`,
    `model=fake/policy-7b&${tok}&chatTemplate=${encodeURIComponent('{% for m in messages %}{{ m.content }}{% endfor %}')}`,
  ])
    t.not(await fp(`openai-logprobs:${a.url}?${other}`), base, `changed: ${other}`);
});
