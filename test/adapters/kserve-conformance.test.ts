import t from 'tap';
import { testAdapter } from '../support/adapter-conformance.js';
import { clientSettings, fake, plainTemplate } from '../support/served.js';

// kserve: against the adapter contract, on the loopback fake of a KServe v2 / Triton server. The
// client tokenizes and pads each batch to its longest row, so batch-size invariance is exactly
// the check that the padding is masked (the fake's reward is a row's unmasked length).

void testAdapter(t, {
  name: 'kserve v2 infer',
  async setup(t) {
    const f = await fake(t, { kind: 'kserve', model: 'rm' });
    return { spec: `kserve:${f.url}?model=rm&tokenizer=models/mini-llama`, backendCalls: () => f.log.length };
  },
  capabilities: {
    invariance: 'exact',
    outputOptions: ['label=1', 'output=scores', 'padTokenId=7', 'maxLength=16', 'model=rm2', 'tokenizer=models/mini-bert', plainTemplate],
    // bosToken applies to a template without a tokenizer only; the last are the defaults written out.
    neutralOptions: [clientSettings, 'batchSize=2', 'bosToken=<s>', 'label=0&output=logits'],
    misspelt: ['outptu', 'output'],
  },
});
