import t from 'tap';
import { testAdapter } from '../support/adapter-conformance.js';
import { bigram, startLogprobsFake } from '../support/fake-served.js';

// openai-logprobs: gives no reward alone, so the adapter contract is checked through dpo: over two
// loopback fakes of vLLM's completions (bigram log-probs). Exact: each prompt's log-probs depend on
// its own ids only, whatever shares its request, and dpo: adds them up in a fixed order. The
// members' own options (fingerprint, batching, shapes) are checked in openai-logprobs.test.ts; the
// options listed here are dpo:'s. The Qwen2 tokenizer of the DPO parity fixtures makes the ids.

const tokenizer = 'test/fixtures/parity-dpo/qwen2-dpo';

for (const shape of ['prompt_logprobs', 'echo']) {
  void testAdapter(t, {
    name: `dpo:(openai-logprobs: policy, openai-logprobs: reference), shape=${shape}`,
    async setup(t) {
      const policy = await startLogprobsFake({ rule: bigram(3), model: 'fake/policy' });
      const reference = await startLogprobsFake({ rule: bigram(5), model: 'fake/reference' });
      t.teardown(() => Promise.all([policy.close(), reference.close()]));
      const member = (url: string, model: string, role: string) =>
        `openai-logprobs:${url}?model=${model}&tokenizer=${tokenizer}/${role}&shape=${shape}&promptsPerRequest=3`;
      return {
        spec: `dpo:(${member(policy.url, policy.model, 'policy')},${member(reference.url, reference.model, 'reference')})`,
        backendCalls: () => policy.log.length + reference.log.length,
      };
    },
    capabilities: {
      invariance: 'exact',
      outputOptions: ['beta=0.5', 'maxLength=40', 'maxLength=40&maxPromptLength=8'],
      neutralOptions: ['beta=1&maxLength=2048&maxPromptLength=128', 'batchSize=2'],
      unchecked: { refFree: 'refused beside a reference; the reference-free forms are checked by hand in openai-logprobs.test.ts' },
      misspelt: ['bta', 'beta'],
    },
  });
}
