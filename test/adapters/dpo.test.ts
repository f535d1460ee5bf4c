import t from 'tap';
import dpo from '../../src/adapters/dpo.js';
import { parseModelSpec } from '../../src/core/model-spec.js';
import type { AdapterContext, LoadedModel, LogprobRequest, ModelSpec, ScoreRequest } from '../../src/core/types.js';

// dpo:'s arithmetic on members whose log-probabilities are known by hand: a 3-token response after
// a 3-token prompt, "<s>[U] hi [A] yes</s>" → ids [1, 7, 9, 8, 12, 2], response from index 3.

const IDS = [1, 7, 9, 8, 12, 2];
// log π and log π_ref of tokens 8, 12, 2.
const LOGP: Record<string, number[]> = { policy: [-0.5, -1.25, -2], reference: [-1, -1, -0.75], gappy: [-0.5, -1.25, -2] };

interface Fake {
  asked: LogprobRequest[][];
  disposed: number;
}

function member(name: string, fake: Fake, tokenizer = 'sha256:same'): LoadedModel {
  return {
    spec: parseModelSpec(`fake:${name}`),
    batchSize: 8,
    model: {
      id: name,
      spec: `fake:${name}`,
      fingerprint: `sha256:${name}`,
      batchSize: 8,
      causal: {
        tokenizer,
        encode: async (batch: ScoreRequest[]) =>
          batch.map((r) => ({ ids: IDS, responseStart: 3, ...(r.context?.steps && { stepEnds: name === 'gappy' ? [3, 6] : [5, 6] }) })),
        async logprobs(rows: LogprobRequest[]) {
          fake.asked.push(rows);
          // Each row's tail of the known log-probabilities (truncation keeps the response's start).
          return rows.map((r) => LOGP[name]!.slice(0, r.ids.length - r.responseStart));
        },
      },
      dispose: async () => {
        fake.disposed++;
      },
    },
  };
}

function context(fake: Fake, tokenizers: Record<string, string> = {}): AdapterContext {
  return {
    seed: 0,
    cwd: process.cwd(),
    createMember: async (s: ModelSpec) =>
      s.target === 'plain'
        ? { ...member('plain', fake), model: { ...member('plain', fake).model, causal: undefined } }
        : member(s.target, fake, tokenizers[s.target]),
  };
}

async function load(spec: string, fake: Fake = { asked: [], disposed: 0 }, tokenizers: Record<string, string> = {}) {
  const s = parseModelSpec(spec);
  const defaults = { beta: 1, maxLength: 2048, maxPromptLength: 128, refFree: undefined };
  const opts = { ...defaults, ...Object.fromEntries(Object.entries(s.options).map(([k, v]) => [k, k === 'refFree' ? v : Number(v)])) };
  return dpo.create(s, opts as never, context(fake, tokenizers));
}

const request: ScoreRequest = { messages: [{ role: 'user', content: 'hi' }], response: 'yes' };
const stepped: ScoreRequest = { ...request, response: 'y\nes', context: { steps: ['y', 'es'] } };

t.test('by hand: β·(Σ log π − Σ log π_ref) and the reference-free forms', async (t) => {
  // Σ log π = −3.75, Σ log π_ref = −2.75.
  t.same(await (await load('dpo:(fake:policy,fake:reference)')).score!([request]), [-1]);
  t.same(await (await load('dpo:(fake:policy,fake:reference;beta=0.1)')).score!([request]), [-0.1]);
  t.same(await (await load('dpo:(fake:policy,fake:reference)?beta=0.5')).score!([request]), [-0.5]);
  t.same(await (await load('dpo:(fake:policy;refFree=sum)')).score!([request]), [-3.75]);
  t.same(await (await load('dpo:(fake:policy;refFree=avg)')).score!([request]), [-1.25]);
  const norm = (await (await load('dpo:(fake:policy;refFree=norm)')).score!([request])) as number[];
  t.equal(norm[0], -Math.sqrt(0.25 + 1.5625 + 4), '−‖(−0.5, −1.25, −2)‖₂');
});

t.test('by hand: PRIME step rewards over each step’s tokens', async (t) => {
  // Steps end at 5 and 6: tokens 8, 12 → (−1.75) − (−2) = 0.25; token 2 → −2 − (−0.75) = −1.25.
  t.same(await (await load('dpo:(fake:policy,fake:reference)')).score!([stepped, request]), [[0.25, -1.25], -1]);
});

t.test('a step without tokens of its own: 0 for the sums, refused for avg', async (t) => {
  // "gappy" ends its first step where the response starts.
  t.same(await (await load('dpo:(fake:gappy;refFree=sum)')).score!([stepped]), [[0, -3.75]]);
  await t.rejects((await load('dpo:(fake:gappy;refFree=avg)')).score!([stepped]), { exitCode: 2, message: /has no tokens of its own/ });
});

t.test("RewardBench's truncation: the prompt keeps its end, then the response its start", async (t) => {
  const fake: Fake = { asked: [], disposed: 0 };
  // 6 > 5: the prompt [1, 7, 9] keeps its last 2 → [7, 9, 8, 12, 2]; the response is whole.
  await (
    await load('dpo:(fake:policy,fake:reference;maxLength=5;maxPromptLength=2)', fake)
  ).score!([request]);
  t.same(fake.asked[0], [{ ids: [7, 9, 8, 12, 2], responseStart: 2, tokens: 6, truncated: true, responseCut: false }]);
  // Still 5 > 4: the response keeps 4 − 2 = 2 tokens, so the reward is (−1.75) − (−2).
  t.same(await (await load('dpo:(fake:policy,fake:reference;maxLength=4;maxPromptLength=2)')).score!([request]), [0.25]);
  await t.rejects((await load('dpo:(fake:policy,fake:reference;maxLength=4;maxPromptLength=2)')).score!([stepped]), {
    exitCode: 2,
    message: /would cut the steps .* raise maxLength/,
  });
});

t.test('bad specs are usage errors that say what to write', async (t) => {
  await t.rejects(load('dpo:(fake:policy)'), { exitCode: 2, message: /no reference model.*refFree=sum\|avg\|norm/ });
  await t.rejects(load('dpo:(fake:policy,fake:reference;refFree=avg)'), { exitCode: 2, message: /refFree is for a policy alone/ });
  await t.rejects(load('dpo:(fake:policy,fake:reference;bta=1)'), { exitCode: 2, message: /Did you mean "beta"/ });
  await t.rejects(load('dpo:(fake:policy,fake:reference;beta=-1)'), { exitCode: 2, message: /beta must be a number ≥ 0/ });
  await t.rejects(load('dpo:(fake:policy,fake:reference;beta=1)?beta=1'), { exitCode: 2, message: /given twice/ });
  await t.rejects(load('dpo:fake:policy'), { exitCode: 2, message: /expected dpo:\(POLICY,REFERENCE/ });
  await t.rejects(load('dpo:(fake:a,fake:b,fake:c)'), { exitCode: 2, message: /at most one reference, got 3/ });
  await t.rejects(load('dpo:(fake:policy,fake:reference;maxLength=8;maxPromptLength=8)'), { exitCode: 2, message: /must be below maxLength/ });
});

t.test('members: causal LMs with one tokenizer, both disposed', async (t) => {
  const fake: Fake = { asked: [], disposed: 0 };
  await t.rejects(load('dpo:(fake:policy,fake:plain)', fake), { exitCode: 2, message: /reference "fake:plain" is not a causal language model/ });
  t.equal(fake.disposed, 2, 'the members loaded before the refusal are released');
  await t.rejects(load('dpo:(fake:policy,fake:reference)', fake, { reference: 'sha256:other' }), { exitCode: 2, message: /tokenizers differ/ });
  const m = await load('dpo:(fake:policy,fake:reference)', fake);
  const before = fake.disposed;
  await m.dispose!();
  await m.dispose!();
  t.equal(fake.disposed - before, 2, 'each member once, however often dpo: is disposed');
});

t.test('the fingerprint covers both members, β, the form and the truncation', async (t) => {
  const fp = async (s: string) => (await load(s)).fingerprint;
  const base = await fp('dpo:(fake:policy,fake:reference)');
  t.equal(await fp('dpo:(fake:policy,fake:reference;beta=1)'), base, 'the default written out');
  for (const other of [
    'dpo:(fake:policy,fake:reference;beta=0.1)',
    'dpo:(fake:reference,fake:policy)',
    'dpo:(fake:policy,fake:reference;maxLength=64)',
    'dpo:(fake:policy;refFree=sum)',
  ])
    t.not(await fp(other), base, other);
});
